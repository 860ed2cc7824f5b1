"""What a parent sees of their family's plan: "Your plan", one goal, and the printed copy.

Everything comes from what the parent may read (``app.services.access``): their own
family, goals a team lead has signed off, and evidence shared with the family that
is current and not entered in error. Never internal entries, never another family.
A page costs the same few queries whatever the size of the plan.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app import clock
from app.domain.timescale import Timescale
from app.models.account import Allocation, User
from app.models.evidence import Stance
from app.models.family import Family
from app.models.plan import (
    Assessment,
    AssessmentStatus,
    Goal,
    GoalLifecycle,
)
from app.models.review import ReviewMeeting
from app.services import access, audit
from app.services.cases import timescale
from app.services.context import Actor
from app.services.evidence import comments, corrections
from app.services.views import parent_goals, timeline
from app.services.views.parent_goals import GoalView

# goals that are no longer part of the plan
_GONE = (GoalLifecycle.cancelled, GoalLifecycle.entered_in_error, GoalLifecycle.rejected)


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
    # a page for another role answers as if it did not exist, like every role refusal
    if not actor.is_parent:
        raise access.RoleRefused(actor)


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
    goals = parent_goals.goal_views(session, actor, _goals(session, actor, row), today)
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
    views = parent_goals.goal_views(session, actor, goals, today)
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
    goals = parent_goals.goal_views(session, actor, _goals(session, actor, row), today)
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
