"""Forms for the rewards and consequences agreed with a family, linked to a goal or milestone."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session

from app import vocabulary
from app.http.routing import AuditedRoute
from app.models.plan import Consequence, IncentiveCreate, IncentiveUpdate, Reward, Trigger
from app.services.context import Actor
from app.services.plan import choices as plan_choices
from app.services.plan import incentives
from app.web.forms import F, Form, Parsed
from app.web.record_forms import EditRecord, NewRecord, add_edit, add_new

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

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


def _page(session: Session, actor: Actor, kind: _Kind, family_id: uuid.UUID) -> dict[str, Any]:
    choices = plan_choices.goals_and_milestones(session, actor, family_id)
    return {"kind": kind, "choices": choices, "family_id": family_id}


def _new_values(kind: _Kind) -> Callable[[Request, dict[str, Any]], dict[str, Any]]:
    def values(request: Request, _context: dict[str, Any]) -> dict[str, Any]:
        found = {"trigger": kind.triggers[0][0]}
        link = request.query_params.get("link", "")
        if link.startswith(("goal:", "milestone:")):
            found["link"] = link
        return found

    return values


def _add_routes(kind: _Kind) -> None:
    noun = kind.noun.capitalize()
    add_new(
        router,
        NewRecord(
            f"/families/{{family_id}}/{kind.path}/new",
            INCENTIVE,
            IncentiveCreate,
            "plan/incentive_form.html",
            create=kind.create,
            done=lambda made: (f"/families/{made.family_id}/plan", f"{noun} added"),
            page=lambda session, actor, family_id: _page(session, actor, kind, family_id),
            initial=_new_values(kind),
            more_fields=_links,
        ),
    )
    add_edit(
        router,
        EditRecord(
            f"/{kind.path}/{{record_id}}/edit",
            EDIT_INCENTIVE,
            IncentiveUpdate,
            "plan/incentive_form.html",
            kind.model,
            kind.noun,
            get=kind.get,
            update=kind.update,
            done=lambda saved: (f"/families/{saved.family_id}/plan", f"{noun} saved"),
            page=lambda session, actor, record: (
                {"record": record} | _page(session, actor, kind, record.family_id)
            ),
        ),
    )


_add_routes(REWARD)
_add_routes(CONSEQUENCE)
