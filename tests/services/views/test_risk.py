"""The risk rule: signals, order, and the timescale tag's colour."""

from datetime import date, timedelta

from app.domain.series import Point
from app.domain.timescale import Timescale
from app.models.plan import Milestone, MilestoneState, MilestoneStatus
from app.services.plan.milestones import milestone_state
from app.services.views.caseload import timescale_clock
from app.services.views.risk import Risk, Signal, assess, shown_clock

TODAY = date(2026, 11, 20)


def _weekly(levels: list[int], weeks_ago: int = 8) -> list[Point]:
    start = TODAY - timedelta(weeks=weeks_ago)
    return [Point(start + timedelta(weeks=i), level) for i, level in enumerate(levels)]


def test_goals_flat_at_minus_two_are_not_on_course() -> None:
    flat = _weekly([-2] * 8)
    r = assess([flat, flat, flat], TODAY + timedelta(weeks=5), TODAY)
    assert r.not_on_course == 3
    assert r.falling == 0
    assert r.days_to_decision == 35
    assert r.signals == [Signal.not_on_course]


def test_a_falling_goal_relapse_overdue_and_decision_soon() -> None:
    falling = _weekly([1, 1, 0, 0, -1])
    r = assess(
        [falling],
        TODAY + timedelta(days=10),
        TODAY,
        overdue_milestones=2,
        relapse_on=TODAY - timedelta(days=3),
    )
    assert r.falling == 1 and r.not_on_course == 1
    assert r.signals == list(Signal)


def test_improving_goal_on_course_shows_no_signal() -> None:
    rising = _weekly([-2, -1, -1, 0, 0, 1])
    r = assess([rising], TODAY + timedelta(weeks=20), TODAY)
    assert r.signals == []
    assert not r.decision_soon


def test_most_at_risk_sorts_first() -> None:
    soon = Risk(days_to_decision=20)  # decision soon only
    late_and_overdue = Risk(overdue_milestones=2, falling=1, days_to_decision=7)
    carrowmoor = Risk(not_on_course=3, falling=2, days_to_decision=35)
    more_goals_off = Risk(not_on_course=4, falling=2, days_to_decision=91)
    relapsed = Risk(relapse_on=TODAY, overdue_milestones=1, days_to_decision=120)
    nothing = Risk(days_to_decision=200)
    ranked = sorted(
        [nothing, soon, relapsed, more_goals_off, late_and_overdue, carrowmoor], key=Risk.sort_key
    )
    # slipping families first, least time left first; then by the number of other signals
    assert ranked == [carrowmoor, more_goals_off, relapsed, late_and_overdue, soon, nothing]


def test_the_tag_is_never_green_while_not_on_course() -> None:
    clock = timescale_clock(Timescale(TODAY + timedelta(weeks=5)), TODAY)
    assert (clock.words, clock.colour) == ("5 weeks left", "green")
    assert shown_clock(clock, Risk(not_on_course=3)).colour == "orange"
    assert shown_clock(clock, Risk(falling=1)).colour == "orange"
    assert shown_clock(clock, Risk(relapse_on=TODAY)).colour == "orange"
    assert shown_clock(clock, Risk()).colour == "green"
    red = timescale_clock(Timescale(TODAY + timedelta(days=3)), TODAY)
    assert shown_clock(red, Risk(not_on_course=1)).colour == "red"


def test_a_pending_milestone_past_its_date_is_overdue() -> None:
    def state(status: MilestoneStatus, due: date) -> MilestoneState:
        m = Milestone(goal_id=None, family_id=None, description="m", due_on=due, status=status)
        return milestone_state(m, TODAY)

    yesterday, today = TODAY - timedelta(days=1), TODAY
    assert state(MilestoneStatus.pending, yesterday) == MilestoneState.overdue
    assert state(MilestoneStatus.pending, today) == MilestoneState.pending
    assert state(MilestoneStatus.achieved, yesterday) == MilestoneState.achieved
    assert state(MilestoneStatus.missed, yesterday) == MilestoneState.missed
    assert state(MilestoneStatus.cancelled, yesterday) == MilestoneState.cancelled
