"""What happens to the plan: a milestone met, missed or cancelled; a reward given or
withdrawn; a consequence applied or waived. Each is evidence with a date and a note.

After a milestone's outcome the banner says which rewards became earned and which
consequences became due (the milestones service decides which).
"""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app import clock, vocabulary
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.plan import (
    Consequence,
    ConsequenceDecision,
    Milestone,
    MilestoneOutcome,
    MilestoneStatus,
    Reward,
    RewardDecision,
)
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.plan import incentives, milestones
from app.web.conflict import ConflictView, conflict_view, plain
from app.web.deps import StaffDep
from app.web.forms import Errors, F, Form, FormDep, Parsed, date_values
from app.web.labels import ACTIONS, next_actions
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

# a milestone's outcomes, as offered on the outcome form
OUTCOMES = {
    status.value: vocabulary.staff(status)
    for status in (MilestoneStatus.achieved, MilestoneStatus.missed, MilestoneStatus.cancelled)
}
PICK_OUTCOME = "Select whether the milestone was achieved or missed"
NOTE_TOO_LONG = "The note must be 2,000 characters or fewer"
WHEN = F(
    "occurred_on",
    "The date",
    kind="date",
    input="occurred-on",
    required="Enter the date",
    incomplete=True,
)
OUTCOME_FORM = Form(
    F("status", "Outcome", kind="choice", required=PICK_OUTCOME, invalid=PICK_OUTCOME),
    WHEN,
    F("note", "The note", too_long=NOTE_TOO_LONG, strip=False),
    # the milestone as the user saw it, to compare with the saved one after a conflict
    F("seen_description", "Description", strip=False),
    F("seen_due_on", "Due date"),
    whole="status",
)
DECISION_FORM = Form(
    WHEN,
    F("note", "The note", required="Enter a note saying why", too_long=NOTE_TOO_LONG, strip=False),
    whole="note",
)
OUTCOMES["cancelled"] += " (no longer part of the plan)"
MILESTONE_FIELDS = [
    ("status", "Outcome"),
    ("description", "Milestone"),
    ("due_on", "Due"),
]
DECISION_FIELDS = [("status", "Status"), ("note", "Note")]


def _list(items: list[Any]) -> str:
    return "; ".join(i.description for i in items)


def outcome_message(status: str, result: milestones.MilestoneOutcomeRead) -> str:
    """The banner after a milestone's outcome: what it set off, in words."""
    parts = [f"Milestone marked as {status}."]
    if result.rewards_earned:
        word = "Reward" if len(result.rewards_earned) == 1 else "Rewards"
        parts.append(f"{word} now earned: {_list(result.rewards_earned)}.")
    if result.consequences_due:
        word = "Consequence" if len(result.consequences_due) == 1 else "Consequences"
        parts.append(f"{word} now due: {_list(result.consequences_due)}.")
    if not (result.rewards_earned or result.consequences_due):
        parts.append("No rewards or consequences were set off.")
    return " ".join(parts)


# --- a milestone's outcome ------------------------------------------------------------------


def _outcome_page(
    request: Request,
    session: Session,
    actor: Actor,
    milestone_id: uuid.UUID,
    *,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> Response:
    view = milestones.outcome_view(session, actor, milestone_id)
    milestone = view.milestone
    typed = form or {
        "status": "",
        "occurred_on": date_values(clock.today()),
        "note": "",
        "version": str(milestone.version),
    }
    if conflict:
        typed["version"] = str(conflict.version)
    context = {
        "view": view,
        "milestone": milestone,
        "form": typed,
        "errors": errors or [],
        "conflict": conflict,
        "outcomes": OUTCOMES,
        "nav": "caseload",
    }
    return render(request, "family/milestone_outcome.html", context, status_code=status)


@router.get("/milestones/{milestone_id}/outcome")
def outcome_form(
    request: Request, session: SessionDep, actor: StaffDep, milestone_id: uuid.UUID
) -> Response:
    return _outcome_page(request, session, actor, milestone_id)


@router.post("/milestones/{milestone_id}/outcome")
def record_outcome(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    milestone_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    parsed = OUTCOME_FORM.parse(posted)
    outcome = OUTCOME_FORM.validate(MilestoneOutcome, parsed, version=parsed.version or 1)
    result = None
    if outcome is not None:
        result = OUTCOME_FORM.attempt(
            session,
            parsed,
            lambda: milestones.record_outcome(session, actor, milestone_id, outcome),
        )
    if parsed.stale_refusal is not None:
        return _milestone_conflict(request, session, actor, milestone_id, parsed)
    if result is None:
        status = 409 if parsed.refused else 422
        return _outcome_page(
            request,
            session,
            actor,
            milestone_id,
            form=parsed.values,
            errors=parsed.errors,
            status=status,
        )
    return done(
        f"/families/{result.milestone.family_id}/plan",
        outcome_message(str(parsed.values["status"]), result),
    )


def _milestone_conflict(
    request: Request, session: Session, actor: Actor, milestone_id: uuid.UUID, parsed: Parsed
) -> Response:
    assert parsed.stale_refusal is not None
    typed = parsed.values
    view = conflict_view(
        session,
        actor,
        parsed.stale_refusal,
        Milestone,
        milestone_id,
        entity="milestone",
        fields=MILESTONE_FIELDS,
        yours={
            "status": typed["status"],
            "description": typed["seen_description"],
            "due_on": typed["seen_due_on"],
        },
        display=_plain_status,
    )
    return _outcome_page(
        request, session, actor, milestone_id, form=typed, conflict=view, status=409
    )


def _plain_status(field: str, value: Any) -> str:
    if field == "status" and isinstance(value, str):
        return vocabulary.staff(value, MilestoneStatus)
    return plain(field, value)


# --- deciding on a reward or a consequence --------------------------------------------------


def _load(session: Session, actor: Actor, kind: str, record_id: uuid.UUID) -> Reward | Consequence:
    if kind == "reward":
        return incentives.get_reward(session, actor, record_id)
    return incentives.get_consequence(session, actor, record_id)


def _decision_page(
    request: Request,
    session: Session,
    actor: Actor,
    kind: str,
    action: str,
    record_id: uuid.UUID,
    *,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> Response:
    record = _load(session, actor, kind, record_id)
    offered = dict(next_actions(record, kind))
    if action not in offered and conflict is None:
        # not a step this record can take now (it may have moved on): nothing to show
        raise NotFound(kind)
    typed = form or {
        "occurred_on": date_values(clock.today()),
        "note": "",
        "version": str(record.version),
    }
    if conflict:
        typed["version"] = str(conflict.version)
    context = {
        "kind": kind,
        "action": action,
        "words": ACTIONS[kind][action][1],
        "record": record,
        "form": typed,
        "errors": errors or [],
        "conflict": conflict,
        "nav": "caseload",
    }
    return render(request, "family/decision.html", context, status_code=status)


def _decide(
    request: Request,
    session: Session,
    actor: Actor,
    kind: str,
    action: str,
    record_id: uuid.UUID,
    posted: FormData,
) -> Response:
    if action not in ACTIONS[kind]:
        raise NotFound(kind)
    status = ACTIONS[kind][action][0]
    parsed = DECISION_FORM.parse(posted)
    model = RewardDecision if kind == "reward" else ConsequenceDecision
    decision = DECISION_FORM.validate(model, parsed, version=parsed.version or 1, status=status)
    record: Any = None
    if isinstance(decision, RewardDecision):
        record = DECISION_FORM.attempt(
            session, parsed, lambda: incentives.decide_reward(session, actor, record_id, decision)
        )
    elif isinstance(decision, ConsequenceDecision):
        record = DECISION_FORM.attempt(
            session,
            parsed,
            lambda: incentives.decide_consequence(session, actor, record_id, decision),
        )
    conflict = None
    if parsed.stale_refusal is not None:
        conflict = conflict_view(
            session,
            actor,
            parsed.stale_refusal,
            Reward if kind == "reward" else Consequence,
            record_id,
            entity=kind,
            fields=DECISION_FIELDS,
            yours={"status": status, "note": parsed.values["note"]},
            display=_plain_status,
        )
    if record is None:
        return _decision_page(
            request,
            session,
            actor,
            kind,
            action,
            record_id,
            form=parsed.values,
            errors=[] if conflict else parsed.errors,
            conflict=conflict,
            status=409 if parsed.refused else 422,
        )
    return done(
        f"/families/{record.family_id}/plan",
        f"{kind.capitalize()} {status}: {record.description}",
    )


@router.get("/rewards/{record_id}/{action}")
def reward_form(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID, action: str
) -> Response:
    if action not in ACTIONS["reward"]:
        raise NotFound("page")
    return _decision_page(request, session, actor, "reward", action, record_id)


@router.post("/rewards/{record_id}/{action}")
def decide_reward(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    record_id: uuid.UUID,
    action: str,
    form: FormDep,
) -> Response:
    return _decide(request, session, actor, "reward", action, record_id, form)


@router.get("/consequences/{record_id}/{action}")
def consequence_form(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID, action: str
) -> Response:
    if action not in ACTIONS["consequence"]:
        raise NotFound("page")
    return _decision_page(request, session, actor, "consequence", action, record_id)


@router.post("/consequences/{record_id}/{action}")
def decide_consequence(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    record_id: uuid.UUID,
    action: str,
    form: FormDep,
) -> Response:
    return _decide(request, session, actor, "consequence", action, record_id, form)
