"""Goal Attainment Scaling arithmetic (Kiresuk and Sherman; Turner-Stokes 2009).

Pure functions, no database: the T-score summarises several goals' levels
(−2..+2) into one number where 50 means "goals met as expected".
"""

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app import typography
from app.domain.series import Point, level_on, levels_on

# the assumed correlation between goals' scores, by convention
RHO = 0.3


def signed(level: int) -> str:
    """A GAS level as printed: +1, 0, −1 (with a true minus sign; ``app.typography``)."""
    return typography.signed(level)


def t_score(levels_and_weights: Iterable[tuple[int, float]], rho: float = RHO) -> float | None:
    """``T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²)``; None for no goals.

    >>> round(t_score([(1, 1.0), (0, 1.0)]), 2)
    56.2
    """
    pairs = list(levels_and_weights)
    if not pairs:
        return None
    weighted = sum(w * x for x, w in pairs)
    sum_w = sum(w for _, w in pairs)
    sum_w2 = sum(w * w for _, w in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w**2)


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
    """T-score at the end of each week from ``start`` to ``end`` (the last week may be short).

    Each goal's scores are read once for the whole period, not again for every week.
    """
    days: list[date] = []
    day = start
    while True:
        day = min(day, end)
        days.append(day)
        if day >= end:
            break
        day += timedelta(days=7)
    chosen = [g for g in goals if member is None or member in g.members]
    if not chosen:
        return []
    levels = [levels_on(series.get(g.id, []), days, g.baseline_level, member) for g in chosen]
    out: list[tuple[date, float]] = []
    for n, day in enumerate(days):
        t = t_score(
            (goal_levels[n], g.weight) for goal_levels, g in zip(levels, chosen, strict=True)
        )
        if t is not None:
            out.append((day, round(t, 2)))
    return out
