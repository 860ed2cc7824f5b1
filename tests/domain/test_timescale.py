"""The child's timescale by the statute: 26 weeks beginning with the issue day."""

from datetime import date

from app.domain.timescale import (
    Timescale,
    default_decision_date,
    last_day,
    proceedings_week,
    timescale,
    week_of,
    weeks_between,
)
from app.models.family import LegalStatus

ISSUED = date(2026, 6, 1)  # a Monday
MONDAY = date(2026, 1, 5)


def test_last_day_is_issue_day_plus_181_days() -> None:
    # was issue date + 26 weeks, 30 November 2026: one day too late
    assert last_day(ISSUED) == date(2026, 11, 29)
    assert last_day(ISSUED).strftime("%A") == "Sunday"
    assert timescale(None, ISSUED).decision_date == date(2026, 11, 29)


def test_the_last_day_is_in_week_26_of_26() -> None:
    assert week_of(ISSUED, ISSUED) == 1
    assert week_of(ISSUED, date(2026, 6, 7)) == 1
    assert week_of(ISSUED, date(2026, 6, 8)) == 2
    assert week_of(ISSUED, date(2026, 11, 29)) == 26
    t = timescale(None, ISSUED)
    assert t.position(date(2026, 11, 29)) == "Sunday 29 November 2026 is in week 26 of 26."
    assert t.position(date(2026, 11, 30)) == "Monday 30 November 2026 is 1 week past the last day."


def test_extensions_move_the_date_by_their_length() -> None:
    t = timescale(None, ISSUED, extension_weeks=8, extensions=1)
    assert t.decision_date == date(2027, 1, 24)
    assert t.total_weeks == 34
    assert t.position(date(2026, 11, 30)) == "Monday 30 November 2026 is in week 27 of 34."
    assert t.position(date(2027, 1, 24)) == "Sunday 24 January 2027 is in week 34 of 34."


def test_one_sentence_states_the_rule_and_any_extension() -> None:
    assert timescale(None, ISSUED).sentence() == (
        "Care proceedings were issued on Monday 1 June 2026, and the law (Children Act 1989, "
        "section 32(1)(a)) allows 26 weeks beginning with that day, so the decision is due by "
        "Sunday 29 November 2026."
    )
    extended = timescale(None, ISSUED, extension_weeks=12, extensions=2).sentence()
    assert extended == (
        "Care proceedings were issued on Monday 1 June 2026, and the law (Children Act 1989, "
        "section 32(1)(a)) allows 26 weeks beginning with that day; the court extended this "
        "2 times, by 12 weeks in all, so the decision is due by Sunday 21 February 2027."
    )


def test_outside_proceedings_the_date_set_stands() -> None:
    t = timescale(date(2027, 3, 1))
    assert t == Timescale(date(2027, 3, 1)) and not t.statutory
    assert (
        t.sentence()
        == "The decision is due by Monday 1 March 2027, the date set for this assessment."
    )
    assert (
        t.position(date(2027, 2, 27))
        == "Saturday 27 February 2027 is 2 days before the decision date."
    )
    assert timescale(None).sentence() == "No decision date has been set for this assessment."
    # a date too far in the future to hold an extension falls back, never a 500
    assert timescale(date(2027, 3, 1), date(9999, 12, 1)).decision_date == date(2027, 3, 1)


def test_care_proceedings_set_the_decision_date() -> None:
    # 26 weeks beginning with Monday 5 January end on Sunday 5 July (not Monday 6 July)
    assert default_decision_date(LegalStatus.care_proceedings, MONDAY) == date(2026, 7, 5)


def test_no_decision_date_outside_proceedings_or_without_an_issue_date() -> None:
    assert default_decision_date(LegalStatus.child_protection_plan, MONDAY) is None
    assert default_decision_date(LegalStatus.care_proceedings, None) is None
    assert default_decision_date(LegalStatus.care_proceedings, date.max) is None


def test_weeks_count_whole_weeks_and_the_issue_week_is_week_one() -> None:
    assert weeks_between(MONDAY, date(2026, 1, 18)) == 1
    assert weeks_between(date(2026, 1, 18), MONDAY) == -2  # whole weeks, rounded down
    assert proceedings_week(MONDAY, MONDAY) == 1
    assert proceedings_week(MONDAY, date(2026, 3, 2)) == 9
