"""The relapse rule: worked examples."""

from datetime import date, timedelta

import pytest

from app.domain.relapse import relapse_reason
from app.domain.series import Point

D0 = date(2026, 1, 5)


def pts(*pairs: tuple[int, int]) -> list[Point]:
    """(week, level) pairs from D0."""
    return [Point(D0 + timedelta(weeks=w), lvl) for w, lvl in pairs]


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
