"""A family's audit trail, for the family's team lead and administrators."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.models.audit import AuditEventRead
from app.services.audit import trail as audit_trail
from app.services.inputs import ID_MAX

router = APIRouter(tags=["audit"])


@router.get(
    "/families/{family_id}/audit",
    response_model=list[AuditEventRead],
    summary="Who read or changed this family's record, newest first",
    responses=answers(403, 404),
)
def family_audit(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=audit_trail.MAX_PAGE)] = 100,
    before_id: Annotated[
        int | None, Query(ge=1, le=ID_MAX, description="Events older than this id")
    ] = None,
) -> list[AuditEventRead]:
    return audit_trail.family_events(session, actor, family_id, limit=limit, before_id=before_id)
