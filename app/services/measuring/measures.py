"""Measuring change from the record: relapse detection, stage reviews due, a family's trends.

The arithmetic (levels over time, trend and projection, T-score, the relapse
rule) is pure and lives in ``app.domain``; this module loads and records.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app import clock, db
from app.domain.gas import GoalInput, weekly_t_scores
from app.domain.relapse import RELAPSE_DAYS, RELAPSE_FALL, relapse_basis, stage_reviews_due
from app.domain.series import Point, level_series
from app.domain.trend import Trend, goal_trend
from app.models.base import utcnow
from app.models.evidence import PlanEvent, PlanEventKind, ProgressEntry, StageRating
from app.models.plan import (
    Consequence,
    ConsequenceStatus,
    Goal,
    Trigger,
)
from app.services import access, audit
from app.services.cases import assessments
from app.services.context import Actor
from app.services.measuring import entry_rows
from app.services.plan import goals as goal_service


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
    found = relapse_basis(
        _relapse_points(session, entry), Point(entry.occurred_on, entry.gas_score)
    )
    if found is None:
        return RelapseResult(False)
    reason, earlier = found
    # the note quotes two entries: parents see it only while they may see both (access)
    earlier_id = _entry_at(session, entry, earlier)
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
        entry_id=entry.id,
        earlier_entry_id=earlier_id,
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
            entry_id=entry.id,
            earlier_entry_id=earlier_id,
        )
        session.add(follow)
        audit.record(session, actor, "update", "consequence", consequence.id, entry.family_id)
        audit.record(session, actor, "create", "planevent", follow.id, entry.family_id)
    return RelapseResult(True, reason, event, list(due), stage_review_due=True)


def _relapse_statements() -> tuple[Any, Any, Any]:
    """The queries of relapse detection, built once (building them cost more than running
    them): every value is a bound parameter.

    They read the goal's other current entries (latest versions, not in error) besides
    the new one: neither the new entry nor the version it amends counts, as a later
    version or as a point of the series.
    """
    later: Any = aliased(ProgressEntry)
    ignored = sa.bindparam("ignored", expanding=True, type_=sa.Uuid)
    on = sa.bindparam("on", type_=sa.Date)
    current = [
        col(ProgressEntry.goal_id) == sa.bindparam("goal_id", type_=sa.Uuid),
        col(ProgressEntry.id).not_in(ignored),
        col(ProgressEntry.entered_in_error_at).is_(None),
        ~sa.exists().where(later.amends_id == ProgressEntry.id, later.id.not_in(ignored)),
    ]
    occurred, recorded = col(ProgressEntry.occurred_on), col(ProgressEntry.recorded_at)
    score = col(ProgressEntry.gas_score)
    point = sa.select(occurred, recorded, score).where(*current, score.is_not(None), occurred <= on)
    last = point.order_by(occurred.desc(), recorded.desc()).limit(1)
    fall = (
        point.where(
            occurred >= sa.bindparam("window_start", type_=sa.Date),
            score >= sa.bindparam("fallen_from", type_=sa.Integer),
        )
        .order_by(occurred, recorded)
        .limit(1)
    )
    entry_at = (
        sa.select(col(ProgressEntry.id))
        .where(*current, occurred == on, score == sa.bindparam("level", type_=sa.Integer))
        .order_by(recorded.desc())
        .limit(1)
    )
    return last, fall, entry_at


_LAST_SCORE, _EARLIEST_FALL, _ENTRY_AT = _relapse_statements()


def _ignored(entry: ProgressEntry) -> list[uuid.UUID]:
    return [entry.id] if entry.amends_id is None else [entry.id, entry.amends_id]


def _relapse_points(session: Session, entry: ProgressEntry) -> list[Point]:
    """The points of the goal's series that can decide whether the new score is a relapse.

    ``relapse_basis`` compares the new score with the latest one up to its date, and
    looks for the earliest fall of ``RELAPSE_FALL`` levels within ``RELAPSE_DAYS``: two
    indexed queries of one row each, however long the goal's record (this runs inside
    every entry's write transaction, and a goal's entries only grow).
    """
    assert entry.gas_score is not None
    params = {"goal_id": entry.goal_id, "ignored": _ignored(entry), "on": entry.occurred_on}
    # on the connection (``plain_rows``): the ORM's execute machinery cost more than the query
    found = db.plain_rows(session, _LAST_SCORE, params)
    last = found[0] if found else None
    if last is None or last.gas_score <= entry.gas_score:
        return [] if last is None else [Point(last.occurred_on, last.gas_score)]
    falls = db.plain_rows(
        session,
        _EARLIEST_FALL,
        {
            **params,
            "window_start": entry.occurred_on - timedelta(days=RELAPSE_DAYS),
            "fallen_from": entry.gas_score + RELAPSE_FALL,
        },
    )
    fall = falls[0] if falls else None
    points = [] if fall is None else [Point(fall.occurred_on, fall.gas_score)]
    return [*points, Point(last.occurred_on, last.gas_score)]


def _entry_at(session: Session, entry: ProgressEntry, point: Point) -> uuid.UUID | None:
    """The entry behind a point of a goal's series (the latest written, if two match)."""
    found: uuid.UUID | None = session.execute(
        _ENTRY_AT,
        {
            "goal_id": entry.goal_id,
            "ignored": _ignored(entry),
            "on": point.on,
            "level": point.level,
        },
    ).scalar()
    return found


def _stage_review_statements() -> tuple[Any, Any]:
    """Two of the three queries of ``family_stage_reviews_due`` (the third is the family's
    goal parents), built once: plain rows of the columns the rule reads (loading whole
    records took a tenth of a family page, py-spy)."""
    family_id = sa.bindparam("family_id", type_=sa.Uuid)
    relapses = sa.select(
        col(PlanEvent.kind),
        col(PlanEvent.goal_id),
        col(PlanEvent.occurred_on),
        col(PlanEvent.entered_in_error_at),
    ).where(col(PlanEvent.family_id) == family_id, col(PlanEvent.kind) == PlanEventKind.relapse)
    ratings = sa.select(
        col(StageRating.member_id),
        col(StageRating.occurred_on),
        col(StageRating.entered_in_error_at),
    ).where(col(StageRating.family_id) == family_id)
    return relapses, ratings


_RELAPSES, _RATINGS = _stage_review_statements()


def family_stage_reviews_due(session: Session, family_id: uuid.UUID) -> dict[uuid.UUID, date]:
    """Database wrapper of ``stage_reviews_due`` for a family page the caller has opened
    (access checked and audited there). Three queries, once per page."""
    return access.remembered(
        session, ("stage_reviews_due", family_id), lambda: _stage_reviews_due(session, family_id)
    )


def _stage_reviews_due(session: Session, family_id: uuid.UUID) -> dict[uuid.UUID, date]:
    params = {"family_id": family_id}
    relapses: list[Any] = list(db.plain_rows(session, _RELAPSES, params))
    ratings: list[Any] = list(db.plain_rows(session, _RATINGS, params))
    # the family's goal parents, every assessment's: shared with the page's plan and scores
    parents = goal_service.family_parent_ids_by_goal(session, family_id)
    goal_members = {goal_id: set(members) for goal_id, members in parents.items()}
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
    on = on or clock.today()
    assessment = assessments.open_assessment(session, family.id)
    goals: list[Goal] = []
    if assessment and actor.is_staff:
        # staff see every goal: the page's one read of the assessment's goals
        goals = goal_service.assessment_goals(session, assessment.id)
    elif assessment:
        query = select(Goal).where(Goal.assessment_id == assessment.id, access.goal_visible(actor))
        goals = list(session.exec(query.order_by(col(Goal.created_at), col(Goal.id))).all())
    # shared with the page's scores: staff read the family's entries once
    rows = entry_rows.family_entry_rows(session, actor, family.id)
    by_goal: dict[uuid.UUID, list[Any]] = {}
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
