"""The SVG text of the charts, written directly rather than through a template.

A chart has some hundred and fifty values in it. Through Jinja each one was escaped
and every chart set up a template context of its own, about a fifth of the family
page's time. Here numbers are written as Python writes them (as Jinja did) and every
piece of text goes through ``markupsafe.escape``, whoever wrote it: titles, labels,
names and dates may all hold what a user typed. The level gridlines and their labels
never change for a set of labels, so they are drawn once per set.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 150, 620, 14, 200


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Placed:
    """A key date's line and its label, placed on the chart."""

    x: float
    tx: float
    anchor: str
    label: str
    colour: str
    dash: str


@dataclass(frozen=True)
class Line:
    """One series of the T-score chart: its name and its points as ``x,y x,y …``."""

    name: str
    colour: str
    width: float
    dash: str
    points: str


def _e(text: str) -> str:
    return str(escape(text))


def _head(chart_id: str, title: str, desc: str) -> str:
    i = _e(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{i}-title {i}-desc">\n'
        f'<title id="{i}-title">{_e(title)}</title>\n'
        f'<desc id="{i}-desc">{_e(desc)}</desc>\n'
        '<g font-family="sans-serif" font-size="10" fill="#0b0c0c">\n'
    )


@lru_cache(maxsize=64)
def levels(marks: tuple[tuple[float, str], ...], middle: float) -> str:
    """The gridlines at ``(y, label)``, the ``middle`` one (by its y) dashed green."""
    out = []
    for y, label in marks:
        stroke = '"#00703c" stroke-width="1.5" stroke-dasharray="6 3"'
        if y != middle:
            stroke = '"#d9d9d9" stroke-width="0.6"'
        out.append(
            f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y}" y2="{y}" stroke={stroke}/>\n'
            f'<text x="{LEFT - 6}" y="{y + 3}" text-anchor="end">{_e(label)}</text>\n'
        )
    return "".join(out)


def _axis(ticks: Sequence[Tick], markers: Sequence[Placed]) -> str:
    out = [
        f'<line x1="{t.x}" x2="{t.x}" y1="{BOTTOM}" y2="{BOTTOM + 4}" stroke="#0b0c0c"/>\n'
        f'<text x="{t.x}" y="{BOTTOM + 15}" text-anchor="middle">{_e(t.label)}</text>\n'
        for t in ticks
    ]
    out.append(f'<line x1="{LEFT}" x2="{RIGHT}" y1="{BOTTOM}" y2="{BOTTOM}" stroke="#0b0c0c"/>\n')
    for n, m in enumerate(markers):
        colour = _e(m.colour)
        out.append(
            f'<line x1="{m.x}" x2="{m.x}" y1="{TOP}" y2="{BOTTOM}" stroke="{colour}" '
            f'stroke-width="1.2" stroke-dasharray="{_e(m.dash)}"/>\n'
            f'<text x="{m.tx}" y="{TOP + 9 + n * 11}" text-anchor="{_e(m.anchor)}" '
            f'fill="{colour}">{_e(m.label)}</text>\n'
        )
    return "".join(out)


def goal_svg(
    chart_id: str,
    title: str,
    desc: str,
    grid: str,
    ticks: Sequence[Tick],
    markers: Sequence[Placed],
    points: Sequence[tuple[float, float]],
) -> Markup:
    """A goal's chart: ``grid`` from :func:`levels`, then the dates, the line and its dots."""
    line = ""
    if len(points) > 1:
        joined = " ".join(f"{x},{y}" for x, y in points)
        line = f'<polyline points="{joined}" fill="none" stroke="#1d70b8" stroke-width="2"/>'
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="3" fill="#1d70b8"/>\n' for x, y in points)
    svg = _head(chart_id, title, desc) + grid + _axis(ticks, markers) + line + dots
    return Markup(svg + "</g>\n</svg>")  # noqa: S704  (every text escaped above)


def t_score_svg(
    chart_id: str,
    title: str,
    desc: str,
    grid: str,
    ticks: Sequence[Tick],
    markers: Sequence[Placed],
    lines: Sequence[Line],
) -> Markup:
    """The T-score chart: ``grid`` from :func:`levels`, the dates, a line and a name per series."""
    out = [_head(chart_id, title, desc), grid, _axis(ticks, markers)]
    for s in lines:
        dash = f' stroke-dasharray="{_e(s.dash)}"' if s.dash else ""
        out.append(
            f'<polyline points="{_e(s.points)}" fill="none" stroke="{_e(s.colour)}" '
            f'stroke-width="{s.width}"{dash}/>\n'
        )
    for n, s in enumerate(lines):
        out.append(
            f'<text x="{RIGHT - 4}" y="{TOP + 10 + n * 11}" text-anchor="end" '
            f'fill="{_e(s.colour)}">{_e(s.name)}</text>\n'
        )
    out.append("</g>\n</svg>")
    return Markup("".join(out))  # noqa: S704  (every text escaped above)
