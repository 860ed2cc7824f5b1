"""Measuring change: worked examples for trends, T-scores over time and relapse."""

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.evidence import PlanEvent, PlanEventKind, Stage, StageRating, Visibility
from app.models.plan import Consequence, ConsequenceStatus, Trigger
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.measuring import measures
from app.services.measuring.measures import GoalInput, Point, goal_trend, relapse_reason
from tests import factories
from tests.factories import World

D0 = date(2026, 1, 5)


def pts(*pairs: tuple[int, int]) -> list[Point]:
    """(week, level) pairs from D0."""
    return [Point(D0 + timedelta(weeks=w), lvl) for w, lvl in pairs]


def test_slope_of_a_steady_climb_is_half_a_level_a_week() -> None:
    # −2 at week 0, −1 at week 2, 0 at week 4: exactly 0.5 levels a week
    assert measures.slope_per_week(pts((0, -2), (2, -1), (4, 0))) == pytest.approx(0.5)


def test_slope_least_squares_worked_example() -> None:
    # weeks 0,1,2,3 levels −2,−2,−1,−1: x̄=1.5, ȳ=−1.5, Sxy=2.0, Sxx=5 → 0.4
    assert measures.slope_per_week(pts((0, -2), (1, -2), (2, -1), (3, -1))) == pytest.approx(0.4)


def test_projection_on_course_before_decision_date() -> None:
    # −2,−2,−1,−1 over weeks 0..3: the line crosses 0 at x̄ + (0−ȳ)/b = 1.5 + 3.75 weeks,
    # 36.75 days after the first score, rounded to 37
    trend = goal_trend(pts((0, -2), (1, -2), (2, -1), (3, -1)), D0 + timedelta(weeks=12))
    assert trend.verdict == "on_course"
    assert trend.slope == pytest.approx(0.4)
    assert trend.projected_on == D0 + timedelta(days=37)
    assert trend.points_used == 4 and trend.latest_level == -1
    assert not trend.not_on_course


def test_projection_after_decision_date_is_not_on_course() -> None:
    trend = goal_trend(pts((0, -2), (1, -2), (2, -1), (3, -1)), D0 + timedelta(days=36))
    assert trend.not_on_course
    assert trend.projected_on == D0 + timedelta(days=37)
    assert "after the decision date" in trend.reason


def test_flat_or_falling_below_expected_is_not_on_course() -> None:
    flat = goal_trend(pts((0, -1), (1, -1), (2, -1)), D0 + timedelta(weeks=30))
    falling = goal_trend(pts((0, -1), (1, -1), (2, -2)), D0 + timedelta(weeks=30))
    assert flat.not_on_course and "flat" in flat.reason and flat.slope == 0
    assert falling.not_on_course and "falling" in falling.reason
    assert flat.projected_on is None


def test_reached_and_too_few() -> None:
    assert goal_trend(pts((0, -1), (1, 0), (2, 1)), None).verdict == "reached"
    assert goal_trend(pts((0, -1)), None).verdict == "too_few_scores"
    assert goal_trend([], None).verdict == "too_few_scores"


def test_trend_uses_only_the_last_eight_scores() -> None:
    # a long bad start followed by eight scores climbing one level every two weeks
    early = [(w, -2) for w in range(10)]
    late = [(10 + 2 * i, -2 + (i // 2)) for i in range(8)]
    trend = goal_trend(pts(*early, *late), None)
    assert trend.points_used == 8
    assert trend.first_on == D0 + timedelta(weeks=10)
    assert trend.slope == pytest.approx(measures.slope_per_week(pts(*late)))


def test_current_entries_drop_amended_and_entered_in_error(session: Session, world: World) -> None:
    e1 = factories.entry(session, world.goal_a, world.worker_a, score=-2, days_ago=20)
    e2 = factories.entry(session, world.goal_a, world.worker_a, score=-1, days_ago=20)
    e2.amends_id = e1.id
    e3 = factories.entry(session, world.goal_a, world.worker_a, score=2, days_ago=5)
    e3.entered_in_error_at = e3.recorded_at
    current = {e.id for e in measures.current_entries([e1, e2, e3])}
    assert current == {e2.id}


def test_weekly_t_scores_with_weights_and_per_parent() -> None:
    mum, dad = uuid.uuid4(), uuid.uuid4()
    g1 = GoalInput(uuid.uuid4(), 1.0, -1, frozenset({mum, dad}))
    g2 = GoalInput(uuid.uuid4(), 1.0, -1, frozenset({dad}))
    series = {
        g1.id: [Point(D0 + timedelta(days=3), 1)],
        g2.id: [Point(D0 + timedelta(days=10), 0)],
    }
    weekly = measures.weekly_t_scores([g1, g2], series, D0, D0 + timedelta(days=14))
    # week 0: both at baseline −1: 50 + 10·(−2)/√(0.7·2 + 0.3·4) = 37.60
    # week 1: +1 and −1 → 50; week 2: +1 and 0 → 56.20 (the DESIGN.md example)
    assert weekly == [
        (D0, pytest.approx(37.6, abs=0.01)),
        (D0 + timedelta(days=7), 50.0),
        (D0 + timedelta(days=14), pytest.approx(56.2, abs=0.01)),
    ]
    # the mother has one goal: T = 50 + 10·x
    mum_weekly = measures.weekly_t_scores([g1, g2], series, D0, D0 + timedelta(days=7), mum)
    assert mum_weekly == [(D0, 40.0), (D0 + timedelta(days=7), 60.0)]


def test_per_parent_level_ignores_an_entry_about_the_other_parent() -> None:
    mum, dad = uuid.uuid4(), uuid.uuid4()
    series = [Point(D0, 0), Point(D0 + timedelta(days=1), -2, frozenset({dad}))]
    assert measures.level_on(series, D0 + timedelta(days=2), -1, mum) == 0
    assert measures.level_on(series, D0 + timedelta(days=2), -1, dad) == -2
    assert measures.level_on(series, D0 - timedelta(days=1), -1) == -1  # baseline


@pytest.mark.parametrize(
    ("history", "new", "relapse"),
    [
        ([(0, -1), (1, 0)], (2, -1), "below the expected level"),
        ([(0, 1), (1, 2)], (3, 0), "fell 2 levels within 28 days"),
        ([(0, 2), (1, 1)], (6, 0), None),  # two levels, but over more than 28 days
        ([(0, -1), (1, 0), (2, -1)], (3, -1), None),  # already below: no new fall
        ([(0, -2), (1, -1)], (2, -2), None),  # never reached the expected level
        ([], (0, -2), None),
    ],
)
def test_relapse_rules(
    history: list[tuple[int, int]], new: tuple[int, int], relapse: str | None
) -> None:
    reason = relapse_reason(pts(*history), pts(new)[0])
    if relapse is None:
        assert reason is None
    else:
        assert reason is not None and relapse in reason


def test_detect_relapse_records_event_and_makes_consequence_due(
    session: Session, world: World
) -> None:
    consequence = Consequence(
        family_id=world.family_a.id,
        goal_id=world.goal_a.id,
        description="Unsupervised contact paused",
        trigger=Trigger.relapse,
    )
    session.add(consequence)
    factories.entry(session, world.goal_a, world.worker_a, score=0, days_ago=2)
    drop = factories.entry(
        session, world.goal_a, world.worker_a, score=-1, days_ago=1, visibility=Visibility.internal
    )
    result = measures.detect_relapse(session, Actor(world.worker_a), drop)
    session.commit()
    assert result.relapsed and result.stage_review_due
    events = session.exec(select(PlanEvent).where(PlanEvent.family_id == world.family_a.id)).all()
    kinds = sorted(e.kind for e in events)
    assert kinds == [PlanEventKind.consequence_due, PlanEventKind.relapse]
    assert all(e.visibility == Visibility.internal for e in events)
    session.refresh(consequence)
    assert consequence.status == ConsequenceStatus.due and consequence.version == 2
    # the milestone-triggered consequence is untouched
    session.refresh(world.consequence_a)
    assert world.consequence_a.status == ConsequenceStatus.agreed
    due = measures.family_stage_reviews_due(session, world.family_a.id)
    assert set(due) == {world.mother_a.id, world.father_a.id}
    session.add(
        StageRating(
            family_id=world.family_a.id,
            member_id=world.mother_a.id,
            occurred_on=date.today(),
            recorded_by_id=world.worker_a.id,
            stage=Stage.relapse,
            motivation=5,
            ability=4,
        )
    )
    session.commit()
    assert set(measures.family_stage_reviews_due(session, world.family_a.id)) == {world.father_a.id}


def test_no_relapse_on_a_rise(session: Session, world: World) -> None:
    rise = factories.entry(session, world.goal_a, world.worker_a, score=1, days_ago=1)
    assert not measures.detect_relapse(session, Actor(world.worker_a), rise).relapsed


def test_recording_an_entry_through_the_service_detects_relapse(
    session: Session, world: World
) -> None:
    from app.models.evidence import Source
    from app.services.evidence import entries

    # the world's latest score of goal A is 0 (three days ago); a shared −1 today relapses
    entries.create_entry(
        session,
        Actor(world.worker_a),
        world.goal_a.id,
        entries.EntryCreate(
            occurred_on=date.today(),
            gas_score=-1,
            observation="Hazards back in the kitchen.",
            source=Source.home_visit,
            visibility=Visibility.shared,
        ),
    )
    relapses = session.exec(select(PlanEvent).where(PlanEvent.kind == PlanEventKind.relapse)).all()
    assert len(relapses) == 1 and relapses[0].visibility == Visibility.shared
    assert "fell below the expected level" in relapses[0].summary


def test_family_measures_for_the_family_page(session: Session, world: World) -> None:
    # goal A: −1 ten days ago, 0 three days ago (internal), so staff see it reached
    staff = measures.family_measures(session, Actor(world.lead_a), world.family_a.id)
    by_title = {g.title: g for g in staff.goals}
    assert by_title[world.goal_a.title].trend.verdict == "reached"
    assert by_title[world.goal_a.title].trend.slope == pytest.approx(1 / 1)
    assert by_title[world.goal_a_unsigned.title].trend.verdict == "too_few_scores"
    assert staff.weekly and staff.weekly[-1][0] == date.today()
    # a parent sees only shared scores of signed-off goals: one point, too few
    parent = measures.family_measures(session, Actor(world.parent_a), world.family_a.id)
    assert [g.title for g in parent.goals] == [world.goal_a.title]
    assert [p.level for p in parent.goals[0].points] == [-1]
    with pytest.raises(NotFound):
        measures.family_measures(session, Actor(world.worker_b), world.family_a.id)
