import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.gas import t_score


def test_design_example_two_goals() -> None:
    # DESIGN.md: weights 1, scores +1 and 0 → 56.20
    assert t_score([(1, 1.0), (0, 1.0)]) == pytest.approx(56.2, abs=0.005)


def test_all_expected_is_fifty() -> None:
    assert t_score([(0, 1.0), (0, 2.0), (0, 0.5)]) == 50


def test_single_goal() -> None:
    # one goal: denominator is √((1−ρ)w² + ρw²) = w, so T = 50 + 10x
    assert t_score([(-2, 3.0)]) == pytest.approx(30.0)


def test_weights_matter() -> None:
    # 50 + 10·(2·1 + 1·(−1)) / √(0.7·5 + 0.3·9) = 54.016
    assert t_score([(1, 2.0), (-1, 1.0)]) == pytest.approx(54.016, abs=0.001)


def test_no_goals() -> None:
    assert t_score([]) is None


@given(st.lists(st.tuples(st.integers(-2, 2), st.floats(0.1, 10)), min_size=1, max_size=12))
def test_bounded_and_monotone(pairs: list[tuple[int, float]]) -> None:
    t = t_score(pairs)
    assert t is not None and math.isfinite(t)
    assert 50 - 20 * math.sqrt(len(pairs)) - 1e-9 <= t <= 50 + 20 * math.sqrt(len(pairs)) + 1e-9
    raised = [(min(x + 1, 2), w) for x, w in pairs]
    assert t_score(raised) >= t - 1e-9  # type: ignore[operator]
