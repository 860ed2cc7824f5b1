"""The quick log (a progress entry, or an event outside the plan), and amending an entry.

The quick log is a page of its own (one tap from the family page and the caseload)
and also sits on the family page, where htmx adds the new entry to the top of the
timeline without a reload. Without JavaScript it is a plain form post that goes
back to the family page with a success banner.
"""

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.datastructures import FormData

from app import vocabulary
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.evidence import Significance, Source, Visibility
from app.services.context import Actor
from app.services.errors import Conflict
from app.services.evidence import case_events, corrections, entries
from app.services.evidence.case_events import CaseEventCreate
from app.services.evidence.entries import EntryAmend, EntryCreate, EntryRead
from app.services.plan import goals
from app.services.views import family_page
from app.web import log_form
from app.web.conflict import ConflictView, differences, plain, when
from app.web.deps import StaffDep
from app.web.family_timeline import NO_FILTERS, quick_log_defaults, timeline_for
from app.web.forms import Errors, FormDep, as_uuid, date_values
from app.web.labels import level_words
from app.web.templating import done, flash, is_fragment_request, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

LOGGED = "Progress entry recorded"
EVENT_LOGGED = "Event outside the plan recorded"
AMENDED = "Entry amended. The earlier version is kept in its history"
ENTRY_FIELDS = [
    ("gas_score", "Score"),
    ("observation", "What was seen or heard"),
    ("source", "Where it came from"),
    ("document_reference", "Document reference"),
    ("occurred_on", "Date it happened"),
    ("significance", "Significance"),
    ("visibility", "Who can read it"),
]


def logged_message(recorded: entries.Recorded) -> str:
    """The banner after the quick log: what was saved and what it set off."""
    relapse = recorded.relapse
    if not relapse.relapsed:
        return f"{LOGGED}."
    parts = [f"{LOGGED}. This is a relapse: the score {relapse.reason}."]
    due = relapse.consequences_due
    if due:
        word = "Consequence" if len(due) == 1 else "Consequences"
        parts.append(f"{word} now due: {'; '.join(c.description for c in due)}.")
    parts.append("A new stage-of-change rating is due.")
    return " ".join(parts)


def _log_page(
    request: Request,
    plan: family_page.StaffPlan,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    context = quick_log_defaults(plan, request.query_params.get("goal", ""))
    if form is not None:
        context["log_form"] = form
    context |= {
        "family": plan.family,
        "log_errors": errors or [],
        "errors": errors or [],
        "nav": "caseload",
    }
    if errors and is_fragment_request(request):
        # the form on the family page: swap just the form, with its own error summary
        return render(
            request,
            "family/log.html",
            context | {"inline_errors": True, "embedded": True},
            status_code=422,
            fragment="form",
            headers={"HX-Retarget": "#quick-log-form", "HX-Reswap": "outerHTML"},
        )
    return render(request, "family/log.html", context, status_code=422 if errors else 200)


@router.get("/families/{family_id}/log")
def quick_log(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    return _log_page(request, family_page.staff_plan(session, actor, family_id))


@router.post("/families/{family_id}/log")
def record_entry(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    family_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    plan = family_page.staff_plan(session, actor, family_id)
    if log_form.is_event(posted):
        return _record_event(request, session, actor, plan, posted)
    choices = log_form.open_goals(plan)
    goal_id = log_form.chosen_goal(posted, choices)
    form = log_form.log_questions(choices, goal_id)
    parsed = form.parse(posted)
    data = form.validate(EntryCreate, parsed, **log_form.entry_fields(parsed))
    recorded = None
    if data is not None and goal_id is not None:
        recorded = form.attempt(
            session, parsed, lambda: entries.record_entry(session, actor, goal_id, data)
        )
    if recorded is None:
        return _log_page(request, plan, log_form.shown(parsed), parsed.errors)
    return _logged(request, session, actor, plan, logged_message(recorded))


def _logged(
    request: Request,
    session: Session,
    actor: Actor,
    plan: family_page.StaffPlan,
    message: str,
) -> Response:
    """After a quick log: the refreshed timeline (htmx) or back to the family page."""
    family_id = plan.family.id
    if is_fragment_request(request):
        context = timeline_for(session, actor, family_id, NO_FILTERS, 1)
        context |= {"logged": message, "embedded": True}
        return render(request, "family/logged.html", context, fragment="logged")
    # the top of the Timeline page, where the banner is and the new record heads the list
    response = RedirectResponse(f"/families/{family_id}/timeline", status_code=303)
    flash(response, message)
    return response


def _record_event(
    request: Request,
    session: Session,
    actor: Actor,
    plan: family_page.StaffPlan,
    posted: FormData,
) -> Response:
    """The quick log's "event outside the plan" option: a case event, no goal."""
    form = log_form.EVENT_FORM
    parsed = form.parse(posted)
    data = form.validate(
        CaseEventCreate,
        parsed,
        source=parsed.data.get("event_source"),
        what_happened=parsed.data.get("observation"),
    )
    if data is not None:
        form.attempt(
            session, parsed, lambda: case_events.create_event(session, actor, plan.family.id, data)
        )
    if parsed.errors:
        typed = log_form.shown(
            parsed, goal_id=log_form.EVENT, significant=True, source=posted.get("source", "")
        )
        return _log_page(request, plan, typed, parsed.errors)
    return _logged(request, session, actor, plan, EVENT_LOGGED)


def _blank() -> dict[str, str]:
    return {"day": "", "month": "", "year": ""}


# --- amending an entry --------------------------------------------------------------------


def _entry_form(entry: EntryRead) -> dict[str, Any]:
    return {
        "goal_id": str(entry.goal_id),
        "score": log_form.NOT_SCORED if entry.gas_score is None else str(entry.gas_score),
        "observation": entry.observation,
        "source": entry.source.value,
        "document_reference": entry.document_reference,
        "occurred_on": date_values(entry.occurred_on),
        "significant": entry.significance.value == "significant",
        "visibility": entry.visibility.value,
        "parent_ids": [str(p) for p in entry.parent_ids],
        "significance_for_child": entry.significance_for_child,
        "significance_needs_review": entry.significance_needs_review,
        "confirm_significance": False,
        "reason": "",
    }


def _amend_page(
    request: Request,
    session: Session,
    actor: Actor,
    entry_id: uuid.UUID,
    *,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> Response:
    history = entries.get_entry(session, actor, entry_id)
    entry = history.entry
    goal = goals.get_goal(session, actor, entry.goal_id)
    plan = family_page.staff_plan(session, actor, entry.family_id)
    context = {
        "entry": entry,
        "family": plan.family,
        "goal": goal,
        "log_goals": [goal],
        "log_parents": [s.member for s in plan.stages if s.member.id in goal.parent_ids],
        "log_form": form or _entry_form(entry),
        "log_errors": errors or [],
        "errors": errors or [],
        "conflict": conflict,
        "nav": "caseload",
    }
    return render(request, "family/amend_entry.html", context, status_code=status)


@router.get("/entries/{entry_id}/amend")
def amend_entry_form(
    request: Request, session: SessionDep, actor: StaffDep, entry_id: uuid.UUID
) -> Response:
    return _amend_page(request, session, actor, entry_id)


@router.post("/entries/{entry_id}/amend")
def amend_entry(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    entry_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    history = entries.get_entry(session, actor, entry_id)
    before = history.entry
    goal = goals.get_goal(session, actor, before.goal_id)
    form = log_form.log_questions([goal], goal.id, amending=True)
    parsed = form.parse(posted)
    typed = log_form.shown(
        parsed, goal_id=str(goal.id), significance_needs_review=before.significance_needs_review
    )
    data = form.validate(EntryCreate, parsed, **log_form.entry_fields(parsed))
    if data is None:
        return _amend_page(
            request, session, actor, entry_id, form=typed, errors=parsed.errors, status=422
        )
    sent = data.model_dump(exclude_unset=False)
    if (
        before.significance_needs_review
        and data.significance_for_child.strip() == before.significance_for_child.strip()
        and not parsed.data["confirm_significance"]
    ):
        # the suggestion left as it was and not confirmed: it still needs review
        del sent["significance_for_child"]
    changes = EntryAmend.model_validate(sent | {"reason": parsed.data["reason"]})
    new = form.attempt(
        session, parsed, lambda: entries.amend_entry(session, actor, entry_id, changes)
    )
    if new is not None:
        return done(f"/entries/{new.id}", AMENDED)
    view, latest = None, None
    if parsed.refusal is not None:
        yours = data.model_dump(mode="json")
        view = evidence_conflict(
            session, parsed.refusal, "progress entry", ENTRY_FIELDS, yours, _show
        )
        latest = parsed.refusal.current.get("id")
    if view is None or not latest:
        status = 409 if parsed.refused else 422
        return _amend_page(
            request, session, actor, entry_id, form=typed, errors=parsed.errors, status=status
        )
    return _amend_page(
        request, session, actor, uuid.UUID(str(latest)), form=typed, conflict=view, status=409
    )


def _show(field: str, value: Any) -> str:
    if field == "gas_score":
        return level_words(value)
    if field == "source":
        return vocabulary.staff(value, Source)
    if field == "visibility":
        return vocabulary.staff(value, Visibility)
    if field == "significance":
        return vocabulary.staff(value, Significance)
    return plain(field, value)


def evidence_conflict(
    session: Session,
    exc: Conflict,
    entity: str,
    fields: list[tuple[str, str]],
    yours: dict[str, Any],
    display: Any,
) -> ConflictView | None:
    """Someone amended the record first: who and when come from their version itself.

    None when the record was instead marked entered in error (it cannot be amended).
    """
    current = exc.current
    if not current or current.get("entered_in_error_at"):
        return None
    at = current.get("recorded_at")
    moment = _parse_time(at)
    by_id = as_uuid(current.get("recorded_by_id", ""))
    names = corrections.user_names(session, [by_id] if by_id else [])
    return ConflictView(
        entity=entity,
        by=names.get(by_id, "someone else") if by_id else "someone else",
        when=when(moment) if moment else "a moment ago",
        at=moment,
        rows=differences(current, yours, fields, display),
        version=0,
    )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
