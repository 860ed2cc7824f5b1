"""The T-score over time and a goal's level on a date, for the family and each parent."""

import uuid
from datetime import date, timedelta

import pytest

from app.domain.gas import GoalInput, weekly_t_scores
from app.domain.series import Point, level_on

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
