"""Milestones: dated steps towards a goal, and what follows when one is met or missed."""

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from app.domain.milestones import milestone_state as milestone_state  # the one rule, re-exported
from app.models.evidence import PlanEventKind
from app.models.plan import (
    Consequence,
    ConsequenceRead,
    Goal,
    Milestone,
    MilestoneCreate,
    MilestoneOutcome,
    MilestoneRead,
    MilestoneStatus,
    MilestoneUpdate,
    Reward,
    RewardRead,
)
from app.services import access, audit, editing
from app.services.context import Actor
from app.services.errors import Conflict
from app.services.plan.common import (
    add_plan_event,
    check_evidence_date,
    check_text,
    require_values,
)
from app.services.plan.incentives import (
    consequences_set_off,
    rewards_set_off,
    trigger_for_milestone,
)

_OUTCOME_EVENTS = {
    MilestoneStatus.achieved: PlanEventKind.milestone_achieved,
    MilestoneStatus.missed: PlanEventKind.milestone_missed,
    MilestoneStatus.cancelled: PlanEventKind.milestone_cancelled,
}


def overdue_condition(today: date) -> sa.ColumnElement[bool]:
    """``milestone_state(m, today) == overdue`` as a WHERE condition on ``Milestone``."""
    return sa.and_(col(Milestone.status) == MilestoneStatus.pending, col(Milestone.due_on) < today)


class MilestoneOutcomeRead(SQLModel):
    """The milestone after its outcome, and what the outcome set off."""

    milestone: MilestoneRead
    rewards_earned: list[RewardRead]
    consequences_due: list[ConsequenceRead]


def _get(
    session: Session, actor: Actor, milestone_id: uuid.UUID, *, for_update: bool = False
) -> Milestone:
    # parents see milestones of their own signed-off goals only, like the goals themselves
    return access.get_record(session, actor, Milestone, milestone_id, for_update=for_update)


def create_milestone(
    session: Session, actor: Actor, goal_id: uuid.UUID, data: MilestoneCreate
) -> Milestone:
    """Add a milestone to a goal. It starts pending."""
    access.require_staff(actor)
    check_text(data)
    goal = access.get_record(session, actor, Goal, goal_id)
    milestone = Milestone.model_validate(
        data.model_dump() | {"goal_id": goal.id, "family_id": goal.family_id}
    )
    session.add(milestone)
    session.flush()
    audit.record(session, actor, "create", "milestone", milestone.id, goal.family_id)
    session.commit()
    return milestone


def list_milestones(session: Session, actor: Actor, goal_id: uuid.UUID) -> list[Milestone]:
    """A goal's milestones by due date (parents: only for signed-off goals)."""
    goal = access.get_record(session, actor, Goal, goal_id)
    found = session.exec(
        select(Milestone)
        .where(Milestone.goal_id == goal.id)
        .order_by(col(Milestone.due_on), col(Milestone.created_at), col(Milestone.id))
    ).all()
    audit.record_now(session, actor, "list", "milestone", "", goal.family_id)
    return list(found)


def get_milestone(session: Session, actor: Actor, milestone_id: uuid.UUID) -> Milestone:
    """One milestone (audited as a read)."""
    milestone = _get(session, actor, milestone_id)
    audit.record_now(session, actor, "read", "milestone", milestone.id, milestone.family_id)
    return milestone


def update_milestone(
    session: Session, actor: Actor, milestone_id: uuid.UUID, changes: MilestoneUpdate
) -> Milestone:
    """Change a pending milestone's description or due date (versioned)."""
    access.require_staff(actor)
    milestone = _get(session, actor, milestone_id, for_update=True)
    require_values(changes)
    editing.check_version(milestone, changes.version, "milestone")
    if milestone.status != MilestoneStatus.pending:
        raise Conflict(
            f"This milestone is already {milestone.status.value}, so it cannot be changed",
            current=editing.snapshot(milestone),
        )
    editing.apply_changes(session, actor, milestone, changes, "milestone", milestone.family_id)
    session.commit()
    return milestone


def record_outcome(
    session: Session, actor: Actor, milestone_id: uuid.UUID, outcome: MilestoneOutcome
) -> MilestoneOutcomeRead:
    """Mark a pending milestone achieved, missed or cancelled.

    This is evidence (a plan event). Achieving it earns the rewards agreed for
    that; missing it makes the agreed consequences due, each with its own event.
    """
    access.require_staff(actor)
    milestone = _get(session, actor, milestone_id, for_update=True)
    editing.check_version(milestone, outcome.version, "milestone")
    if milestone.status != MilestoneStatus.pending:
        raise Conflict(
            f"This milestone is already {milestone.status.value}",
            current=editing.snapshot(milestone),
        )
    check_text(outcome)
    check_evidence_date(session, milestone.family_id, outcome.occurred_on)
    milestone.status = outcome.status
    if outcome.status == MilestoneStatus.achieved:
        milestone.achieved_on = outcome.occurred_on
    milestone.version += 1
    session.add(milestone)
    audit.record(session, actor, "outcome", "milestone", milestone.id, milestone.family_id)
    add_plan_event(
        session,
        actor,
        family_id=milestone.family_id,
        kind=_OUTCOME_EVENTS[outcome.status],
        occurred_on=outcome.occurred_on,
        summary=f"Milestone {outcome.status.value}: {milestone.description}",
        note=outcome.note,
        shared=True,
        goal_id=milestone.goal_id,
        milestone_id=milestone.id,
    )
    rewards, consequences = trigger_for_milestone(session, actor, milestone, outcome)
    session.commit()
    return MilestoneOutcomeRead(
        milestone=MilestoneRead.model_validate(milestone, from_attributes=True),
        rewards_earned=[RewardRead.model_validate(r, from_attributes=True) for r in rewards],
        consequences_due=[
            ConsequenceRead.model_validate(c, from_attributes=True) for c in consequences
        ],
    )


@dataclass(frozen=True)
class OutcomeView:
    """A pending milestone's outcome page: what each outcome would set off.

    Built from the same queries ``record_outcome`` acts on, so the page promises
    exactly what recording the outcome does.
    """

    milestone: Milestone
    goal: Goal
    would_earn: list[Reward]
    would_fall_due: list[Consequence]


def outcome_view(session: Session, actor: Actor, milestone_id: uuid.UUID) -> OutcomeView:
    access.require_staff(actor)
    milestone = _get(session, actor, milestone_id)
    goal = session.exec(select(Goal).where(Goal.id == milestone.goal_id)).one()
    view = OutcomeView(
        milestone=milestone,
        goal=goal,
        would_earn=list(session.exec(rewards_set_off(milestone.id)).all()),
        would_fall_due=list(session.exec(consequences_set_off(milestone.id)).all()),
    )
    audit.record_now(session, actor, "read", "milestone", milestone.id, milestone.family_id)
    return view
