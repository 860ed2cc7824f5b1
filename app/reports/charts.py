"""Accessible SVG charts drawn on the server: a goal's level over time, the T-score over time.

Each chart has a title and a description for screen readers, and the data behind
it comes back as a table to print next to it. The same SVG serves web pages and PDFs.
"""

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app import clock, vocabulary
from app.domain.gas import signed
from app.domain.series import Point
from app.domain.trend import Trend
from app.reports.document import Chart, Table
from app.reports.svg import (
    BOTTOM,
    LEFT,
    RIGHT,
    TOP,
    Line,
    Placed,
    Tick,
    goal_svg,
    levels,
    t_score_svg,
)
from app.typography import long_date, signed_decimal

GOAL_LEVEL_LABELS = {
    2: "+2 much more",
    1: "+1 somewhat more",
    0: "0 expected",
    -1: "−1 somewhat less",
    -2: "−2 much less",
}


def _short_date(on: date) -> str:
    return f"{on.day} {on:%b %y}"


@dataclass(frozen=True)
class ChartWords:
    """The words drawn on a goal's chart: staff words by default; the parent's page passes
    its own, in the page's language."""

    levels: Mapping[int, str] = field(default_factory=lambda: dict(GOAL_LEVEL_LABELS))
    title: str = "Level over time: {title}"
    target: str = "target {date}"
    decision: str = "decision {date}"
    scores: str = "{n} scores"
    change: str = "from {first} on {first_on} to {last} on {last_on}"
    decision_date: str = "decision date {date}"
    expected_line: str = "The dashed green line is the expected level (0)."
    tick: Callable[[date], str] = _short_date
    long_date: Callable[[date], str] = long_date
    # how a level is written in the description (staff: +1; parents: the level 1..5)
    level: Callable[[int], str] = signed


STAFF_WORDS = ChartWords()


@dataclass(frozen=True)
class Marker:
    on: date
    label: str
    colour: str
    dash: str


def _span(dates: Sequence[date]) -> tuple[date, date]:
    start, end = min(dates), max(dates)
    if end <= start:
        end = start + timedelta(days=28)
    pad = max(3, (end - start).days // 30)
    return start - timedelta(days=pad), end + timedelta(days=pad)


def _x(on: date, start: date, end: date) -> float:
    return round(LEFT + (RIGHT - LEFT) * (on - start).days / (end - start).days, 1)


def _ticks(
    start: date, end: date, count: int = 6, label: Callable[[date], str] = _short_date
) -> list[Tick]:
    days = (end - start).days
    out = []
    for i in range(count):
        on = start + timedelta(days=round(days * (i + 0.5) / count))
        out.append(Tick(_x(on, start, end), label(on)))
    return out


def _markers(markers: Sequence[Marker], start: date, end: date) -> list[Placed]:
    out = []
    for m in markers:
        if start <= m.on <= end:
            x = _x(m.on, start, end)
            near_right = x > RIGHT - 120  # put the label on the left of the line
            tx, anchor = (x - 3, "end") if near_right else (x + 3, "start")
            out.append(Placed(x, tx, anchor, m.label, m.colour, m.dash))
    return out


def goal_chart(
    title: str,
    points: Sequence[Point],
    *,
    target_date: date | None,
    decision_date: date | None,
    start: date | None = None,
    trend: Trend | None = None,
    words: ChartWords = STAFF_WORDS,
) -> Chart:
    """A goal's level (−2..+2, labelled in words) with the expected line and key dates."""
    w = words
    markers = []
    if target_date:
        label = w.target.format(date=w.long_date(target_date))
        markers.append(Marker(target_date, label, "#505a5f", "4 3"))
    if decision_date:
        label = w.decision.format(date=w.long_date(decision_date))
        markers.append(Marker(decision_date, label, "#d4351c", ""))
    dates = [p.on for p in points] + [m.on for m in markers] + ([start] if start else [])
    if not dates:
        dates = [clock.today()]
    lo, hi = _span(dates)

    def y(level: float) -> float:
        return round(TOP + (BOTTOM - TOP) * (2 - level) / 4, 1)

    coords = [(_x(p.on, lo, hi), y(p.level)) for p in points]
    desc = [w.scores.format(n=len(points))]
    if points:
        desc.append(
            w.change.format(
                first=w.level(points[0].level),
                first_on=w.long_date(points[0].on),
                last=w.level(points[-1].level),
                last_on=w.long_date(points[-1].on),
            )
        )
    if trend and trend.slope is not None:
        desc.append(f"trend {signed_decimal(trend.slope)} levels a week")
    if decision_date:
        desc.append(w.decision_date.format(date=w.long_date(decision_date)))
    svg = goal_svg(
        f"c{uuid.uuid4().hex[:8]}",
        w.title.format(title=title),
        "; ".join(desc) + ". " + w.expected_line,
        levels(tuple((y(lv), w.levels[lv]) for lv in range(2, -3, -1)), y(0)),
        _ticks(lo, hi, label=w.tick),
        _markers(markers, lo, hi),
        coords,
    )
    alt = f"Level over time: {title}. " + "; ".join(desc) + "."
    return Chart(svg, _goal_table(title, points), alt)


# above this many scores the data table shows the last score of each month
MONTHLY_ABOVE = 24


def _goal_table(title: str, points: Sequence[Point]) -> Table:
    if len(points) <= MONTHLY_ABOVE:
        return Table(
            caption=f"Scores for “{title}”",
            columns=["Date", "Level", "Meaning"],
            rows=[
                [long_date(p.on), signed(p.level), vocabulary.gas_level(p.level)] for p in points
            ],
            widths=[30, 15, 55],
            css_class="chart-data",
        )
    months: dict[tuple[int, int], list[Point]] = {}
    for p in points:
        months.setdefault((p.on.year, p.on.month), []).append(p)
    rows = [
        [
            f"{ps[-1].on:%B %Y}",
            str(len(ps)),
            f"{signed(min(p.level for p in ps))} to {signed(max(p.level for p in ps))}",
            f"{signed(ps[-1].level)} ({vocabulary.gas_level(ps[-1].level)})",
        ]
        for ps in months.values()
    ]
    return Table(
        caption=f"Scores for “{title}”, month by month",
        columns=["Month", "Scores", "Range", "Last score"],
        rows=rows,
        widths=[25, 12, 23, 40],
        css_class="chart-data",
    )


def t_score_chart(
    title: str,
    series: Mapping[str, Sequence[tuple[date, float]]],
    *,
    decision_date: date | None = None,
) -> Chart:
    """T-score week by week, one line per series (family, each parent), 50 marked."""
    all_dates = [d for s in series.values() for d, _ in s]
    markers = (
        [Marker(decision_date, f"decision {long_date(decision_date)}", "#d4351c", "")]
        if decision_date
        else []
    )
    lo, hi = _span(all_dates + [m.on for m in markers] or [clock.today()])

    def y(t: float) -> float:
        t = max(20.0, min(80.0, t))
        return round(TOP + (BOTTOM - TOP) * (80 - t) / 60, 1)

    colours = ["#1d70b8", "#f47738", "#4c2c92", "#00703c", "#d53880"]
    lines = []
    for i, (name, s) in enumerate(series.items()):
        if not s:
            continue
        lines.append(
            Line(
                name,
                colours[i % len(colours)],
                2.2 if i == 0 else 1.4,
                "" if i == 0 else "5 2",
                " ".join(f"{_x(d, lo, hi)},{y(t)}" for d, t in s),
            )
        )
    first = next(iter(series.values()), [])
    desc = "No scores yet."
    if first:
        desc = (
            f"{len(first)} weekly values from {first[0][1]:.1f} on {long_date(first[0][0])} "
            f"to {first[-1][1]:.1f} on {long_date(first[-1][0])}. "
            "The dashed green line at 50 means goals met as expected."
        )
    svg = t_score_svg(
        f"c{uuid.uuid4().hex[:8]}",
        title,
        desc,
        levels(tuple((y(t), str(t)) for t in range(80, 19, -10)), y(50)),
        _ticks(lo, hi),
        _markers(markers, lo, hi),
        lines,
    )
    names = list(series)
    by_date: dict[date, dict[str, float]] = {}
    for name, s in series.items():
        for d, t in s:
            by_date.setdefault(d, {})[name] = t
    rows = [
        [long_date(d)] + [f"{by_date[d][n]:.1f}" if n in by_date[d] else "" for n in names]
        for d in sorted(by_date)
    ]
    table = Table(
        caption="T-score by week",
        columns=["Week ending", *names],
        rows=rows,
        css_class="chart-data",
    )
    return Chart(svg, table, f"{title}. {desc}")
