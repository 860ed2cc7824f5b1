"""A family's "Reports and chronology" page: download each report, change the chronology.

Downloads are the page's primary actions (GET links drawn as buttons); each one is
recorded and audited by ``exports.export_report``. Each report says where it stands
(the assessment report: draft or approved, and what is missing; the chronology: entries
whose significance still needs the worker's review). Changes to the chronology (an
event left out or added, each with a reason) are form posts, then a redirect back with
a banner. "Check a file" takes an exported file and answers as ``cct verify`` does.
Parents are sent to their own plan; other staff without access get 404.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.datastructures import ImmutableMultiDict, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from app import clock, vocabulary
from app.http import lanes
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.account import Role
from app.models.report import ReportFormat, ReportKind
from app.services.context import Actor
from app.services.reporting import exports, reports_page
from app.web.deps import StaffDep
from app.web.forms import Errors, F, Form, FormDep, Parsed
from app.web.templating import flash, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)


# report, its formats, and the words on the page
REPORTS: list[tuple[ReportKind, str, list[ReportFormat]]] = [
    (kind, vocabulary.staff(kind), formats)
    for kind, formats in (
        (ReportKind.chronology, [ReportFormat.pdf, ReportFormat.docx, ReportFormat.csv]),
        (ReportKind.review, [ReportFormat.pdf, ReportFormat.docx, ReportFormat.csv]),
        (ReportKind.assessment, [ReportFormat.pdf, ReportFormat.docx, ReportFormat.csv]),
    )
]
FORMAT_WORDS = {fmt: vocabulary.staff(fmt) for fmt in ReportFormat}


def _uk_time(moment: datetime) -> str:
    """2:05pm, UK time (GOV.UK style)."""
    local = clock.local_time(moment)
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def _page_address(family_id: uuid.UUID) -> str:
    return f"/families/{family_id}/reports"


RANGE_FORM = Form(
    F("date_from", "The start date", "date", incomplete=True),
    F("date_to", "The end date", "date", incomplete=True),
)
LEAVE_OUT_FORM = Form(
    F("target_key", "Event", required="Choose the event to leave out"),
    F(
        "reason",
        "The reason",
        required="Enter why the event should be left out",
        strip=False,
        target="leave_out_reason",
    ),
    whole="target_key",
)
SIGNIFICANCE_FORM = Form(
    F("target_key", "Event", required="Choose the event", target="significance_key"),
    F(
        "significance",
        "What it means for the child",
        required="Enter what the event means for the child",
        strip=False,
        target="significance_text",
    ),
    F(
        "reason",
        "The reason",
        required="Enter why you are writing or changing it",
        strip=False,
        target="significance_reason",
    ),
    aliases={
        "significance_key": "target_key",
        "significance_text": "significance",
        "significance_reason": "reason",
    },
    whole="target_key",
)
ADD_EVENT_FORM = Form(
    F(
        "occurred_on",
        "The date of the event",
        "date",
        required="Enter the date of the event",
        incomplete=True,
    ),
    F("event", "What happened", required="Enter what happened", strip=False),
    F("source", "Source", strip=False),
    F("significance", "Significance", strip=False),
    F(
        "reason",
        "The reason",
        required="Enter why the event should be added",
        strip=False,
        target="add_reason",
    ),
    F("shared", "Shared with the family", "check"),
    whole="event",
)


def _range(params: ImmutableMultiDict[str, Any]) -> tuple[Parsed, date | None, date | None]:
    """The chronology's date range, as typed into two date inputs."""
    parsed = RANGE_FORM.parse(params)
    start, end = parsed.data.get("date_from"), parsed.data.get("date_to")
    if start and end and start > end:
        message = "The start date must be on or before the end date"
        parsed.errors.append(RANGE_FORM.error("date_from", message))
    if parsed.errors:
        return parsed, None, None
    return parsed, start, end


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    params: ImmutableMultiDict[str, Any] | None = None,
    typed: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
    checked: exports.Answer | None = None,
    checked_name: str = "",
) -> Response:
    chosen, start, end = _range(params or ImmutableMultiDict())
    range_errors = chosen.errors
    page = reports_page.overview(session, actor, family_id)
    span = urlencode(
        {k: v.isoformat() for k, v in (("date_from", start), ("date_to", end)) if v is not None}
    )
    context = {
        "page": page,
        "reports": REPORTS,
        "format_words": FORMAT_WORDS,
        "report_titles": {kind: title for kind, title, _ in REPORTS},
        "uk_time": _uk_time,
        "span": span,
        "start": start,
        "end": end,
        "range": {"from": chosen.values["date_from"], "to": chosen.values["date_to"]},
        "typed": typed or {},
        "errors": (errors or []) + range_errors,
        "checked": checked,
        "checked_name": checked_name,
        "check_max_mb": CHECK_MAX // (1024 * 1024),
        "nav": "team" if actor.role == Role.team_lead else "caseload",
    }
    return render(
        request,
        "reports_web/reports.html",
        context,
        status_code=422 if range_errors else status,
    )


@router.get("/families/{family_id}/reports")
def reports_page_view(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
) -> Response:
    return _page(request, session, actor, family_id, params=request.query_params)


@router.get("/families/{family_id}/reports/{kind}.{fmt}")
@lanes.in_a_thread  # builds a report file and records the export (a write)
def download(
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    kind: ReportKind,
    fmt: ReportFormat,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Response:
    reports_page.staff_only(session, actor, family_id)
    done = exports.export_report(session, actor, family_id, kind, fmt, start=date_from, end=date_to)
    return Response(
        done.built.content,
        media_type=done.built.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{done.built.filename}"',
            "X-Export-Id": str(done.export.id),
        },
    )


# --- checking a file handed out earlier -----------------------------------------------------

CHECK_MAX = 50 * 1024 * 1024  # the largest file checked (a 2,000-entry PDF is well under)


@dataclass(frozen=True)
class Upload:
    name: str = ""
    content: bytes = b""
    problem: str = ""


async def _upload(request: Request) -> Upload:
    """The one file posted as ``file``, or what is wrong with the upload."""
    try:
        form = await request.form(max_files=1, max_fields=5)
    except (HTTPException, MultiPartException):
        return Upload(problem="The file could not be read: choose it and upload it again")
    try:
        sent = form.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return Upload(problem="Select a file to check")
        content = await sent.read(CHECK_MAX + 1)
        name = sent.filename[:200]
    finally:
        await form.close()
    if not content:
        return Upload(problem="The selected file is empty")
    if len(content) > CHECK_MAX:
        return Upload(problem=f"The file must be smaller than {CHECK_MAX // (1024 * 1024)}MB")
    return Upload(name, content)


UploadDep = Annotated[Upload, Depends(_upload)]


@router.post("/families/{family_id}/reports/check")
def check_file(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    upload: UploadDep,
) -> Response:
    """The same answer as ``cct verify``: one of ours and unchanged? evidence changed since?"""
    reports_page.staff_only(session, actor, family_id)
    if upload.problem:
        errors = [{"text": upload.problem, "href": "#file"}]
        return _page(request, session, actor, family_id, errors=errors, status=422)
    said = exports.answer(exports.verify(session, actor, upload.content))
    return _page(request, session, actor, family_id, checked=said, checked_name=upload.name)


# --- changing the chronology ----------------------------------------------------------------


def _done(family_id: uuid.UUID, message: str) -> Response:
    response = RedirectResponse(_page_address(family_id), status_code=303)
    flash(response, message)
    return response


def _submit(
    request: Request,
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    posted: ImmutableMultiDict[str, Any],
    *,
    form: Form,
    section: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> Response:
    """One of the page's own forms: saved and back to the page with ``done``, or the
    page again with its errors and the user's input kept in ``section``."""
    parsed = form.parse(posted)
    if not parsed.errors:
        form.attempt(session, parsed, lambda: action(parsed.data))
    if parsed.errors:
        typed = {section: parsed.values}
        return _page(
            request, session, actor, family_id, typed=typed, errors=parsed.errors, status=422
        )
    return _done(family_id, done)


@router.post("/families/{family_id}/reports/leave-out")
def leave_out(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    return _submit(
        request,
        session,
        actor,
        family_id,
        posted,
        form=LEAVE_OUT_FORM,
        section="leave_out",
        action=lambda data: reports_page.leave_out(
            session, actor, family_id, data["target_key"], data["reason"]
        ),
        done="The event is left out of the chronology",
    )


@router.post("/families/{family_id}/reports/add-event")
def add_event(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    return _submit(
        request,
        session,
        actor,
        family_id,
        posted,
        form=ADD_EVENT_FORM,
        section="add",
        action=lambda data: reports_page.add_event(
            session,
            actor,
            family_id,
            occurred_on=data["occurred_on"],
            event=data["event"],
            source=data["source"],
            significance=data["significance"],
            reason=data["reason"],
            shared=data["shared"],
        ),
        done="The event is added to the chronology",
    )


@router.post("/families/{family_id}/reports/significance")
def write_significance(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    return _submit(
        request,
        session,
        actor,
        family_id,
        posted,
        form=SIGNIFICANCE_FORM,
        section="significance",
        action=lambda data: reports_page.write_significance(
            session, actor, family_id, data["target_key"], data["significance"], data["reason"]
        ),
        done="What the event means for the child is saved in the chronology",
    )
