"""What a social worker or team lead sees on a family's page, in a fixed number of queries.

The page is put together from the services that own each part (members and the
clock, scores, trends, the timeline, parents' comments); this module adds the
one part no other service reads family-wide for staff: the whole plan (goals,
milestones, rewards, consequences) and each parent's latest stage of change.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app import clock
from app.models.evidence import Significance, StageRating
from app.models.family import Family, FamilyMember, MemberRole
from app.models.plan import (
    Assessment,
    Consequence,
    Goal,
    Milestone,
    MilestoneState,
    Reward,
)
from app.services import access, audit
from app.services.cases import assessments, families
from app.services.context import Actor
from app.services.evidence import comments, corrections
from app.services.measuring import measures, scores
from app.services.plan import goals as goal_service
from app.services.plan import milestones as milestone_service
from app.services.views import caseload, reuse, risk
from app.services.views import timeline as timeline_service


@dataclass(frozen=True)
class GoalPlan:
    goal: Goal
    parent_ids: list[uuid.UUID]
    milestones: list[Milestone]
    rewards: list[Reward]
    consequences: list[Consequence]


@dataclass(frozen=True)
class StageNow:
    """A parent's or carer's latest stage of change (None: not rated yet)."""

    member: FamilyMember
    rating: StageRating | None
    # a relapse since the last rating: a new rating is due
    relapse_on: date | None


@dataclass(frozen=True)
class StaffPlan:
    family: Family
    assessment: Assessment | None
    goals: list[GoalPlan]
    stages: list[StageNow]
    # each milestone as shown: its outcome, or pending/overdue by today's date
    milestone_states: dict[uuid.UUID, MilestoneState]

    @property
    def overdue_milestones(self) -> int:
        overdue = MilestoneState.overdue
        return sum(state == overdue for state in self.milestone_states.values())


# the plan's milestones, rewards and consequences: built once, the goals and the family
# bound at execution (building them per request was about a tenth of the plan's time)
_PLAN_FAMILY = sa.bindparam("plan_family_id", type_=sa.Uuid)
_MILESTONES = (
    select(Milestone)
    .where(col(Milestone.goal_id).in_(sa.bindparam("plan_goal_ids", expanding=True, type_=sa.Uuid)))
    .order_by(col(Milestone.due_on), col(Milestone.created_at), col(Milestone.id))
)
_REWARDS = (
    select(Reward)
    .where(Reward.family_id == _PLAN_FAMILY)
    .order_by(col(Reward.created_at), col(Reward.id))
)
_CONSEQUENCES = (
    select(Consequence)
    .where(Consequence.family_id == _PLAN_FAMILY)
    .order_by(col(Consequence.created_at), col(Consequence.id))
)


def staff_plan(session: Session, actor: Actor, family_id: uuid.UUID) -> StaffPlan:
    """The open assessment's goals with everything agreed on them; staff only; seven queries."""
    family = access.get_family(session, actor, family_id)
    access.require_staff(actor)
    assessment = assessments.open_assessment(session, family.id)
    goals = goal_service.assessment_goals(session, assessment.id) if assessment else []
    ids = [g.id for g in goals]
    parents = goal_service.family_parent_ids_by_goal(session, family.id)
    milestones: dict[uuid.UUID, list[Milestone]] = defaultdict(list)
    rewards: dict[uuid.UUID | None, list[Reward]] = defaultdict(list)
    consequences: dict[uuid.UUID | None, list[Consequence]] = defaultdict(list)
    if ids:
        params = {"plan_goal_ids": ids, "plan_family_id": family.id}
        for m in session.exec(_MILESTONES, params=params).all():
            milestones[m.goal_id].append(m)
        for r in session.exec(_REWARDS, params=params).all():
            rewards[r.goal_id].append(r)
        for c in session.exec(_CONSEQUENCES, params=params).all():
            consequences[c.goal_id].append(c)
    stages = _latest_stages(session, family.id)
    today = clock.today()
    states = {
        m.id: milestone_service.milestone_state(m, today) for ms in milestones.values() for m in ms
    }
    audit.record_now(session, actor, "read", "plan", family.id, family.id)
    return StaffPlan(
        family,
        assessment,
        [
            GoalPlan(g, parents.get(g.id, []), milestones[g.id], rewards[g.id], consequences[g.id])
            for g in goals
        ],
        stages,
        states,
    )


def _latest_ratings_statement() -> SelectOfScalar[StageRating]:
    """Each member's latest current rating; built once, the family bound at execution
    (building it per request showed in py-spy)."""
    family_id = sa.bindparam("stages_family_id", type_=sa.Uuid)
    newest = (
        sa.func.row_number()
        .over(
            partition_by=col(StageRating.member_id),
            order_by=(col(StageRating.occurred_on).desc(), col(StageRating.recorded_at).desc()),
        )
        .label("n")
    )
    ranked = (
        select(StageRating.id, newest)
        .where(
            StageRating.family_id == family_id,
            corrections.is_current(StageRating),
            corrections.not_in_error(StageRating),
        )
        .subquery()
    )
    latest = select(StageRating).join(ranked, ranked.c.id == StageRating.id).where(ranked.c.n == 1)
    return latest


_LATEST_RATINGS = _latest_ratings_statement()
_RATED = (MemberRole.parent, MemberRole.carer)


def _latest_stages(session: Session, family_id: uuid.UUID) -> list[StageNow]:
    """Each parent's or carer's latest current rating, by name (two queries, the members
    shared with the page's summary, plus three for relapses)."""
    params = {"stages_family_id": family_id}
    members = [m for m in families.members_by_name(session, family_id) if m.role in _RATED]
    latest = session.exec(_LATEST_RATINGS, params=params).all()
    by_member = {r.member_id: r for r in latest}
    due = measures.family_stage_reviews_due(session, family_id)
    return [StageNow(m, by_member.get(m.id), due.get(m.id)) for m in members]


@dataclass(frozen=True)
class TimelineFilter:
    goal_id: uuid.UUID | None = None
    significance: Significance | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class FamilyPage:
    """The family's Summary page: timescale, where things stand, what needs doing."""

    summary: caseload.FamilySummary
    plan: StaffPlan
    risk: risk.Risk
    scores: scores.ScoreRead
    measures: measures.FamilyMeasures
    new_comments: comments.CommentPage
    # what the page draws from this view alone (its charts), worked out once for it:
    # the view itself may be reused (``reuse``)
    drawn: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class PlanPage:
    """The family's Plan page: every goal with its levels, milestones and incentives."""

    plan: StaffPlan
    scores: scores.ScoreRead
    member_names: dict[uuid.UUID, str]


@dataclass(frozen=True)
class TimelinePage:
    """The family's Timeline page: one page of records, and what the filter and log offer."""

    plan: StaffPlan
    timeline: timeline_service.TimelinePage
    member_names: dict[uuid.UUID, str]


def family_timeline(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    filters: TimelineFilter,
    *,
    limit: int,
    offset: int,
) -> timeline_service.TimelinePage:
    return timeline_service.family_timeline(
        session,
        actor,
        family_id,
        goal_id=filters.goal_id,
        significant_only=filters.significance == Significance.significant,
        date_from=filters.date_from,
        date_to=filters.date_to,
        limit=limit,
        offset=offset,
    )


def family_page(session: Session, actor: Actor, family_id: uuid.UUID) -> FamilyPage:
    """The Summary page for staff. The same number of queries whatever the size.

    One access check and one audit event for the page view, not one per part; the
    parts are read again only when something in the family's record has changed.
    """
    family = access.get_family(session, actor, family_id)
    with (
        access.authorised(session, actor, family),
        audit.one_read(session, actor, "family_page", family_id, family_id),
    ):
        return reuse.view(
            session,
            actor,
            ("family_page", family_id),
            lambda: reuse.marks(session, [family_id]),
            lambda: _family_page(session, actor, family_id),
        )


def _family_page(session: Session, actor: Actor, family_id: uuid.UUID) -> FamilyPage:
    plan = staff_plan(session, actor, family_id)
    summary = caseload.family_summary(session, actor, family_id)
    now = scores.family_scores(session, actor, family_id)
    trends = measures.family_measures(session, actor, family_id)
    unseen = comments.list_comments(session, actor, family_id, unseen_only=True, limit=20)
    decision = summary.clock.decision_date  # the statutory date, with any extension
    family_risk = risk.assess(
        (g.points for g in trends.goals),
        decision,
        clock.today(),
        overdue_milestones=plan.overdue_milestones,
        relapse_on=max(trends.stage_reviews_due.values(), default=None),
    )
    summary = replace(summary, clock=risk.shown_clock(summary.clock, family_risk))
    return FamilyPage(summary, plan, family_risk, now, trends, unseen)


def _member_names(session: Session, family_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Everyone in a family the caller has opened, by id (the page's one read of them)."""
    return {m.id: m.full_name for m in families.members_by_name(session, family_id)}


def plan_page(session: Session, actor: Actor, family_id: uuid.UUID) -> PlanPage:
    """The Plan page for staff: one access check, one audit event, fixed queries."""
    family = access.get_family(session, actor, family_id)
    with (
        access.authorised(session, actor, family),
        audit.one_read(session, actor, "family_plan", family_id, family_id),
    ):

        def build() -> PlanPage:
            plan = staff_plan(session, actor, family_id)
            now = scores.family_scores(session, actor, family_id)
            return PlanPage(plan, now, _member_names(session, family_id))

        return reuse.view(
            session,
            actor,
            ("family_plan", family_id),
            lambda: reuse.marks(session, [family_id]),
            build,
        )


def timeline_page(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    filters: TimelineFilter,
    *,
    limit: int,
    offset: int,
) -> TimelinePage:
    """The Timeline page for staff: one page of records, newest first, fixed queries."""
    family = access.get_family(session, actor, family_id)
    with (
        access.authorised(session, actor, family),
        audit.one_read(session, actor, "family_timeline", family_id, family_id),
    ):

        def build() -> TimelinePage:
            plan = staff_plan(session, actor, family_id)
            events = family_timeline(session, actor, family_id, filters, limit=limit, offset=offset)
            return TimelinePage(plan, events, _member_names(session, family_id))

        return reuse.view(
            session,
            actor,
            ("family_timeline", family_id, filters, limit, offset),
            lambda: reuse.marks(session, [family_id]),
            build,
        )
