"""The one clock: what time it is, and which day a moment falls on in the UK.

Moments are stored in UTC; every date a person sees is the Europe/London date of
that moment, so 23:30 UTC on 1 June (00:30 BST) is 2 June on every page and report.
Tests freeze the clock with ``freeze`` (or the ``frozen_clock`` fixture).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LONDON_NAME = "Europe/London"
try:
    LONDON: tzinfo = ZoneInfo(LONDON_NAME)
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
    LONDON = UTC

# set while frozen: the moment ``now`` answers with
_frozen: datetime | None = None


def now() -> datetime:
    """This moment, timezone-aware in UTC (as stored)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def local_time(moment: datetime) -> datetime:
    """The moment on a UK clock; a naive moment is taken to be UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)


def local_date(moment: date | datetime) -> date:
    """The UK date of a moment; a date is already one."""
    if isinstance(moment, datetime):
        return local_time(moment).date()
    return moment


def today() -> date:
    """Today's date in the UK."""
    return local_date(now())


@contextmanager
def freeze(at: datetime) -> Iterator[datetime]:
    """Stop the clock at ``at`` (naive means UTC) until the block ends."""
    global _frozen
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    previous, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
