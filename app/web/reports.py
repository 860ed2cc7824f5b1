"""A family's "Reports and chronology" page: download each report, change the chronology.

Downloads are plain GET links; each one is recorded and audited by
``exports.export_report``. Changes to the chronology (an event left out or
added, each with a reason) are form posts, then a redirect back with a banner.
Parents are sent to their own plan; other staff without access get 404.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from app import clock, vocabulary
from app.http.deps import SessionDep
from app.models.account import Role
from app.models.report import ReportFormat, ReportKind
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.reporting import exports, reports_page
from app.web.deps import StaffDep
from app.web.templating import flash, render

router = APIRouter(include_in_schema=False)

Errors = list[dict[str, str]]
PARTS = ("day", "month", "year")

# report, its formats, and the words on the page
REPORTS: list[tuple[ReportKind, str, list[ReportFormat]]] = [
    (kind, vocabulary.staff(kind), formats)
    for kind, formats in (
        (ReportKind.chronology, [ReportFormat.pdf, ReportFormat.docx, ReportFormat.csv]),
        (ReportKind.review, [ReportFormat.pdf, ReportFormat.docx]),
        (ReportKind.assessment, [ReportFormat.pdf, ReportFormat.docx]),
    )
]
FORMAT_WORDS = {fmt: vocabulary.staff(fmt) for fmt in ReportFormat}
# service fields → the form field the message sits beside
FIELD_IDS = {"occurred_on": "occurred_on-day", "date_from": "date_from-day"}


def _uk_time(moment: datetime) -> str:
    """2:05pm, UK time (GOV.UK style)."""
    local = clock.local_time(moment)
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def _page_address(family_id: uuid.UUID) -> str:
    return f"/families/{family_id}/reports"


def _error(field: str, text: str) -> dict[str, str]:
    return {"text": text, "href": f"#{FIELD_IDS.get(field, field)}"}


def _read_date(typed: dict[str, str], what: str, required: bool) -> tuple[date | None, str | None]:
    """The date in a GOV.UK date input's three boxes, or the message to show."""
    if not any(typed.values()):
        return None, (f"Enter {what}" if required else None)
    missing = [part for part in PARTS if not typed.get(part)]
    if missing:
        return None, f"{what.capitalize()} must include a {' and a '.join(missing)}"
    try:
        day = date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except ValueError:
        return None, f"{what.capitalize()} must be a real date"
    if day.year < 1900:
        return None, f"{what.capitalize()} must be a real date"
    return day, None


# --- the page --------------------------------------------------------------------------------


class RangeQuery(BaseModel):
    """The chronology's date range, as typed into two date inputs."""

    model_config = ConfigDict(populate_by_name=True)
    from_day: str = Field("", alias="date_from-day", max_length=10)
    from_month: str = Field("", alias="date_from-month", max_length=10)
    from_year: str = Field("", alias="date_from-year", max_length=10)
    to_day: str = Field("", alias="date_to-day", max_length=10)
    to_month: str = Field("", alias="date_to-month", max_length=10)
    to_year: str = Field("", alias="date_to-year", max_length=10)

    def typed(self, which: str) -> dict[str, str]:
        return {part: getattr(self, f"{which}_{part}").strip() for part in PARTS}


def _range(query: RangeQuery) -> tuple[date | None, date | None, Errors]:
    start, start_error = _read_date(query.typed("from"), "the start date", required=False)
    end, end_error = _read_date(query.typed("to"), "the end date", required=False)
    errors = [_error("date_from-day", m) for m in [start_error] if m]
    errors += [_error("date_to-day", m) for m in [end_error] if m]
    if start and end and start > end:
        errors.append(_error("date_from", "The start date must be on or before the end date"))
    if errors:
        return None, None, errors
    return start, end, []


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    query: RangeQuery | None = None,
    typed: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    query = query or RangeQuery()
    start, end, range_errors = _range(query)
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
        "range": {"from": query.typed("from"), "to": query.typed("to")},
        "typed": typed or {},
        "errors": (errors or []) + range_errors,
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
    query: Annotated[RangeQuery, Query()],
) -> Response:
    return _page(request, session, actor, family_id, query=query)


@router.get("/families/{family_id}/reports/{kind}.{fmt}")
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


# --- changing the chronology ----------------------------------------------------------------


class LeaveOutForm(BaseModel):
    target_key: str = Field("", max_length=200)
    reason: str = ""


class AddEventForm(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    day: str = Field("", alias="occurred_on-day", max_length=10)
    month: str = Field("", alias="occurred_on-month", max_length=10)
    year: str = Field("", alias="occurred_on-year", max_length=10)
    event: str = ""
    source: str = ""
    significance: str = ""
    reason: str = ""
    shared: str = ""


def _done(family_id: uuid.UUID, message: str) -> Response:
    response = RedirectResponse(_page_address(family_id), status_code=303)
    flash(response, message)
    return response


@router.post("/families/{family_id}/reports/leave-out")
def leave_out(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    form: Annotated[LeaveOutForm, Form()],
) -> Response:
    errors: Errors = []
    if not form.target_key:
        errors.append(_error("target_key", "Choose the event to leave out"))
    if not form.reason.strip():
        errors.append(_error("leave_out_reason", "Enter why the event should be left out"))
    if not errors:
        try:
            reports_page.leave_out(session, actor, family_id, form.target_key, form.reason)
        except Invalid as exc:
            session.rollback()
            field = "leave_out_reason" if exc.field == "reason" else exc.field
            errors.append(_error(field, exc.message))
    if errors:
        typed = {"leave_out": form.model_dump()}
        return _page(request, session, actor, family_id, typed=typed, errors=errors, status=422)
    return _done(family_id, "The event is left out of the chronology")


@router.post("/families/{family_id}/reports/add-event")
def add_event(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    form: Annotated[AddEventForm, Form()],
) -> Response:
    typed_date = {"day": form.day.strip(), "month": form.month.strip(), "year": form.year.strip()}
    occurred_on, date_error = _read_date(typed_date, "the date of the event", required=True)
    errors: Errors = []
    if date_error:
        errors.append(_error("occurred_on", date_error))
    if not form.event.strip():
        errors.append(_error("event", "Enter what happened"))
    if not form.reason.strip():
        errors.append(_error("add_reason", "Enter why the event should be added"))
    if not errors and occurred_on is not None:
        try:
            reports_page.add_event(
                session,
                actor,
                family_id,
                occurred_on=occurred_on,
                event=form.event,
                source=form.source,
                significance=form.significance,
                reason=form.reason,
                shared=form.shared == "yes",
            )
        except Invalid as exc:
            session.rollback()
            errors.append(_error("add_reason" if exc.field == "reason" else exc.field, exc.message))
    if errors:
        typed = {"add": form.model_dump() | {"occurred_on": typed_date}}
        return _page(request, session, actor, family_id, typed=typed, errors=errors, status=422)
    return _done(family_id, "The event is added to the chronology")
