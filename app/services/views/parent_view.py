"""What a parent sees of their family's plan: "Your plan", one goal, and the printed copy.

Everything comes from what the parent may read (``app.services.access``): their own
family, goals a team lead has signed off, and evidence shared with the family that
is current and not entered in error. Never internal entries, never another family.
A page costs the same few queries whatever the size of the plan.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app import clock
from app.domain.series import Point, level_series
from app.domain.timescale import Timescale
from app.models.account import Allocation, User
from app.models.evidence import ProgressEntry, Stance
from app.models.family import Family, FamilyMember
from app.models.plan import (
    GAS_LEVELS,
    Assessment,
    AssessmentStatus,
    Consequence,
    ConsequenceStatus,
    Goal,
    GoalLifecycle,
    GoalParent,
    Milestone,
    MilestoneStatus,
    Reward,
    RewardStatus,
)
from app.models.review import ReviewMeeting
from app.services import access, audit
from app.services.cases import timescale
from app.services.context import Actor
from app.services.errors import NotAllowed
from app.services.evidence import comments, corrections
from app.services.plan import incentives
from app.services.views import parent_help, timeline
from app.services.views.parent_help import ForWhom, StepStatus

# goals that are no longer part of the plan
_GONE = (GoalLifecycle.cancelled, GoalLifecycle.entered_in_error, GoalLifecycle.rejected)


@dataclass(frozen=True)
class Level:
    """One of a goal's five levels: -2..+2, as step 1..5 on the scale, in the worker's words."""

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


@dataclass(frozen=True)
class PlanView:
    family_id: uuid.UUID
    social_worker: str | None
    next_review_on: date | None
    # the child's timescale: when a decision about the child must be made
    timescale: Timescale
    today: date
    goals: tuple[GoalView, ...] = field(default_factory=tuple)
    # the parent's own views with the workers' answers (the printed copy)
    views: tuple[comments.CommentRead, ...] = field(default_factory=tuple)

    @property
    def decision_date(self) -> date | None:
        return self.timescale.decision_date

    @property
    def days_to_decision(self) -> int | None:
        if self.decision_date is None:
            return None
        return (self.decision_date - self.today).days


def _require_parent(actor: Actor) -> None:
    if not actor.is_parent:
        raise NotAllowed("This page is for parents and carers")


def _family_row(session: Session, actor: Actor) -> Any:
    """The parent's own family with its decision date, social worker and next review date."""
    worker = (
        select(User.display_name)
        .join(Allocation, col(Allocation.user_id) == User.id)
        .where(
            Allocation.family_id == Family.id,
            col(Allocation.is_primary).is_(True),
            col(Allocation.ended_at).is_(None),
        )
        .order_by(col(Allocation.allocated_at).desc())
        .limit(1)
        .scalar_subquery()
    )
    review = (
        select(col(ReviewMeeting.next_review_on))
        .where(
            ReviewMeeting.family_id == Family.id,
            corrections.is_current(ReviewMeeting),
            *corrections.parent_view(actor, ReviewMeeting),
        )
        .order_by(col(ReviewMeeting.occurred_on).desc(), col(ReviewMeeting.recorded_at).desc())
        .limit(1)
        .scalar_subquery()
    )
    extended = timescale.extension_totals(access.family_ids_visible(actor))
    return session.exec(
        select(  # type: ignore[call-overload]
            Family.id,
            Family.legal_status,
            Family.proceedings_issued_on,
            sa.func.coalesce(extended.c.weeks, 0).label("extension_weeks"),
            sa.func.coalesce(extended.c.n, 0).label("extensions"),
            Assessment.id.label("assessment_id"),  # type: ignore[attr-defined]
            Assessment.decision_date,
            worker.label("worker"),
            review.label("next_review_on"),
        )
        .outerjoin(
            Assessment,
            sa.and_(
                col(Assessment.family_id) == Family.id,
                col(Assessment.status) == AssessmentStatus.open,
            ),
        )
        .outerjoin(extended, extended.c.family_id == Family.id)
        .where(access.family_condition(actor))
        .order_by(col(Family.created_at))
    ).first()


def _timescale(row: Any) -> Timescale:
    return timescale.timescale_of(
        row.legal_status,
        row.proceedings_issued_on,
        row.decision_date,
        int(row.extension_weeks),
        int(row.extensions),
    )


def _goal_views(
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


def _goals(
    session: Session, actor: Actor, row: Any, goal_id: uuid.UUID | None = None
) -> list[Goal]:
    query = select(Goal).where(
        Goal.family_id == row.id,
        access.goal_visible(actor),
        col(Goal.lifecycle_status).not_in(_GONE),
    )
    if row.assessment_id is not None:
        query = query.where(Goal.assessment_id == row.assessment_id)
    if goal_id is not None:
        query = query.where(Goal.id == goal_id)
    return list(session.exec(query.order_by(col(Goal.created_at), col(Goal.id))).all())


def your_plan(session: Session, actor: Actor, today: date | None = None) -> PlanView:
    """The signed-in parent's plan: every signed-off goal with what was agreed (read audited)."""
    _require_parent(actor)
    today = today or clock.today()
    row = _family_row(session, actor)
    if row is None:
        raise access.deny(session, actor, "family", "")
    goals = _goal_views(session, actor, _goals(session, actor, row), today)
    audit.record_now(session, actor, "read", "parent_plan", row.id, row.id)
    return PlanView(row.id, row.worker, row.next_review_on, _timescale(row), today, goals)


def one_goal(
    session: Session, actor: Actor, goal_id: uuid.UUID, today: date | None = None
) -> tuple[PlanView, GoalView]:
    """One goal of the parent's plan; any other goal is not found (read audited)."""
    _require_parent(actor)
    today = today or clock.today()
    row = _family_row(session, actor)
    goals = _goals(session, actor, row, goal_id) if row is not None else []
    if row is None or not goals:
        raise access.deny(session, actor, "goal", goal_id)
    views = _goal_views(session, actor, goals, today)
    audit.record_now(session, actor, "read", "goal", goal_id, row.id)
    plan = PlanView(row.id, row.worker, row.next_review_on, _timescale(row), today, views)
    return plan, views[0]


def plan_for_download(session: Session, actor: Actor, today: date | None = None) -> PlanView:
    """The same plan, for the printable copy; audited as an export."""
    _require_parent(actor)
    today = today or clock.today()
    row = _family_row(session, actor)
    if row is None:
        raise access.deny(session, actor, "family", "")
    goals = _goal_views(session, actor, _goals(session, actor, row), today)
    views = comments.list_comments(session, actor, row.id, limit=corrections.PAGE_MAX).items
    audit.record_now(session, actor, "export", "parent_plan", row.id, row.id)
    return PlanView(
        row.id, row.worker, row.next_review_on, _timescale(row), today, goals, tuple(views)
    )


@dataclass(frozen=True)
class GoalPage:
    plan: PlanView
    goal: GoalView
    timeline: timeline.TimelinePage


def goal_page(
    session: Session, actor: Actor, goal_id: uuid.UUID, *, page: int = 1, page_size: int = 20
) -> GoalPage:
    """One goal with its shared timeline (the parent's own views included)."""
    plan, goal = one_goal(session, actor, goal_id)
    events = timeline.family_timeline(
        session,
        actor,
        plan.family_id,
        goal_id=goal.id,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    return GoalPage(plan, goal, events)


def _own_family_id(session: Session, actor: Actor) -> uuid.UUID:
    _require_parent(actor)
    found = session.exec(select(Family.id).where(access.family_condition(actor))).first()
    if found is None:
        raise access.deny(session, actor, "family", "")
    return found


def progress(
    session: Session, actor: Actor, *, page: int = 1, page_size: int = 20
) -> timeline.TimelinePage:
    """The family's shared timeline, newest first, one page of it."""
    return timeline.family_timeline(
        session,
        actor,
        _own_family_id(session, actor),
        limit=page_size,
        offset=(page - 1) * page_size,
    )


def add_view(
    session: Session,
    actor: Actor,
    *,
    stance: Stance,
    text: str,
    goal_id: uuid.UUID | None = None,
    entry_id: uuid.UUID | None = None,
) -> comments.CommentRead:
    """The parent's own view on a goal or a shared entry, in their name (see comments)."""
    data = corrections.validated(
        comments.CommentCreate,
        {"goal_id": goal_id, "entry_id": entry_id, "stance": stance, "text": text},
    )
    return comments.create_comment(session, actor, _own_family_id(session, actor), data)
