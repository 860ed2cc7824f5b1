"""Risk at a glance: which families are slipping, and why, in words.

One rule for the caseload, the team dashboard and the family page. A family's
risk signals are:

- goals not on course for the child's timescale (``app.domain.trend.goal_trend``);
- goals whose fitted trend is falling;
- milestones past their due date with no outcome (``milestones.milestone_state``);
- a relapse since the parent's last stage-of-change rating
  (``app.domain.relapse.stage_reviews_due``);
- a decision date within four weeks, or past.

Families whose measures say they are slipping (goals not on course, or a
relapse not yet followed by a new rating) come first, the nearest decision
first: they have the least time left to change. Then families with other
signals, the most signals first, then the rest; ties go to the nearer decision.
A family whose goals are not on course or falling, or who relapsed, is never
shown with a green timescale tag.
"""

import enum
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col

from app.domain.relapse import stage_reviews_due
from app.domain.series import Point
from app.domain.trend import TREND_POINTS, goal_trend
from app.models.account import Role
from app.models.evidence import PlanEvent, PlanEventKind, ProgressEntry, StageRating
from app.models.plan import Assessment, AssessmentStatus, Goal, GoalParent
from app.models.report import Audience
from app.services import access
from app.services.context import Actor
from app.services.evidence import corrections

if TYPE_CHECKING:
    from app.services.views.caseload import Clock

DECISION_SOON = timedelta(weeks=4)
# untyped: sqlmodel's select overloads stop at four columns
_select: Any = sa.select


class Signal(enum.StrEnum):
    not_on_course = "not_on_course"
    falling = "falling"
    overdue = "overdue"
    relapse = "relapse"
    decision = "decision"


@dataclass(frozen=True)
class Risk:
    """A family's risk signals; each is shown in words, never by colour alone."""

    not_on_course: int = 0  # goals not on course for the child's timescale
    falling: int = 0  # goals whose trend is falling
    overdue_milestones: int = 0
    relapse_on: date | None = None  # the latest relapse since a parent's last rating
    days_to_decision: int | None = None  # negative: the decision date has passed

    @property
    def decision_soon(self) -> bool:
        return self.days_to_decision is not None and self.days_to_decision <= DECISION_SOON.days

    @cached_property
    def signals(self) -> list[Signal]:
        """Worked out once: the sort, the dashboard's lists and the page each ask."""
        shown = {
            Signal.not_on_course: self.not_on_course > 0,
            Signal.falling: self.falling > 0,
            Signal.overdue: self.overdue_milestones > 0,
            Signal.relapse: self.relapse_on is not None,
            Signal.decision: self.decision_soon,
        }
        return [signal for signal, on in shown.items() if on]

    def has(self, signal: Signal) -> bool:
        return signal in self.signals

    @property
    def slipping(self) -> bool:
        """The measures say the family is not on course for the child's timescale."""
        return self.not_on_course > 0 or self.relapse_on is not None

    def sort_key(self) -> tuple[int, int, int, int, int]:
        """Most at risk first (see the module's description)."""
        days = self.days_to_decision if self.days_to_decision is not None else 10**6
        if self.slipping:
            return (0, days, -len(self.signals), -self.not_on_course, -self.falling)
        return (1 if self.signals else 2, -len(self.signals), days, 0, 0)


def assess(
    goal_points: Iterable[Sequence[Point]],
    decision_date: date | None,
    today: date,
    *,
    overdue_milestones: int = 0,
    relapse_on: date | None = None,
) -> Risk:
    """A family's risk from its goals' scores (each in date order) and its other facts."""
    not_on_course = falling = 0
    for points in goal_points:
        trend = goal_trend(points, decision_date)
        not_on_course += trend.not_on_course
        falling += trend.slope is not None and trend.slope < 0
    return Risk(
        not_on_course=not_on_course,
        falling=falling,
        overdue_milestones=overdue_milestones,
        relapse_on=relapse_on,
        days_to_decision=(decision_date - today).days if decision_date else None,
    )


def shown_clock(clock: "Clock", risk: Risk) -> "Clock":
    """The timescale tag is never green while the measures say the family is slipping."""
    if clock.colour == "green" and (risk.not_on_course or risk.falling or risk.relapse_on):
        return replace(clock, colour="orange")
    return clock


@dataclass(frozen=True)
class Evidence:
    """What the risk rule reads beyond the caseload's own figures, per family."""

    goal_points: dict[uuid.UUID, list[list[Point]]]  # each goal's latest TREND_POINTS
    relapse_on: dict[uuid.UUID, date]


def _key(column: Any) -> Any:
    """A uuid column read as the database holds it (hex text on SQLite, a UUID on
    PostgreSQL), for grouping rows only: making a UUID of every id of every row was
    a third of a 365-family caseload's time (cProfile). ``_uuid`` makes the few kept."""
    return sa.type_coerce(column, sa.String).label(column.key)


def _uuid(key: Any) -> uuid.UUID:
    return key if isinstance(key, uuid.UUID) else uuid.UUID(hex=key)


def rows(session: Session, statement: Any, params: dict[str, Any]) -> list[Any]:
    """Plain rows of a statement of columns, through the session's connection: the ORM's
    result handling cost a quarter of each of the risk rule's queries, for nothing here."""
    return list(session.connection().execute(statement, params).all())


@lru_cache(maxsize=16)
def _statements(role: Role, active: bool) -> tuple[Any, Any]:
    """The risk rule's two queries for a user of this role, built once; the user's ids
    and today's date are bound at execution (``access.rule_params``)."""
    visible = access.visible_ids(role, active)
    reader = Audience.family if role == Role.parent else Audience.staff
    goal_seen: Any = sa.true()
    if reader == Audience.family:
        goal_seen = access.goal_for_parent(sa.bindparam("access_member_id", type_=sa.Uuid))
    scored = (
        _select(
            _key(ProgressEntry.family_id),
            _key(ProgressEntry.goal_id),
            col(ProgressEntry.occurred_on),
            col(ProgressEntry.gas_score),
        )
        .join(Goal, col(Goal.id) == ProgressEntry.goal_id)
        .join(Assessment, col(Assessment.id) == Goal.assessment_id)
        .where(
            col(Assessment.status) == AssessmentStatus.open,
            col(ProgressEntry.family_id).in_(visible),
            col(ProgressEntry.gas_score).is_not(None),
            col(ProgressEntry.occurred_on) <= sa.bindparam("risk_today", type_=sa.Date),
            corrections.is_current(ProgressEntry),
            corrections.not_in_error(ProgressEntry),
            access.shared_for(reader, ProgressEntry),
            goal_seen,
        )
        .order_by(col(ProgressEntry.occurred_on), col(ProgressEntry.recorded_at))
    )
    # each relapse with each of its goal's parents, and the day that parent was last
    # rated in the family (all the rule reads of the ratings): reading every rating
    # of the caseload instead was a third query and most of the rows
    last_rated = (
        sa.select(sa.func.max(col(StageRating.occurred_on)))
        .where(
            col(StageRating.member_id) == GoalParent.member_id,
            col(StageRating.family_id) == PlanEvent.family_id,
            col(StageRating.entered_in_error_at).is_(None),
        )
        .correlate(GoalParent, PlanEvent)
        .scalar_subquery()
    )
    relapses = (
        _select(
            _key(PlanEvent.id),
            _key(PlanEvent.family_id),
            col(PlanEvent.kind),
            _key(PlanEvent.goal_id),
            col(PlanEvent.occurred_on),
            col(PlanEvent.entered_in_error_at),
            _key(GoalParent.member_id),
            last_rated.label("last_rated_on"),
        )
        .outerjoin(GoalParent, col(GoalParent.goal_id) == PlanEvent.goal_id)
        .where(
            col(PlanEvent.kind) == PlanEventKind.relapse,
            col(PlanEvent.family_id).in_(visible),
            col(PlanEvent.entered_in_error_at).is_(None),
        )
    )
    return scored, relapses


def load(session: Session, actor: Actor, today: date) -> Evidence:
    """Scores and relapses of every open family the actor may see, in two queries."""
    scored_query, relapses = _statements(actor.user.role, actor.user.is_active)
    params = access.rule_params(actor) | {"risk_today": today}
    # only scored entries are selected: (family, goal, occurred_on, gas_score)
    by_goal: dict[tuple[Any, Any], list[Any]] = defaultdict(list)
    for row in rows(session, scored_query, params):
        by_goal[row[0], row[1]].append(row)
    goal_points: dict[uuid.UUID, list[list[Point]]] = defaultdict(list)
    for (family_key, _), scored in by_goal.items():
        # points only for the latest scores, all a goal's trend is fitted to
        latest = [Point(row[2], row[3]) for row in scored[-TREND_POINTS:]]
        goal_points[_uuid(family_key)].append(latest)
    found = _relapses(rows(session, relapses, params))
    return Evidence(dict(goal_points), found)


class _LastRating(NamedTuple):
    """A parent's latest stage-of-change rating, as the relapse rule reads ratings."""

    family_id: Any
    member_id: Any
    occurred_on: date
    entered_in_error_at: None = None


def _relapses(rows: list[Any]) -> dict[uuid.UUID, date]:
    """{family: latest relapse since a parent's last stage-of-change rating}.

    From plain rows of the columns the rule reads, each family's rule run on that
    family's ratings alone: run on every rating of the caseload for each family, it
    took most of a 330-family caseload's time (py-spy). Each parent's ratings are
    given to the rule as the latest of them, all it compares.
    """
    relapses = list({event.id: event for event in rows}.values())
    # every id here is a ``_key``: compared with its like, made a UUID only for the answer
    goal_members: dict[Any, set[Any]] = defaultdict(set)
    by_family_ratings: dict[Any, dict[Any, _LastRating]] = defaultdict(dict)
    for event in rows:
        if event.goal_id is not None and event.member_id is not None:
            goal_members[event.goal_id].add(event.member_id)
            if event.last_rated_on is not None:
                rating = _LastRating(event.family_id, event.member_id, event.last_rated_on)
                by_family_ratings[event.family_id][event.member_id] = rating
    by_family: dict[Any, list[Any]] = defaultdict(list)
    for event in relapses:
        by_family[event.family_id].append(event)
    out: dict[uuid.UUID, date] = {}
    for family_key, events in by_family.items():
        ratings = by_family_ratings.get(family_key, {}).values()
        due = stage_reviews_due(events, ratings, goal_members)
        if due:
            out[_uuid(family_key)] = max(due.values())
    return out
