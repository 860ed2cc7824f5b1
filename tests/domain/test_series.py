"""Amendment chains and current versions, read from records by attribute."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from app.domain.series import amendment_chains, current_entries, level_series

AT = datetime(2026, 1, 5, 9, tzinfo=UTC)


@dataclass
class Rec:
    gas_score: int | None
    occurred_on: date
    amends_id: uuid.UUID | None = None
    entered_in_error_at: datetime | None = None
    recorded_at: datetime = AT
    id: uuid.UUID = field(default_factory=uuid.uuid4)


def test_chains_run_oldest_first_in_the_order_of_the_originals() -> None:
    a = Rec(-2, date(2026, 1, 5))
    b = Rec(0, date(2026, 1, 6))
    a2 = Rec(-1, date(2026, 1, 5), amends_id=a.id)
    a3 = Rec(-1, date(2026, 1, 4), amends_id=a2.id)
    assert amendment_chains([a3, b, a2, a]) == [[b], [a, a2, a3]]


def test_only_the_latest_version_not_in_error_counts() -> None:
    a = Rec(-2, date(2026, 1, 5))
    a2 = Rec(-1, date(2026, 1, 5), amends_id=a.id)
    wrong = Rec(2, date(2026, 1, 7), entered_in_error_at=AT)
    unscored = Rec(None, date(2026, 1, 8))
    assert current_entries([a, a2, wrong, unscored]) == [a2, unscored]
    assert [(p.on, p.level) for p in level_series([unscored, wrong, a2, a])] == [
        (date(2026, 1, 5), -1)
    ]
