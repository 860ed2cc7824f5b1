"""A goal's trend: a straight line fitted to its latest scores, projected to the expected level."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.series import Point

# how many of a goal's latest scores the trend is fitted to
TREND_POINTS = 8


def slope_per_week(points: Sequence[Point]) -> float | None:
    """Least-squares slope of level against time, in levels per week (None below two dates)."""
    if len(points) < 2:
        return None
    origin = points[0].on
    xs = [(p.on - origin).days / 7 for p in points]
    ys = [float(p.level) for p in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx


@dataclass(frozen=True)
class Trend:
    """The figures behind a goal's verdict, as shown in reports."""

    verdict: str  # reached | on_course | not_on_course | too_few_scores
    reason: str
    slope: float | None  # levels per week
    points_used: int
    first_on: date | None
    last_on: date | None
    latest_level: int | None
    projected_on: date | None  # when the fitted line reaches the expected level (0)
    decision_date: date | None

    @property
    def not_on_course(self) -> bool:
        return self.verdict == "not_on_course"


def goal_trend(
    points: Sequence[Point], decision_date: date | None, *, window: int = TREND_POINTS
) -> Trend:
    """Fit a line to the last ``window`` scores and say whether 0 is reached in time."""
    used = list(points)[-window:]
    latest = used[-1].level if used else None
    slope = slope_per_week(used)
    base: dict[str, Any] = {
        "slope": slope,
        "points_used": len(used),
        "first_on": used[0].on if used else None,
        "last_on": used[-1].on if used else None,
        "latest_level": latest,
        "decision_date": decision_date,
    }
    if latest is None or slope is None:
        return Trend(
            "too_few_scores",
            "Too few scores on different dates to show a trend",
            projected_on=None,
            **base,
        )
    if latest >= 0:
        if slope < 0:
            return Trend(
                "not_on_course",
                "At or above the expected level but falling",
                projected_on=None,
                **base,
            )
        return Trend("reached", "At or above the expected level", projected_on=None, **base)
    if slope <= 1e-9:
        word = "flat" if abs(slope) <= 1e-9 else "falling"
        return Trend(
            "not_on_course",
            f"Below the expected level and the trend is {word}",
            projected_on=None,
            **base,
        )
    projected = projected_on(used, slope)
    if decision_date is not None and projected > decision_date:
        return Trend(
            "not_on_course",
            "Projected to reach the expected level after the decision date",
            projected_on=projected,
            **base,
        )
    return Trend(
        "on_course", "Projected to reach the expected level in time", projected_on=projected, **base
    )


def projected_on(used: Sequence[Point], slope: float) -> date:
    """Where the fitted line of a rising goal crosses the expected level (0), not before its
    latest score."""
    origin = used[0].on
    xs = [(p.on - origin).days / 7 for p in used]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(p.level for p in used) / len(used)
    weeks_to_zero = mean_x + (0 - mean_y) / slope
    projected = origin + timedelta(days=round(weeks_to_zero * 7))
    return max(projected, used[-1].on)
