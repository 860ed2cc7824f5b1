"""The T-score over time and a goal's level on a date, for the family and each parent."""

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.gas import GoalInput, t_score_on, weekly_t_scores
from app.domain.series import Point, level_on, levels_on

D0 = date(2026, 1, 5)


def test_weekly_t_scores_with_weights_and_per_parent() -> None:
    mum, dad = uuid.uuid4(), uuid.uuid4()
    g1 = GoalInput(uuid.uuid4(), 1.0, -1, frozenset({mum, dad}))
    g2 = GoalInput(uuid.uuid4(), 1.0, -1, frozenset({dad}))
    series = {
        g1.id: [Point(D0 + timedelta(days=3), 1)],
        g2.id: [Point(D0 + timedelta(days=10), 0)],
    }
    weekly = weekly_t_scores([g1, g2], series, D0, D0 + timedelta(days=14))
    # week 0: both at baseline −1: 50 + 10·(−2)/√(0.7·2 + 0.3·4) = 37.60
    # week 1: +1 and −1 → 50; week 2: +1 and 0 → 56.20 (the DESIGN.md example)
    assert weekly == [
        (D0, pytest.approx(37.6, abs=0.01)),
        (D0 + timedelta(days=7), 50.0),
        (D0 + timedelta(days=14), pytest.approx(56.2, abs=0.01)),
    ]
    # the mother has one goal: T = 50 + 10·x
    mum_weekly = weekly_t_scores([g1, g2], series, D0, D0 + timedelta(days=7), mum)
    assert mum_weekly == [(D0, 40.0), (D0 + timedelta(days=7), 60.0)]


def test_per_parent_level_ignores_an_entry_about_the_other_parent() -> None:
    mum, dad = uuid.uuid4(), uuid.uuid4()
    series = [Point(D0, 0), Point(D0 + timedelta(days=1), -2, frozenset({dad}))]
    assert level_on(series, D0 + timedelta(days=2), -1, mum) == 0
    assert level_on(series, D0 + timedelta(days=2), -1, dad) == -2
    assert level_on(series, D0 - timedelta(days=1), -1) == -1  # baseline


_points = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.integers(-2, 2),
        st.sampled_from(["both", "mum", "dad"]),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(a=_points, b=_points, weeks=st.integers(0, 9), who=st.sampled_from([None, "mum", "dad"]))
def test_reading_each_goal_once_gives_the_same_weekly_scores_as_a_date_at_a_time(
    a: list[tuple[int, int, str]],
    b: list[tuple[int, int, str]],
    weeks: int,
    who: str | None,
) -> None:
    """The weekly T-scores walk each goal's scores once; the result is the T-score on each
    week's date worked out on its own, for the family and for each parent."""
    people = {"mum": uuid.uuid4(), "dad": uuid.uuid4()}
    members = {
        "both": frozenset(people.values()),
        "mum": frozenset({people["mum"]}),
        "dad": frozenset({people["dad"]}),
    }
    g1 = GoalInput(uuid.uuid4(), 1.0, -1, frozenset(people.values()))
    g2 = GoalInput(uuid.uuid4(), 2.0, -2, frozenset({people["dad"]}))
    series = {
        g.id: sorted(
            (Point(D0 + timedelta(days=d), level, members[m]) for d, level, m in rows),
            key=lambda p: p.on,
        )
        for g, rows in ((g1, a), (g2, b))
    }
    member = people[who] if who else None
    end = D0 + timedelta(days=7 * weeks + 3)
    weekly = weekly_t_scores([g1, g2], series, D0, end, member)
    days = [min(D0 + timedelta(days=7 * n), end) for n in range(weeks + 2)]
    days = sorted(set(days))
    expected = []
    for day in days:
        t = t_score_on([g1, g2], series, day, member)
        if t is not None:
            expected.append((day, round(t, 2)))
    assert weekly == expected
    for g in (g1, g2):
        assert levels_on(series[g.id], days, g.baseline_level, member) == [
            level_on(series[g.id], day, g.baseline_level, member) for day in days
        ]
