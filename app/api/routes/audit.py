"""A family's audit trail (its team lead, administrators); failed sign-ins (administrators)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.audit import AuditEventRead
from app.services.audit import trail as audit_trail
from app.services.identity import sign_ins
from app.services.inputs import ID_MAX

router = APIRouter(route_class=AuditedRoute, tags=["audit"])


@router.get(
    "/families/{family_id}/audit",
    response_model=list[AuditEventRead],
    summary="Who read or changed this family's record, newest first",
    responses=answers(404),
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


@router.get(
    "/sign-in-failures",
    response_model=sign_ins.SignInReport,
    summary="Failed sign-ins, newest first, and the accounts and addresses locked out now",
    responses=answers(404),
)
def sign_in_failures(
    session: SessionDep,
    actor: ActorDep,
    hours: Annotated[int, Query(ge=1, le=24 * 90, description="How far back to look")] = 24,
    limit: Annotated[int, Query(ge=1, le=sign_ins.MAX_ROWS)] = 200,
) -> sign_ins.SignInReport:
    return sign_ins.report(session, actor, hours=hours, limit=limit)
