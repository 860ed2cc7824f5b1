"""A goal's levels over time, from its recorded scores.

Records are read by attribute only (``id``, ``amends_id``, ``entered_in_error_at``,
``gas_score``, ``occurred_on``, ``recorded_at``), so this knows nothing of the database.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Point:
    """A goal's level on a date; ``members`` names the parents it is about (empty: all)."""

    on: date
    level: int
    members: frozenset[uuid.UUID] = field(default_factory=frozenset)


def current_entries(entries: Iterable[Any]) -> list[Any]:
    """The records that count: the latest version of each amendment chain, not in error."""
    rows = list(entries)
    superseded = {e.amends_id for e in rows if e.amends_id is not None}
    return [e for e in rows if e.id not in superseded and e.entered_in_error_at is None]


def amendment_chains(rows: Iterable[Any]) -> list[list[Any]]:
    """Each record's versions, oldest first, in the order the originals come."""
    rows = list(rows)
    by_amended = {r.amends_id: r for r in rows if r.amends_id is not None}
    chains = []
    for r in rows:
        if r.amends_id is None:
            chain = [r]
            while chain[-1].id in by_amended:
                chain.append(by_amended[chain[-1].id])
            chains.append(chain)
    return chains


def level_series(
    entries: Iterable[Any], members: dict[Any, frozenset[uuid.UUID]] | None = None
) -> list[Point]:
    """The scored, current entries of one goal as points in date order."""
    members = members or {}
    scored = [e for e in current_entries(entries) if e.gas_score is not None]
    scored.sort(key=lambda e: (e.occurred_on, e.recorded_at))
    return [Point(e.occurred_on, e.gas_score, members.get(e.id, frozenset())) for e in scored]


def levels_on(
    points: Sequence[Point], days: Sequence[date], baseline: int, member: uuid.UUID | None = None
) -> list[int]:
    """The goal's level on each of ``days`` (in order), in one pass over its points."""
    levels: list[int] = []
    level, i = baseline, 0
    for day in days:
        while i < len(points) and points[i].on <= day:
            p = points[i]
            if member is None or not p.members or member in p.members:
                level = p.level
            i += 1
        levels.append(level)
    return levels


def level_on(
    points: Sequence[Point], on: date, baseline: int, member: uuid.UUID | None = None
) -> int:
    """The goal's level on a date: its latest score by then, else its baseline."""
    level = baseline
    for p in points:
        if p.on > on:
            break
        if member is None or not p.members or member in p.members:
            level = p.level
    return level
