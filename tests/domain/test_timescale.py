"""The child's timescale: the decision date care proceedings set, and weeks elapsed."""

from datetime import date

from app.domain.timescale import default_decision_date, proceedings_week, weeks_between
from app.models.family import LegalStatus

ISSUED = date(2026, 1, 5)


def test_care_proceedings_set_the_decision_date() -> None:
    assert default_decision_date(LegalStatus.care_proceedings, ISSUED) == date(2026, 7, 6)


def test_no_decision_date_outside_proceedings_or_without_an_issue_date() -> None:
    assert default_decision_date(LegalStatus.child_protection_plan, ISSUED) is None
    assert default_decision_date(LegalStatus.care_proceedings, None) is None
    assert default_decision_date(LegalStatus.care_proceedings, date.max) is None


def test_weeks_count_whole_weeks_and_the_issue_week_is_week_one() -> None:
    assert weeks_between(ISSUED, date(2026, 1, 18)) == 1
    assert weeks_between(date(2026, 1, 18), ISSUED) == -2  # whole weeks, rounded down
    assert proceedings_week(ISSUED, ISSUED) == 1
    assert proceedings_week(ISSUED, date(2026, 3, 2)) == 9
