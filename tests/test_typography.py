"""One typography: "3 August 2026", "+1", "0", "−2" (U+2212), never "03 August", "+0" or "-2"."""

from datetime import UTC, date, datetime

from app import typography
from app.domain.relapse import relapse_words
from app.domain.series import Point
from app.typography import MINUS


def test_dates_have_no_leading_zero() -> None:
    assert typography.long_date(date(2026, 8, 3)) == "3 August 2026"
    assert typography.long_date(None) == ""


def test_a_moment_is_dated_by_the_uk_clock() -> None:
    # 23:30 UTC on 1 June is 00:30 on 2 June in London
    assert typography.long_date(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == "2 June 2026"


def test_levels_carry_a_true_minus_and_no_plus_on_zero() -> None:
    assert [typography.signed(n) for n in (2, 1, 0, -1, -2)] == ["+2", "+1", "0", "−1", "−2"]
    assert typography.signed(-2) == MINUS + "2" and MINUS == "\u2212"


def test_signed_decimals() -> None:
    assert typography.signed_decimal(0.254) == "+0.25"
    assert typography.signed_decimal(-0.1) == "−0.10"
    assert typography.signed_decimal(-0.001) == "0.00"
    assert typography.signed_decimal(0) == "0.00"


def test_figure_writes_any_value_the_one_way() -> None:
    assert typography.figure(date(2026, 8, 3)) == "3 August 2026"
    assert typography.figure(-3) == "−3"
    assert typography.figure(-1.5) == "−1.5"
    assert typography.figure(4) == "4"
    assert typography.figure(None) == ""


def test_relapse_wording_uses_the_one_typography() -> None:
    """The defect: relapse notes read "+0 on 03 August 2026, -2 on 10 August 2026"."""
    text = relapse_words(Point(date(2026, 8, 3), 0), Point(date(2026, 8, 10), -2))
    assert text == "fell below the expected level: 0 on 3 August 2026, −2 on 10 August 2026"
    assert "03 August" not in text and "+0" not in text and "-2" not in text
    fall = relapse_words(Point(date(2026, 8, 3), 2), Point(date(2026, 8, 10), 0))
    assert fall == "fell 2 levels within 28 days: +2 on 3 August 2026, 0 on 10 August 2026"


def test_tidy_rewrites_what_cct_wrote_in_older_records() -> None:
    old = (
        "Relapse on “Home”: fell below the expected level: "
        "+0 on 03 August 2026, -2 on 10 August 2026."
    )
    assert typography.tidy(old) == (
        "Relapse on “Home”: fell below the expected level: 0 on 3 August 2026, "
        "−2 on 10 August 2026."
    )
    # dates and ranges written with hyphens are not negative numbers
    assert (
        typography.tidy("ref 2026-08-03, +1 to +2, CCT-A-0001")
        == "ref 2026-08-03, +1 to +2, CCT-A-0001"
    )
