"""Small rules shared by the plan services: goals, milestones, rewards and consequences."""

import uuid
from datetime import date

from sqlmodel import Session, SQLModel, select

from app.clock import today
from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from app.models.plan import Goal
from app.services import audit
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.inputs import check_evidence_date, check_text

__all__ = ["add_plan_event", "check_evidence_date", "check_text", "require_values", "today"]


def require_values(changes: SQLModel, nullable: set[str] | frozenset[str] = frozenset()) -> None:
    """An edit may leave a field out, but may only empty the fields that can be empty."""
    check_text(changes)
    for field in sorted(changes.model_fields_set - nullable - {"version"}):
        if getattr(changes, field) is None:
            raise Invalid(field, f"{field.replace('_', ' ').capitalize()} cannot be empty")


def goal_signed_off(session: Session, goal_id: uuid.UUID | None) -> bool:
    if goal_id is None:
        return False
    signed = session.exec(select(Goal.signed_off_at).where(Goal.id == goal_id)).first()
    return signed is not None


def add_plan_event(
    session: Session,
    actor: Actor,
    *,
    family_id: uuid.UUID,
    kind: PlanEventKind,
    occurred_on: date,
    summary: str,
    note: str = "",
    shared: bool,
    goal_id: uuid.UUID | None = None,
    milestone_id: uuid.UUID | None = None,
    reward_id: uuid.UUID | None = None,
    consequence_id: uuid.UUID | None = None,
) -> PlanEvent:
    """Append a plan event (evidence) and its audit row to the caller's transaction.

    ``shared`` events show in the family's own timeline; anything about a goal
    that is not signed off yet stays internal whatever the caller asks.
    """
    if shared and goal_id is not None and not goal_signed_off(session, goal_id):
        shared = False
    event = PlanEvent(
        family_id=family_id,
        kind=kind,
        occurred_on=occurred_on,
        recorded_by_id=actor.user.id,
        visibility=Visibility.shared if shared else Visibility.internal,
        summary=summary,
        note=note,
        goal_id=goal_id,
        milestone_id=milestone_id,
        reward_id=reward_id,
        consequence_id=consequence_id,
    )
    session.add(event)
    session.flush()
    audit.record(session, actor, "create", "planevent", event.id, family_id)
    return event
