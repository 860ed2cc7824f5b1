"""Recording a family-level event that belongs to no goal, and amending one.

Viewing an event with its history and marking it entered in error are the
shared record pages (``app.web.records``).
"""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import FormData

from app import clock
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.cases import families
from app.services.evidence import case_events
from app.services.evidence.case_events import PARENT_ROLES, CaseEventAmend, CaseEventCreate
from app.web.deps import StaffDep
from app.web.forms import F, Form, FormDep, Parsed, form_context
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

# the "Who is it about?" answer for an event about the whole family
WHOLE_FAMILY = "family"

_FIELDS = (
    F("occurred_on", "Date it happened", "date", required="Enter the date it happened"),
    F("source", "Where it came from", "choice", required="Select where the account came from"),
    F("reported_by", "Who reported it"),
    F("document_reference", "Document reference"),
    F("what_happened", "What happened", required="Enter what happened"),
    F(
        "significance_for_child",
        "What it means for the child",
        required="Enter what this event means for the child",
    ),
    F("visibility", "Who can read it", "choice", required="Select who can read it"),
    F("member_id", "Who it is about", "choice", default=WHOLE_FAMILY),
)
NEW_EVENT = Form(*_FIELDS, whole="occurred_on")
AMEND_EVENT = Form(
    F("reason", "Why you are amending it", required="Enter why you are amending this event"),
    *_FIELDS,
    whole="reason",
)


def _page(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    members = families.list_members(session, actor, family_id)
    parents = [(m.id, m.full_name) for m in members if m.role in PARENT_ROLES]
    context = context | {"parents": parents, "whole_family": WHOLE_FAMILY}
    return render(request, "family/event_form.html", context, status_code=status)


def _parse(form: Form, posted: FormData) -> Parsed:
    """The posted form, with "the whole family" as no parent."""
    parsed = form.parse(posted)
    if parsed.data.get("member_id") == WHOLE_FAMILY:
        parsed.data["member_id"] = None
    return parsed


@router.get("/families/{family_id}/events/new")
def new_event_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    family = families.get_family(session, actor, family_id)
    values = NEW_EVENT.values_of(
        {"occurred_on": clock.today(), "visibility": "internal", "member_id": WHOLE_FAMILY}
    )
    return _page(request, session, actor, family.id, {"values": values, "family": family})


@router.post("/families/{family_id}/events/new")
def create_event(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    parsed = _parse(NEW_EVENT, form)
    data = NEW_EVENT.validate(CaseEventCreate, parsed)
    if data is not None:
        made = NEW_EVENT.attempt(
            session, parsed, lambda: case_events.create_event(session, actor, family_id, data)
        )
        if made is not None:
            return done(f"/families/{family_id}/timeline", "Event recorded")
    family = families.get_family(session, actor, family_id)
    context = form_context(parsed, family=family)
    return _page(request, session, actor, family.id, context, parsed.status)


def _amend_context(parsed_values: dict[str, Any], record: Any, parsed: Parsed | None) -> Any:
    context = form_context(parsed) if parsed else {"values": parsed_values}
    return context | {"record": record}


@router.get("/events/{record_id}/amend")
def amend_event_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    record = case_events.get_event(session, actor, record_id).event
    values = AMEND_EVENT.values_of(
        record.model_dump(mode="python")
        | {"reason": "", "member_id": record.member_id or WHOLE_FAMILY}
    )
    return _page(request, session, actor, record.family_id, _amend_context(values, record, None))


@router.post("/events/{record_id}/amend")
def amend_event(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, record_id: uuid.UUID
) -> Response:
    parsed = _parse(AMEND_EVENT, form)
    data = AMEND_EVENT.validate(CaseEventAmend, parsed)
    if data is not None:
        made = AMEND_EVENT.attempt(
            session, parsed, lambda: case_events.amend_event(session, actor, record_id, data)
        )
        if made is not None:
            return done(f"/events/{made.id}", "Event amended; the earlier version stays readable")
    record = case_events.get_event(session, actor, record_id).event
    context = _amend_context(parsed.values, record, parsed)
    return _page(request, session, actor, record.family_id, context, parsed.status)
