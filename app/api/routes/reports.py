"""Reports as files: chronology, review and assessment report in PDF, DOCX or CSV."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http import lanes
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.report import ReportFormat, ReportKind
from app.services.reporting import exports

router = APIRouter(route_class=AuditedRoute, tags=["reports"])


@router.get(
    "/families/{family_id}/reports/{kind}.{fmt}",
    summary="Export a report of the family (recorded and audited)",
    response_class=Response,
    responses={
        200: {
            "description": "The report file",
            "content": {
                "application/pdf": {},
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
                "text/csv": {},
            },
        },
        **answers(404),
    },
)
@lanes.in_a_thread  # builds a report file and records the export (a write)
def export_report(
    session: SessionDep,
    actor: ActorDep,
    family_id: uuid.UUID,
    kind: ReportKind,
    fmt: ReportFormat,
    date_from: Annotated[date | None, Query(description="Chronology from this date")] = None,
    date_to: Annotated[date | None, Query(description="Chronology up to this date")] = None,
) -> Response:
    done = exports.export_report(session, actor, family_id, kind, fmt, start=date_from, end=date_to)
    return Response(
        done.built.content,
        media_type=done.built.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{done.built.filename}"',
            "X-Export-Id": str(done.export.id),
            "X-Evidence-SHA256": done.built.sealed.sha256,
            "Cache-Control": "no-store",
        },
    )
