"""The relapse rule, and which parents' stage of change is due a review after one."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from app.domain.series import Point
from app.models.evidence import PlanEventKind
from app.typography import long_date, signed

# a fall of this many levels within RELAPSE_DAYS is a relapse even above the expected level
RELAPSE_FALL = 2
RELAPSE_DAYS = 28


def relapse_reason(previous: Sequence[Point], new: Point) -> str | None:
    """Why a new score is a relapse, or None.

    A relapse is a drop below the expected level from at or above it, or a fall of
    two levels within 28 days. Either must be a new fall from the previous score.
    """
    found = relapse_basis(previous, new)
    return found[0] if found else None


def relapse_basis(previous: Sequence[Point], new: Point) -> tuple[str, Point] | None:
    """Why a new score is a relapse, and the earlier score the reason quotes; or None."""
    before = [p for p in previous if p.on <= new.on]
    if not before:
        return None
    last = before[-1]
    if last.level <= new.level:
        return None
    if last.level >= 0 > new.level:
        return relapse_words(last, new), last
    window_start = new.on - timedelta(days=RELAPSE_DAYS)
    for p in before:
        if p.on >= window_start and p.level - new.level >= RELAPSE_FALL:
            return relapse_words(p, new), p
    return None


def relapse_words(earlier: Point, new: Point) -> str:
    """Why the fall from ``earlier`` to ``new`` is a relapse, in the report typography."""
    scores = (
        f"{signed(earlier.level)} on {long_date(earlier.on)}, "
        f"{signed(new.level)} on {long_date(new.on)}"
    )
    if earlier.level >= 0 > new.level:
        return f"fell below the expected level: {scores}"
    return f"fell {earlier.level - new.level} levels within {RELAPSE_DAYS} days: {scores}"


class _Event(Protocol):
    @property
    def kind(self) -> PlanEventKind: ...
    @property
    def goal_id(self) -> uuid.UUID | None: ...
    @property
    def occurred_on(self) -> date: ...
    @property
    def entered_in_error_at(self) -> datetime | None: ...


class _Rating(Protocol):
    @property
    def member_id(self) -> uuid.UUID: ...
    @property
    def occurred_on(self) -> date: ...
    @property
    def entered_in_error_at(self) -> datetime | None: ...


def stage_reviews_due(
    relapses: Iterable[_Event],
    ratings: Iterable[_Rating],
    goal_members: dict[uuid.UUID, set[uuid.UUID]],
) -> dict[uuid.UUID, date]:
    """Parents with a relapse since their last stage-of-change rating: {member: relapse date}."""
    last_rated: dict[uuid.UUID, date] = {}
    for r in ratings:
        if r.entered_in_error_at is None:
            last_rated[r.member_id] = max(r.occurred_on, last_rated.get(r.member_id, r.occurred_on))
    due: dict[uuid.UUID, date] = {}
    for event in relapses:
        if event.kind != PlanEventKind.relapse or event.entered_in_error_at is not None:
            continue
        for member in goal_members.get(event.goal_id, set()) if event.goal_id else set():
            rated = last_rated.get(member)
            if rated is None or rated < event.occurred_on:
                due[member] = max(event.occurred_on, due.get(member, event.occurred_on))
    return due
