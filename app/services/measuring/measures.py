"""Measuring change: each goal's level over time, its trend, the T-score week by week, relapse.

The arithmetic is pure (points in, figures out) so it can be checked against
worked examples; the few functions that touch the database say so.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app.domain.gas import t_score
from app.models.base import utcnow
from app.models.evidence import PlanEvent, PlanEventKind, ProgressEntry, StageRating
from app.models.plan import (
    Assessment,
    AssessmentStatus,
    Consequence,
    ConsequenceStatus,
    Goal,
    GoalParent,
    Trigger,
)
from app.services import access, audit
from app.services.context import Actor

# how many of a goal's latest scores the trend is fitted to
TREND_POINTS = 8
# a fall of this many levels within RELAPSE_DAYS is a relapse even above the expected level
RELAPSE_FALL = 2
RELAPSE_DAYS = 28
LEVEL_WORDS = {
    -2: "much less than expected",
    -1: "somewhat less than expected",
    0: "expected level",
    1: "somewhat more than expected",
    2: "much more than expected",
}


def signed(level: int) -> str:
    """A GAS level as printed: +1, 0, −1 (with a true minus sign)."""
    return f"+{level}" if level > 0 else ("0" if level == 0 else f"−{-level}")


@dataclass(frozen=True)
class Point:
    """A goal's level on a date; ``members`` names the parents it is about (empty: all)."""

    on: date
    level: int
    members: frozenset[uuid.UUID] = field(default_factory=frozenset)


def current_entries(entries: Iterable[Any]) -> list[Any]:
    """The entries that count: the latest version of each amendment chain, not in error."""
    rows = list(entries)
    superseded = {e.amends_id for e in rows if e.amends_id is not None}
    return [e for e in rows if e.id not in superseded and e.entered_in_error_at is None]


def level_series(
    entries: Iterable[Any], members: dict[Any, frozenset[uuid.UUID]] | None = None
) -> list[Point]:
    """The scored, current entries of one goal as points in date order."""
    members = members or {}
    scored = [e for e in current_entries(entries) if e.gas_score is not None]
    scored.sort(key=lambda e: (e.occurred_on, e.recorded_at))
    return [Point(e.occurred_on, e.gas_score, members.get(e.id, frozenset())) for e in scored]


def slope_per_week(points: Sequence[Point]) -> float | None:
    """Least-squares slope of level against time, in levels per week (None below two dates)."""
    if len(points) < 2:
        return None
    origin = points[0].on
    xs = [(p.on - origin).days / 7 for p in points]
    ys = [float(p.level) for p in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx


@dataclass(frozen=True)
class Trend:
    """The figures behind a goal's verdict, as shown in reports."""

    verdict: str  # reached | on_course | not_on_course | too_few_scores
    reason: str
    slope: float | None  # levels per week
    points_used: int
    first_on: date | None
    last_on: date | None
    latest_level: int | None
    projected_on: date | None  # when the fitted line reaches the expected level (0)
    decision_date: date | None

    @property
    def not_on_course(self) -> bool:
        return self.verdict == "not_on_course"


def goal_trend(
    points: Sequence[Point], decision_date: date | None, *, window: int = TREND_POINTS
) -> Trend:
    """Fit a line to the last ``window`` scores and say whether 0 is reached in time."""
    used = list(points)[-window:]
    latest = used[-1].level if used else None
    slope = slope_per_week(used)
    base: dict[str, Any] = {
        "slope": slope,
        "points_used": len(used),
        "first_on": used[0].on if used else None,
        "last_on": used[-1].on if used else None,
        "latest_level": latest,
        "decision_date": decision_date,
    }
    if latest is None or slope is None:
        return Trend(
            "too_few_scores",
            "Too few scores on different dates to show a trend",
            projected_on=None,
            **base,
        )
    if latest >= 0:
        if slope < 0:
            return Trend(
                "not_on_course",
                "At or above the expected level but falling",
                projected_on=None,
                **base,
            )
        return Trend("reached", "At or above the expected level", projected_on=None, **base)
    if slope <= 1e-9:
        word = "flat" if abs(slope) <= 1e-9 else "falling"
        return Trend(
            "not_on_course",
            f"Below the expected level and the trend is {word}",
            projected_on=None,
            **base,
        )
    origin = used[0].on
    xs = [(p.on - origin).days / 7 for p in used]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(p.level for p in used) / len(used)
    weeks_to_zero = mean_x + (0 - mean_y) / slope  # where the fitted line crosses 0
    projected = origin + timedelta(days=round(weeks_to_zero * 7))
    projected = max(projected, used[-1].on)
    if decision_date is not None and projected > decision_date:
        return Trend(
            "not_on_course",
            "Projected to reach the expected level after the decision date",
            projected_on=projected,
            **base,
        )
    return Trend(
        "on_course", "Projected to reach the expected level in time", projected_on=projected, **base
    )


def level_on(
    points: Sequence[Point], on: date, baseline: int, member: uuid.UUID | None = None
) -> int:
    """The goal's level on a date: its latest score by then, else its baseline."""
    level = baseline
    for p in points:
        if p.on > on:
            break
        if member is None or not p.members or member in p.members:
            level = p.level
    return level


@dataclass(frozen=True)
class GoalInput:
    id: uuid.UUID
    weight: float
    baseline_level: int
    members: frozenset[uuid.UUID]  # the parents the goal applies to


def t_score_on(
    goals: Sequence[GoalInput],
    series: dict[uuid.UUID, list[Point]],
    on: date,
    member: uuid.UUID | None = None,
) -> float | None:
    """The T-score on a date of all goals, or of one parent's goals."""
    chosen = [g for g in goals if member is None or member in g.members]
    return t_score(
        (level_on(series.get(g.id, []), on, g.baseline_level, member), g.weight) for g in chosen
    )


def weekly_t_scores(
    goals: Sequence[GoalInput],
    series: dict[uuid.UUID, list[Point]],
    start: date,
    end: date,
    member: uuid.UUID | None = None,
) -> list[tuple[date, float]]:
    """T-score at the end of each week from ``start`` to ``end`` (the last week may be short)."""
    out: list[tuple[date, float]] = []
    day = start
    while True:
        day = min(day, end)
        t = t_score_on(goals, series, day, member)
        if t is not None:
            out.append((day, round(t, 2)))
        if day >= end:
            return out
        day += timedelta(days=7)


def relapse_reason(previous: Sequence[Point], new: Point) -> str | None:
    """Why a new score is a relapse, or None.

    A relapse is a drop below the expected level from at or above it, or a fall of
    two levels within 28 days. Either must be a new fall from the previous score.
    """
    before = [p for p in previous if p.on <= new.on]
    if not before:
        return None
    last = before[-1]
    if last.level <= new.level:
        return None
    if last.level >= 0 > new.level:
        return (
            f"fell below the expected level: {last.level:+d} on {last.on:%d %B %Y}, "
            f"{new.level:+d} on {new.on:%d %B %Y}"
        )
    window_start = new.on - timedelta(days=RELAPSE_DAYS)
    for p in before:
        if p.on >= window_start and p.level - new.level >= RELAPSE_FALL:
            return (
                f"fell {p.level - new.level} levels within {RELAPSE_DAYS} days: "
                f"{p.level:+d} on {p.on:%d %B %Y}, {new.level:+d} on {new.on:%d %B %Y}"
            )
    return None


@dataclass
class RelapseResult:
    relapsed: bool
    reason: str = ""
    event: PlanEvent | None = None
    consequences_due: list[Consequence] = field(default_factory=list)
    # the parents whose stage of change should now be reviewed
    stage_review_due: bool = False


def detect_relapse(session: Session, actor: Actor, entry: ProgressEntry) -> RelapseResult:
    """Called by the entry service in its own transaction, after the entry is added.

    Records a relapse plan event, marks consequences agreed for a relapse as due
    (each with its own plan event), and reports that a stage-of-change review is due.
    Does not commit.
    """
    if entry.gas_score is None or entry.entered_in_error_at is not None:
        return RelapseResult(False)
    rows = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.goal_id == entry.goal_id, ProgressEntry.id != entry.id
        )
    ).all()
    others = [e for e in rows if e.id != entry.amends_id]
    reason = relapse_reason(level_series(others), Point(entry.occurred_on, entry.gas_score))
    if reason is None:
        return RelapseResult(False)
    goal = session.get(Goal, entry.goal_id)
    title = goal.title if goal else "a goal"
    event = PlanEvent(
        family_id=entry.family_id,
        kind=PlanEventKind.relapse,
        goal_id=entry.goal_id,
        occurred_on=entry.occurred_on,
        recorded_by_id=actor.user.id,
        visibility=entry.visibility,
        summary=f"Relapse on “{title}”: {reason}. A stage-of-change review is due.",
    )
    session.add(event)
    audit.record(session, actor, "create", "planevent", event.id, entry.family_id)
    due = session.exec(
        select(Consequence)
        .where(
            Consequence.goal_id == entry.goal_id,
            Consequence.trigger == Trigger.relapse,
            Consequence.status == ConsequenceStatus.agreed,
        )
        .with_for_update()
    ).all()
    for consequence in due:
        consequence.status = ConsequenceStatus.due
        consequence.decided_at = utcnow()
        consequence.decided_by_id = actor.user.id
        consequence.version += 1
        session.add(consequence)
        follow = PlanEvent(
            family_id=entry.family_id,
            kind=PlanEventKind.consequence_due,
            goal_id=entry.goal_id,
            consequence_id=consequence.id,
            occurred_on=entry.occurred_on,
            recorded_by_id=actor.user.id,
            visibility=entry.visibility,
            summary=f"Consequence due after a relapse: {consequence.description}",
        )
        session.add(follow)
        audit.record(session, actor, "update", "consequence", consequence.id, entry.family_id)
        audit.record(session, actor, "create", "planevent", follow.id, entry.family_id)
    return RelapseResult(True, reason, event, list(due), stage_review_due=True)


def stage_reviews_due(
    relapses: Iterable[PlanEvent],
    ratings: Iterable[StageRating],
    goal_members: dict[uuid.UUID, set[uuid.UUID]],
) -> dict[uuid.UUID, date]:
    """Parents with a relapse since their last stage-of-change rating: {member: relapse date}."""
    last_rated: dict[uuid.UUID, date] = {}
    for r in ratings:
        if r.entered_in_error_at is None:
            last_rated[r.member_id] = max(r.occurred_on, last_rated.get(r.member_id, r.occurred_on))
    due: dict[uuid.UUID, date] = {}
    for event in relapses:
        if event.kind != PlanEventKind.relapse or event.entered_in_error_at is not None:
            continue
        for member in goal_members.get(event.goal_id, set()) if event.goal_id else set():
            rated = last_rated.get(member)
            if rated is None or rated < event.occurred_on:
                due[member] = max(event.occurred_on, due.get(member, event.occurred_on))
    return due


def family_stage_reviews_due(session: Session, family_id: uuid.UUID) -> dict[uuid.UUID, date]:
    """Database wrapper of ``stage_reviews_due`` for a family page the caller has opened
    (access checked and audited there). Three queries."""
    relapses = session.exec(
        select(PlanEvent).where(
            PlanEvent.family_id == family_id, PlanEvent.kind == PlanEventKind.relapse
        )
    ).all()
    ratings = session.exec(select(StageRating).where(StageRating.family_id == family_id)).all()
    links = session.exec(
        select(GoalParent)
        .join(Goal, col(Goal.id) == GoalParent.goal_id)
        .where(Goal.family_id == family_id)
    ).all()
    goal_members: dict[uuid.UUID, set[uuid.UUID]] = {}
    for link in links:
        goal_members.setdefault(link.goal_id, set()).add(link.member_id)
    return stage_reviews_due(relapses, ratings, goal_members)


@dataclass(frozen=True)
class GoalMeasure:
    """What the family page shows for one goal: its scores, trend and verdict."""

    goal_id: uuid.UUID
    title: str
    points: list[Point]
    trend: Trend


@dataclass(frozen=True)
class FamilyMeasures:
    goals: list[GoalMeasure]
    # the family's T-score week by week over the open assessment
    weekly: list[tuple[date, float]]
    # parents with a relapse since their last stage-of-change rating
    stage_reviews_due: dict[uuid.UUID, date]

    @property
    def not_on_course(self) -> list[GoalMeasure]:
        return [g for g in self.goals if g.trend.not_on_course]


def family_measures(
    session: Session, actor: Actor, family_id: uuid.UUID, on: date | None = None
) -> FamilyMeasures:
    """Trends and verdicts of the open assessment's goals (seven queries, audited as a read)."""
    family = access.get_family(session, actor, family_id)
    on = on or date.today()
    assessment = session.exec(
        select(Assessment).where(
            Assessment.family_id == family.id, Assessment.status == AssessmentStatus.open
        )
    ).first()
    goals = (
        session.exec(
            select(Goal)
            .where(Goal.assessment_id == assessment.id, access.goal_visible(actor))
            .order_by(col(Goal.created_at))
        ).all()
        if assessment
        else []
    )
    rows = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.family_id == family.id, access.shared_only(actor, ProgressEntry)
        )
    ).all()
    by_goal: dict[uuid.UUID, list[ProgressEntry]] = {}
    for e in rows:
        by_goal.setdefault(e.goal_id, []).append(e)
    due = family_stage_reviews_due(session, family.id)
    decision = assessment.decision_date if assessment else None
    measures = []
    series: dict[uuid.UUID, list[Point]] = {}
    for g in goals:
        points = [p for p in level_series(by_goal.get(g.id, [])) if p.on <= on]
        series[g.id] = points
        measures.append(GoalMeasure(g.id, g.title, points, goal_trend(points, decision)))
    inputs = [GoalInput(g.id, g.weight, g.baseline_level, frozenset()) for g in goals]
    weekly = weekly_t_scores(inputs, series, assessment.started_on, on) if assessment else []
    audit.record_now(session, actor, "read", "measures", family.id, family.id)
    return FamilyMeasures(measures, weekly, due if actor.is_staff else {})
