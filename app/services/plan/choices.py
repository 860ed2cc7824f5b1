"""What a plan record can be linked to: a family's goals and their milestones, for forms."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from app.models.plan import Goal, GoalLifecycle, Milestone, MilestoneStatus
from app.services import access, audit
from app.services.context import Actor

_FINISHED = (GoalLifecycle.cancelled, GoalLifecycle.entered_in_error, GoalLifecycle.rejected)


@dataclass(frozen=True)
class MilestoneChoice:
    id: uuid.UUID
    description: str
    due_on: date
    status: MilestoneStatus


@dataclass(frozen=True)
class GoalChoice:
    id: uuid.UUID
    title: str
    milestones: list[MilestoneChoice] = field(default_factory=list)


def goals_and_milestones(session: Session, actor: Actor, family_id: uuid.UUID) -> list[GoalChoice]:
    """The family's live goals, oldest first, each with its milestones by due date.

    Staff only; three statements and the audit row, whatever the size of the plan.
    """
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    goals = session.exec(
        select(Goal.id, Goal.title)
        .where(Goal.family_id == family.id, col(Goal.lifecycle_status).not_in(_FINISHED))
        .order_by(col(Goal.created_at), col(Goal.id))
    ).all()
    milestones = session.exec(
        select(Milestone)
        .where(Milestone.family_id == family.id)
        .order_by(col(Milestone.due_on), col(Milestone.created_at), col(Milestone.id))
    ).all()
    by_goal: dict[uuid.UUID, list[MilestoneChoice]] = {}
    for m in milestones:
        by_goal.setdefault(m.goal_id, []).append(
            MilestoneChoice(m.id, m.description, m.due_on, m.status)
        )
    audit.record_now(session, actor, "list", "goal", "", family.id)
    return [GoalChoice(gid, title, by_goal.get(gid, [])) for gid, title in goals]
