"""Forms for the rewards and consequences agreed with a family, linked to a goal or milestone."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app import vocabulary
from app.http.deps import SessionDep
from app.models.plan import Consequence, IncentiveCreate, IncentiveUpdate, Reward, Trigger
from app.services.context import Actor
from app.services.plan import choices as plan_choices
from app.services.plan import incentives
from app.web.deps import StaffDep
from app.web.plan_forms import F, Form, FormDep, Parsed, done, form_context
from app.web.templating import render

router = APIRouter(include_in_schema=False)

INCENTIVE = Form(
    F("link", "Linked to", "choice", required="Select the goal or milestone it is linked to"),
    F("description", "What was agreed", required="Describe what was agreed"),
    F("trigger", "When it happens", "choice", required="Select when it happens"),
    aliases={"goal_id": "link", "milestone_id": "link"},
    whole="link",
)
EDIT_INCENTIVE = Form(
    F("description", "What was agreed", required="Describe what was agreed"), whole="description"
)


@dataclass(frozen=True)
class _Kind:
    """A reward or a consequence: its words, model and services."""

    path: str
    noun: str
    model: type[Reward] | type[Consequence]
    triggers: list[tuple[str, str]]  # (value, words), the first the default
    create: Callable[..., Any]
    get: Callable[..., Any]
    update: Callable[..., Any]


REWARD = _Kind(
    "rewards",
    "reward",
    Reward,
    vocabulary.choices(Trigger, only=(Trigger.milestone_achieved, Trigger.manual)),
    incentives.create_reward,
    incentives.get_reward,
    incentives.update_reward,
)
CONSEQUENCE = _Kind(
    "consequences",
    "consequence",
    Consequence,
    vocabulary.choices(Trigger, only=(Trigger.milestone_missed, Trigger.relapse, Trigger.manual)),
    incentives.create_consequence,
    incentives.get_consequence,
    incentives.update_consequence,
)


def _links(parsed: Parsed) -> dict[str, Any]:
    """ "goal:<id>" or "milestone:<id>" from the one question, as the service's two fields."""
    kind, _, raw = str(parsed.data.get("link", "")).partition(":")
    try:
        found = uuid.UUID(raw)
    except ValueError:
        return {}
    return {"goal_id": found} if kind == "goal" else {"milestone_id": found}


def _incentive_page(
    request: Request,
    session: Session,
    actor: Actor,
    kind: _Kind,
    family_id: uuid.UUID,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    choices = plan_choices.goals_and_milestones(session, actor, family_id)
    context |= {"kind": kind, "choices": choices, "family_id": family_id}
    return render(request, "plan/incentive_form.html", context, status_code=status)


def _new_page(
    request: Request, session: Session, actor: Actor, kind: _Kind, family_id: uuid.UUID
) -> Response:
    values = INCENTIVE.values_of({"trigger": kind.triggers[0][0]})
    link = request.query_params.get("link", "")
    if link.startswith(("goal:", "milestone:")):
        values["link"] = link
    return _incentive_page(request, session, actor, kind, family_id, {"values": values})


def _create(
    request: Request,
    session: Session,
    actor: Actor,
    kind: _Kind,
    family_id: uuid.UUID,
    form: FormData,
) -> Response:
    parsed = INCENTIVE.parse(form)
    data = INCENTIVE.validate(IncentiveCreate, parsed, **_links(parsed))
    if data is not None:
        made = INCENTIVE.attempt(
            session, parsed, lambda: kind.create(session, actor, family_id, data)
        )
        if made is not None:
            return done(f"/families/{family_id}", f"{kind.noun.capitalize()} added")
    context = form_context(parsed)
    return _incentive_page(request, session, actor, kind, family_id, context, parsed.status)


def _edit_page(
    request: Request, session: Session, actor: Actor, kind: _Kind, record_id: uuid.UUID
) -> Response:
    record = kind.get(session, actor, record_id)
    context = {"values": EDIT_INCENTIVE.values_of(record.model_dump()), "record": record}
    return _incentive_page(request, session, actor, kind, record.family_id, context)


def _edit(
    request: Request,
    session: Session,
    actor: Actor,
    kind: _Kind,
    record_id: uuid.UUID,
    form: FormData,
) -> Response:
    parsed = EDIT_INCENTIVE.parse(form)
    changes = EDIT_INCENTIVE.validate(IncentiveUpdate, parsed)
    if changes is not None:
        saved = EDIT_INCENTIVE.attempt(
            session, parsed, lambda: kind.update(session, actor, record_id, changes)
        )
        if saved is not None:
            return done(f"/families/{saved.family_id}", f"{kind.noun.capitalize()} saved")
        EDIT_INCENTIVE.stale(session, actor, parsed, kind.model, record_id, kind.noun, changes)
    record = kind.get(session, actor, record_id)
    context = form_context(parsed, record=record)
    return _incentive_page(request, session, actor, kind, record.family_id, context, parsed.status)


@router.get("/families/{family_id}/rewards/new")
def new_reward_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    return _new_page(request, session, actor, REWARD, family_id)


@router.post("/families/{family_id}/rewards/new")
def new_reward(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    return _create(request, session, actor, REWARD, family_id, form)


@router.get("/families/{family_id}/consequences/new")
def new_consequence_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    return _new_page(request, session, actor, CONSEQUENCE, family_id)


@router.post("/families/{family_id}/consequences/new")
def new_consequence(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    return _create(request, session, actor, CONSEQUENCE, family_id, form)


@router.get("/rewards/{record_id}/edit")
def edit_reward_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    return _edit_page(request, session, actor, REWARD, record_id)


@router.post("/rewards/{record_id}/edit")
def edit_reward(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, record_id: uuid.UUID
) -> Response:
    return _edit(request, session, actor, REWARD, record_id, form)


@router.get("/consequences/{record_id}/edit")
def edit_consequence_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    return _edit_page(request, session, actor, CONSEQUENCE, record_id)


@router.post("/consequences/{record_id}/edit")
def edit_consequence(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, record_id: uuid.UUID
) -> Response:
    return _edit(request, session, actor, CONSEQUENCE, record_id, form)
