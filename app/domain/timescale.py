"""The child's timescale: the decision date care proceedings set, and weeks elapsed."""

from datetime import date, timedelta

from app.models.family import LegalStatus

# Children and Families Act 2014 s.14: care proceedings finish within 26 weeks of issue
PROCEEDINGS_WEEKS = 26


def default_decision_date(legal_status: LegalStatus, issued_on: date | None) -> date | None:
    """Issued date + 26 weeks for a family in care proceedings whose issue date is known."""
    if legal_status != LegalStatus.care_proceedings or issued_on is None:
        return None
    try:
        return issued_on + timedelta(weeks=PROCEEDINGS_WEEKS)
    except OverflowError:
        return None


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (end - start).days // 7


def proceedings_week(issued_on: date, on: date) -> int:
    """Which week of the proceedings ``on`` falls in: the issue week is week 1."""
    return weeks_between(issued_on, on) + 1
