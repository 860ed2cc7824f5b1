"""A goal of a parent's plan as the parent sees it: its five levels in the worker's words,
where it stands by the shared scores, its steps with their statuses, what was agreed
(rewards and consequences, without staff notes), and whom it is for.

Built for many goals at once in a fixed number of queries (``goal_views``), from what
the parent may read (``app.services.access``).
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from app.domain.series import Point, level_series
from app.models.evidence import ProgressEntry
from app.models.family import FamilyMember
from app.models.plan import (
    GAS_LEVELS,
    Consequence,
    ConsequenceStatus,
    Goal,
    GoalParent,
    Milestone,
    MilestoneStatus,
    Reward,
    RewardStatus,
)
from app.services import access
from app.services.context import Actor
from app.services.evidence import corrections
from app.services.plan import incentives
from app.services.views import parent_help
from app.services.views.parent_help import ForWhom, StepStatus


@dataclass(frozen=True)
class Level:
    """One of a goal's five levels: -2..+2, as level 1..5 on the scale, in the worker's words."""

    value: int
    text: str

    @property
    def step(self) -> int:
        return self.value + 3


@dataclass(frozen=True)
class MilestoneView:
    id: uuid.UUID
    description: str
    due_on: date
    state: StepStatus
    achieved_on: date | None


@dataclass(frozen=True)
class Agreed:
    """A reward or consequence as the family sees it (staff notes are left out)."""

    id: uuid.UUID
    description: str
    status: str


@dataclass(frozen=True)
class GoalView:
    id: uuid.UUID
    domain: str
    title: str
    why_it_matters: str
    target_date: date
    levels: tuple[Level, ...]
    current: Level
    # the date of the latest shared score; None while the goal stands at its starting level
    scored_on: date | None
    points: tuple[Point, ...]
    milestones: tuple[MilestoneView, ...]
    rewards: tuple[Agreed, ...]
    consequences: tuple[Agreed, ...]
    # whom it is for: "you", or "you and Lee" on a joint goal
    for_whom: ForWhom = field(default_factory=lambda: ForWhom(True, ()))

    @property
    def expected(self) -> Level:
        return self.levels[2]

    @property
    def rewards_earned(self) -> list[Agreed]:
        return [r for r in self.rewards if r.status in (RewardStatus.earned, RewardStatus.given)]

    @property
    def rewards_to_earn(self) -> list[Agreed]:
        return [r for r in self.rewards if r.status == RewardStatus.agreed]

    @property
    def rewards_withdrawn(self) -> list[Agreed]:
        return [r for r in self.rewards if r.status == RewardStatus.withdrawn]


def goal_views(
    session: Session, actor: Actor, goals: list[Goal], today: date
) -> tuple[GoalView, ...]:
    """Milestones, rewards, consequences, shared scores and parents of these goals: five
    queries."""
    ids = [g.id for g in goals]
    if not ids:
        return ()
    milestones = _steps(session, ids, today)
    parents: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = defaultdict(list)
    for goal_id, member_id, name in session.exec(
        select(GoalParent.goal_id, GoalParent.member_id, FamilyMember.full_name)
        .join(FamilyMember, col(FamilyMember.id) == GoalParent.member_id)
        .where(col(GoalParent.goal_id).in_(ids))
        .order_by(col(FamilyMember.full_name))
    ).all():
        parents[goal_id].append((member_id, name))
    rewards: dict[uuid.UUID | None, list[Agreed]] = defaultdict(list)
    found_rewards = session.exec(
        select(Reward).where(col(Reward.goal_id).in_(ids)).order_by(col(Reward.created_at))
    ).all()
    for r in incentives.as_parent_sees(session, actor, list(found_rewards)):
        rewards[r.goal_id].append(Agreed(r.id, r.description, r.status.value))
    consequences: dict[uuid.UUID | None, list[Agreed]] = defaultdict(list)
    found_consequences = session.exec(
        select(Consequence)
        .where(
            col(Consequence.goal_id).in_(ids),
            col(Consequence.status) != ConsequenceStatus.waived,
        )
        .order_by(col(Consequence.created_at))
    ).all()
    for c in incentives.as_parent_sees(session, actor, list(found_consequences)):
        consequences[c.goal_id].append(Agreed(c.id, c.description, c.status.value))
    scored: dict[uuid.UUID, list[ProgressEntry]] = defaultdict(list)
    for e in session.exec(
        select(ProgressEntry).where(
            col(ProgressEntry.goal_id).in_(ids),
            col(ProgressEntry.family_id).in_(access.family_ids_visible(actor)),
            corrections.is_current(ProgressEntry),
            *corrections.parent_view(actor, ProgressEntry),
            col(ProgressEntry.gas_score).is_not(None),
        )
    ).all():
        scored[e.goal_id].append(e)
    views = []
    for g in goals:
        levels = tuple(Level(v, g.level_text(v)) for v in GAS_LEVELS)
        points = tuple(level_series(scored[g.id]))
        current = points[-1].level if points else g.baseline_level
        views.append(
            GoalView(
                id=g.id,
                domain=g.domain,
                title=g.title,
                why_it_matters=g.why_it_matters,
                target_date=g.target_date,
                levels=levels,
                current=levels[current + 2],
                scored_on=points[-1].on if points else None,
                points=points,
                milestones=tuple(milestones[g.id]),
                rewards=tuple(rewards[g.id]),
                consequences=tuple(consequences[g.id]),
                for_whom=parent_help.for_whom(actor.user.family_member_id, parents[g.id]),
            )
        )
    return tuple(views)


def _steps(
    session: Session, ids: list[uuid.UUID], today: date
) -> dict[uuid.UUID, list[MilestoneView]]:
    """Each goal's steps (not cancelled), by due date, each with its status (one query)."""
    by_goal: dict[uuid.UUID, list[Milestone]] = defaultdict(list)
    for m in session.exec(
        select(Milestone)
        .where(
            col(Milestone.goal_id).in_(ids),
            col(Milestone.status) != MilestoneStatus.cancelled,
        )
        .order_by(col(Milestone.due_on), col(Milestone.created_at), col(Milestone.id))
    ).all():
        by_goal[m.goal_id].append(m)
    steps: dict[uuid.UUID, list[MilestoneView]] = defaultdict(list)
    for goal_id, found in by_goal.items():
        for m, status in zip(found, parent_help.step_statuses(found, today), strict=True):
            steps[goal_id].append(
                MilestoneView(m.id, m.description, m.due_on, status, m.achieved_on)
            )
    return steps
