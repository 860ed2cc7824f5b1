"""The GAS T-score of a family, a parent or a set of goals on a date, and week by week.

Each goal's level on a date is its latest current scored entry on or before that
date (not amended by a later version, not entered in error), else its baseline.
For one parent, only the goals that apply to them count, and only entries about
them (an entry that names no parent is about all the goal's parents). Parents
see scores built from shared entries of signed-off goals only.

The arithmetic is ``app.domain`` (``series`` and ``gas``).
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from app import clock, db
from app.domain.gas import GoalInput, t_score_on, weekly_t_scores
from app.domain.series import Point, current_entries, level_on
from app.models.evidence import ProgressEntry, ProgressEntryParent
from app.models.family import FamilyMember, MemberRole
from app.models.plan import Assessment, AssessmentStatus, Goal, GoalParent
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import corrections
from app.services.evidence.entries import CLOSED_GOAL
from app.services.measuring import entry_rows
from app.services.plan import goals as goal_service

# the longest weekly series one request may ask for
SERIES_MAX_DAYS = 5 * 366


class GoalScore(SQLModel):
    goal_id: uuid.UUID
    title: str
    weight: float
    baseline_level: int
    level: int
    # the goal's own written description of that level
    level_text: str
    # no score yet by that date: the baseline counts
    from_baseline: bool
    entry_id: uuid.UUID | None
    scored_on: date | None


class ScoreRead(SQLModel):
    family_id: uuid.UUID
    at: date
    assessment_id: uuid.UUID | None
    member_id: uuid.UUID | None
    # None when no goal counts
    t_score: float | None
    goals: list[GoalScore]


class ScorePoint(SQLModel):
    on: date
    t_score: float


class ScoreSeries(SQLModel):
    family_id: uuid.UUID
    assessment_id: uuid.UUID | None
    member_id: uuid.UUID | None
    start: date
    end: date
    points: list[ScorePoint]


@dataclass
class _Scoring:
    """What the T-score needs, loaded in a fixed number of queries."""

    assessment_id: uuid.UUID | None
    goals: list[Goal]
    inputs: list[GoalInput]
    series: dict[uuid.UUID, list[Point]]
    # the entry behind each point, in the same order
    entry_ids: dict[uuid.UUID, list[uuid.UUID]]


def _in_effect_statement() -> Any:
    """The assessment in effect on the date, else the one open now; built once, with the
    family and the date bound at execution (building it per request cost a family page
    about 3% of its CPU time, py-spy)."""
    at = sa.bindparam("scores_at", type_=sa.Date)
    in_effect = sa.and_(
        col(Assessment.started_on) <= at,
        sa.or_(col(Assessment.closed_on).is_(None), col(Assessment.closed_on) >= at),
    )
    return (
        select(Assessment)
        .where(
            Assessment.family_id == sa.bindparam("scores_family_id", type_=sa.Uuid),
            sa.or_(in_effect, col(Assessment.status) == AssessmentStatus.open),
        )
        .order_by(sa.case((in_effect, 0), else_=1), col(Assessment.started_on).desc())
    )


def _scored_statements(visible: list[Any]) -> tuple[Any, Any]:
    """The scored entries of the goals up to a date (plain rows of the columns read: whole
    records cost a tenth of a family page, py-spy) and the parents they are about; the
    goals and the date are bound at execution."""
    scored: list[Any] = [
        col(ProgressEntry.goal_id).in_(
            sa.bindparam("scores_goal_ids", expanding=True, type_=sa.Uuid)
        ),
        col(ProgressEntry.gas_score).is_not(None),
        col(ProgressEntry.occurred_on) <= sa.bindparam("scores_until", type_=sa.Date),
        corrections.is_current(ProgressEntry),
        corrections.not_in_error(ProgressEntry),
        *visible,
    ]
    rows = select(
        col(ProgressEntry.id),
        col(ProgressEntry.goal_id),
        col(ProgressEntry.occurred_on),
        col(ProgressEntry.gas_score),
    ).where(*scored)
    links = select(col(ProgressEntryParent.entry_id), col(ProgressEntryParent.member_id)).where(
        col(ProgressEntryParent.entry_id).in_(select(ProgressEntry.id).where(*scored))
    )
    return rows.order_by(col(ProgressEntry.occurred_on), col(ProgressEntry.recorded_at)), links


# built once: staff read every entry of their families' goals, so their statements take only
# bound values (a parent's depend on who they are and are built per request)
_IN_EFFECT = _in_effect_statement()
_STAFF_SCORED = _scored_statements([])


def _assessment(
    session: Session, family_id: uuid.UUID, at: date, assessment_id: uuid.UUID | None
) -> Assessment | None:
    if assessment_id is not None:
        found = session.exec(
            select(Assessment).where(
                Assessment.id == assessment_id, Assessment.family_id == family_id
            )
        ).first()
        if found is None:
            raise Invalid("assessment_id", "Choose an assessment of this family")
        return found
    params = {"scores_family_id": family_id, "scores_at": at}
    in_effect: Assessment | None = session.exec(_IN_EFFECT, params=params).first()
    return in_effect


def _check_member(session: Session, family_id: uuid.UUID, member_id: uuid.UUID) -> None:
    role = session.exec(
        select(FamilyMember.role).where(
            FamilyMember.id == member_id, FamilyMember.family_id == family_id
        )
    ).first()
    if role not in (MemberRole.parent, MemberRole.carer):
        raise Invalid("member_id", "Choose a parent or carer in this family")


def _load(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    until: date,
    *,
    member_id: uuid.UUID | None,
    goal_ids: list[uuid.UUID] | None,
    assessment_id: uuid.UUID | None,
) -> _Scoring:
    if member_id is not None:
        _check_member(session, family_id, member_id)
    assessment = _assessment(session, family_id, until, assessment_id)
    if assessment is None:
        if goal_ids:
            raise Invalid("goal_id", "Choose goals of this family's assessment")
        return _Scoring(None, [], [], {}, {})
    members: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if actor.is_staff and not goal_ids:
        # staff see every goal: the page's one read of the assessment's goals and parents
        every = goal_service.assessment_goals(session, assessment.id)
        goals = [g for g in every if g.lifecycle_status not in CLOSED_GOAL]
        parents = goal_service.family_parent_ids_by_goal(session, family_id)
        for goal in goals:
            members[goal.id].update(parents.get(goal.id, []))
    else:
        query = select(Goal).where(
            Goal.assessment_id == assessment.id,
            col(Goal.lifecycle_status).not_in(CLOSED_GOAL),
            access.goal_visible(actor),
        )
        if goal_ids:
            query = query.where(col(Goal.id).in_(goal_ids))
        goals = list(session.exec(query.order_by(col(Goal.created_at), col(Goal.id))).all())
        if goal_ids and len(goals) != len(set(goal_ids)):
            raise Invalid("goal_id", "Choose goals of this family's assessment")
        ids = [g.id for g in goals]
        goal_links = session.exec(select(GoalParent).where(col(GoalParent.goal_id).in_(ids)))
        for goal_link in goal_links.all():
            members[goal_link.goal_id].add(goal_link.member_id)
    ids = [g.id for g in goals]
    if member_id is not None:
        goals = [g for g in goals if member_id in members[g.id]]
        ids = [g.id for g in goals]
    rows, about = _scored(session, actor, family_id, ids, until, member_id)
    series: dict[uuid.UUID, list[Point]] = defaultdict(list)
    entry_ids: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for entry_id, goal_id, occurred_on, level in rows:
        assert level is not None  # only scored entries are selected
        series[goal_id].append(Point(occurred_on, level, frozenset(about[entry_id])))
        entry_ids[goal_id].append(entry_id)
    inputs = [GoalInput(g.id, g.weight, g.baseline_level, frozenset(members[g.id])) for g in goals]
    return _Scoring(assessment.id, goals, inputs, series, entry_ids)


def _scored(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    goal_ids: list[uuid.UUID],
    until: date,
    member_id: uuid.UUID | None,
) -> tuple[Sequence[Any], dict[uuid.UUID, set[uuid.UUID]]]:
    """The scored entries of the goals up to the date, in date order, and for one parent's
    levels the parents each entry is about (no one else's levels read them)."""
    visible = access.visible(actor, ProgressEntry)
    rows_query, links_query = _scored_statements(visible) if visible else _STAFF_SCORED
    params = {"scores_goal_ids": goal_ids, "scores_until": until}
    if visible:
        rows = db.plain_rows(session, rows_query, params)
    else:
        rows = _staff_scored(session, family_id, goal_ids, until)
    about: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if member_id is not None:
        for entry_id, member in db.plain_rows(session, links_query, params):
            about[entry_id].add(member)
    return rows, about


def _staff_scored(
    session: Session, family_id: uuid.UUID, goal_ids: list[uuid.UUID], until: date
) -> list[Any]:
    """The scored entries of the goals up to the date, as the scored statement selects them
    for staff, from the family's entries (read once with the page's measures)."""
    wanted = set(goal_ids)
    scored = [
        e
        for e in current_entries(entry_rows.staff_entry_rows(session, family_id))
        if e.goal_id in wanted and e.gas_score is not None and e.occurred_on <= until
    ]
    scored.sort(key=lambda e: (e.occurred_on, e.recorded_at))
    return [(e.id, e.goal_id, e.occurred_on, e.gas_score) for e in scored]


def _goal_score(scoring: _Scoring, goal: Goal, at: date, member_id: uuid.UUID | None) -> GoalScore:
    points = scoring.series.get(goal.id, [])
    level = level_on(points, at, goal.baseline_level, member_id)
    evidence = [
        (p, entry_id)
        for p, entry_id in zip(points, scoring.entry_ids.get(goal.id, []), strict=True)
        if p.on <= at and (member_id is None or not p.members or member_id in p.members)
    ]
    last = evidence[-1] if evidence else None
    return GoalScore(
        goal_id=goal.id,
        title=goal.title,
        weight=goal.weight,
        baseline_level=goal.baseline_level,
        level=level,
        level_text=goal.level_text(level),
        from_baseline=last is None,
        entry_id=last[1] if last else None,
        scored_on=last[0].on if last else None,
    )


def family_scores(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    at: date | None = None,
    member_id: uuid.UUID | None = None,
    goal_ids: list[uuid.UUID] | None = None,
    assessment_id: uuid.UUID | None = None,
) -> ScoreRead:
    """Each goal's level on the date (default today) and the T-score of them all; audited."""
    family = access.get_family(session, actor, family_id)
    on = at or clock.today()
    scoring = _load(
        session,
        actor,
        family.id,
        on,
        member_id=member_id,
        goal_ids=goal_ids,
        assessment_id=assessment_id,
    )
    goals = [_goal_score(scoring, g, on, member_id) for g in scoring.goals]
    t = t_score_on(scoring.inputs, scoring.series, on, member_id)
    audit.record_now(session, actor, "read", "scores", family.id, family.id)
    return ScoreRead(
        family_id=family.id,
        at=on,
        assessment_id=scoring.assessment_id,
        member_id=member_id,
        t_score=round(t, 2) if t is not None else None,
        goals=goals,
    )


def weekly_scores(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    start: date,
    end: date,
    *,
    member_id: uuid.UUID | None = None,
    goal_ids: list[uuid.UUID] | None = None,
    assessment_id: uuid.UUID | None = None,
) -> ScoreSeries:
    """The T-score each week from ``start`` to ``end`` (and on ``end``), for charts; audited.

    Uses the assessment in effect at ``end`` (or the one given).
    """
    family = access.get_family(session, actor, family_id)
    if end < start:
        raise Invalid("to", "The end date must be on or after the start date")
    if end - start > timedelta(days=SERIES_MAX_DAYS):
        raise Invalid("to", "Ask for at most five years at a time")
    scoring = _load(
        session,
        actor,
        family.id,
        end,
        member_id=member_id,
        goal_ids=goal_ids,
        assessment_id=assessment_id,
    )
    points = weekly_t_scores(scoring.inputs, scoring.series, start, end, member_id)
    audit.record_now(session, actor, "read", "scores", family.id, family.id)
    return ScoreSeries(
        family_id=family.id,
        assessment_id=scoring.assessment_id,
        member_id=member_id,
        start=start,
        end=end,
        points=[ScorePoint(on=day, t_score=t) for day, t in points],
    )
