"""The one clock: UK dates of stored UTC moments, and freezing it in tests."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

from app import clock, i18n
from app.web import labels


def test_a_late_utc_moment_is_the_next_uk_day_in_summer_only() -> None:
    assert clock.local_date(datetime(2025, 6, 1, 23, 30, tzinfo=UTC)) == date(2025, 6, 2)
    assert clock.local_date(datetime(2025, 6, 1, 22, 59, tzinfo=UTC)) == date(2025, 6, 1)
    # GMT in winter: 23:30 UTC is 23:30 in London
    assert clock.local_date(datetime(2025, 12, 1, 23, 30, tzinfo=UTC)) == date(2025, 12, 1)
    # a naive moment is UTC; a moment in another zone is converted; a date is left alone
    assert clock.local_date(datetime(2025, 6, 1, 23, 30)) == date(2025, 6, 2)
    east = timezone(timedelta(hours=5))
    assert clock.local_date(datetime(2025, 6, 2, 4, 30, tzinfo=east)) == date(2025, 6, 2)
    assert clock.local_date(date(2025, 6, 1)) == date(2025, 6, 1)
    assert clock.local_time(datetime(2025, 6, 1, 23, 30, tzinfo=UTC)).hour == 0


def test_now_is_aware_utc_and_today_is_the_uk_date() -> None:
    moment = clock.now()
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
    assert clock.today() in {clock.local_date(moment), clock.local_date(clock.now())}


def test_freezing_stops_now_and_today_and_then_lets_go() -> None:
    with clock.freeze(datetime(2025, 6, 1, 23, 30)) as at:
        assert at == datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
        assert clock.now() == at
        assert clock.today() == date(2025, 6, 2)
        with clock.freeze(datetime(2030, 1, 1, tzinfo=UTC)):
            assert clock.today() == date(2030, 1, 1)
        assert clock.now() == at
    assert clock.now().year >= 2025 and clock.now() != at


def test_frozen_clock_fixture(frozen_clock: Callable[[datetime], None]) -> None:
    frozen_clock(datetime(2025, 3, 30, 0, 30, tzinfo=UTC))  # the night the clocks go forward
    assert clock.today() == date(2025, 3, 30)
    assert clock.now().hour == 0


def test_date_filters_read_the_uk_clock() -> None:
    late = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
    assert labels.long_date(late) == "2 June 2025"
    assert labels.short_date(late) == "2 Jun 2025"
    assert i18n.day(late) == "2 June 2025"
    assert i18n.moment(late) == "2 June 2025 at 12:30am"  # the one time format
