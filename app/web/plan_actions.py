"""What happens to the plan: a milestone met, missed or cancelled; a reward given or
withdrawn; a consequence applied or waived. Each is evidence with a date and a note.

After a milestone's outcome the banner says which rewards became earned and which
consequences became due (the milestones service decides which).
"""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session

from app import clock, vocabulary
from app.http.deps import SessionDep
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
from app.services.errors import Conflict, Invalid, NotFound
from app.services.plan import incentives, milestones
from app.web import forms
from app.web.conflict import ConflictView, conflict_view, is_stale, plain
from app.web.deps import StaffDep
from app.web.forms import Errors, FormDep
from app.web.labels import ACTIONS, next_actions
from app.web.templating import flash, render

router = APIRouter(include_in_schema=False)

# a milestone's outcomes, as offered on the outcome form
OUTCOMES = {
    status.value: vocabulary.staff(status)
    for status in (MilestoneStatus.achieved, MilestoneStatus.missed, MilestoneStatus.cancelled)
}
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
        "occurred_on": forms.date_fields(clock.today()),
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
    form: FormDep,
) -> Response:
    occurred_on, typed_date, problem = forms.read_date(form, "occurred-on", "the date")
    typed: dict[str, Any] = {
        "status": forms.one(form, "status"),
        "occurred_on": typed_date,
        "note": forms.one(form, "note", strip=False),
        "version": forms.one(form, "version"),
        # the milestone as the user saw it, to compare with the saved one after a conflict
        "seen_description": forms.one(form, "seen_description", strip=False),
        "seen_due_on": forms.one(form, "seen_due_on"),
    }
    errors: Errors = []
    if typed["status"] not in OUTCOMES:
        errors.append(forms.error("status", "Select whether the milestone was achieved or missed"))
    if problem:
        errors.append(forms.error("occurred-on-day", problem))
    version = _version(typed["version"])
    if not errors:
        try:
            outcome = MilestoneOutcome(
                version=version or 1,
                status=MilestoneStatus(typed["status"]),
                occurred_on=occurred_on or clock.today(),
                note=typed["note"],
            )
            result = milestones.record_outcome(session, actor, milestone_id, outcome)
        except ValidationError:
            errors.append(forms.error("note", "The note must be 2,000 characters or fewer"))
        except Invalid as exc:
            errors = forms.from_invalid(exc, {"occurred_on": "occurred-on-day", "note": "note"})
        except Conflict as exc:
            session.rollback()
            return _milestone_conflict(request, session, actor, milestone_id, exc, typed, version)
    if errors:
        session.rollback()
        return _outcome_page(
            request, session, actor, milestone_id, form=typed, errors=errors, status=422
        )
    response = RedirectResponse(f"/families/{result.milestone.family_id}", status_code=303)
    flash(response, outcome_message(typed["status"], result))
    return response


def _version(raw: str) -> int | None:
    try:
        return int(raw)
    except ValueError:
        return None


def _milestone_conflict(
    request: Request,
    session: Session,
    actor: Actor,
    milestone_id: uuid.UUID,
    exc: Conflict,
    typed: dict[str, Any],
    version: int | None,
) -> Response:
    if not is_stale(exc, version):
        errors = [forms.error("status", exc.message)]
        return _outcome_page(
            request, session, actor, milestone_id, form=typed, errors=errors, status=409
        )
    view = conflict_view(
        session,
        actor,
        exc,
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
        "occurred_on": forms.date_fields(clock.today()),
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
    form: forms.Form,
) -> Response:
    if action not in ACTIONS[kind]:
        raise NotFound(kind)
    occurred_on, typed_date, problem = forms.read_date(form, "occurred-on", "the date")
    typed: dict[str, Any] = {
        "occurred_on": typed_date,
        "note": forms.one(form, "note", strip=False),
        "version": forms.one(form, "version"),
    }
    errors: Errors = []
    if problem:
        errors.append(forms.error("occurred-on-day", problem))
    if not typed["note"].strip():
        errors.append(forms.error("note", "Enter a note saying why"))
    elif len(typed["note"]) > 2000:
        errors.append(forms.error("note", "The note must be 2,000 characters or fewer"))
    version = _version(typed["version"])
    status = ACTIONS[kind][action][0]
    if not errors and occurred_on is not None:
        try:
            if kind == "reward":
                decision = RewardDecision(
                    version=version or 1,
                    status=status,  # type: ignore[arg-type]
                    occurred_on=occurred_on,
                    note=typed["note"],
                )
                record: Any = incentives.decide_reward(session, actor, record_id, decision)
            else:
                choice = ConsequenceDecision(
                    version=version or 1,
                    status=status,  # type: ignore[arg-type]
                    occurred_on=occurred_on,
                    note=typed["note"],
                )
                record = incentives.decide_consequence(session, actor, record_id, choice)
        except Invalid as exc:
            errors = forms.from_invalid(exc, {"occurred_on": "occurred-on-day", "note": "note"})
        except Conflict as exc:
            session.rollback()
            if not is_stale(exc, version):
                errors = [forms.error("note", exc.message)]
                return _decision_page(
                    request, session, actor, kind, action, record_id, form=typed, errors=errors
                )
            view = conflict_view(
                session,
                actor,
                exc,
                Reward if kind == "reward" else Consequence,
                record_id,
                entity=kind,
                fields=DECISION_FIELDS,
                yours={"status": status, "note": typed["note"]},
                display=_plain_status,
            )
            return _decision_page(
                request,
                session,
                actor,
                kind,
                action,
                record_id,
                form=typed,
                conflict=view,
                status=409,
            )
    if errors:
        session.rollback()
        return _decision_page(
            request, session, actor, kind, action, record_id, form=typed, errors=errors, status=422
        )
    response = RedirectResponse(f"/families/{record.family_id}", status_code=303)
    flash(response, f"{kind.capitalize()} {status}: {record.description}")
    return response


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
