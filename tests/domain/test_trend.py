"""Trend and projection: worked examples."""

from datetime import date, timedelta

import pytest

from app.domain.series import Point
from app.domain.trend import goal_trend, slope_per_week

D0 = date(2026, 1, 5)


def pts(*pairs: tuple[int, int]) -> list[Point]:
    """(week, level) pairs from D0."""
    return [Point(D0 + timedelta(weeks=w), lvl) for w, lvl in pairs]


def test_slope_of_a_steady_climb_is_half_a_level_a_week() -> None:
    # −2 at week 0, −1 at week 2, 0 at week 4: exactly 0.5 levels a week
    assert slope_per_week(pts((0, -2), (2, -1), (4, 0))) == pytest.approx(0.5)


def test_slope_least_squares_worked_example() -> None:
    # weeks 0,1,2,3 levels −2,−2,−1,−1: x̄=1.5, ȳ=−1.5, Sxy=2.0, Sxx=5 → 0.4
    assert slope_per_week(pts((0, -2), (1, -2), (2, -1), (3, -1))) == pytest.approx(0.4)


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
    assert trend.slope == pytest.approx(slope_per_week(pts(*late)))
