"""The child's timescale in care proceedings: the statutory last day, extensions, weeks.

Children Act 1989 s.32(1)(a): proceedings end "in any event within twenty-six
weeks beginning with the day on which the application was issued". Twenty-six
weeks *beginning with* the issue day end on issue day + 181 days, which is in
week 26. The court may extend by at most 8 weeks at a time (s.32(5)-(8)).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from app.models.family import LegalStatus

STATUTORY_WEEKS = 26
PROCEEDINGS_WEEKS = STATUTORY_WEEKS
MAX_EXTENSION_WEEKS = 8
STATUTE = "Children Act 1989, section 32(1)(a)"


def last_day(issued_on: date, extension_weeks: int = 0) -> date:
    """The last day of the timescale: the issue day counts as day 1 of week 1."""
    return issued_on + timedelta(days=(STATUTORY_WEEKS + extension_weeks) * 7 - 1)


def default_decision_date(
    legal_status: LegalStatus, issued_on: date | None, extension_weeks: int = 0
) -> date | None:
    """The statutory last day (with any extensions) for a family in care proceedings whose
    issue date is known; None otherwise (or for a date past the calendar's end)."""
    if legal_status != LegalStatus.care_proceedings or issued_on is None:
        return None
    try:
        return last_day(issued_on, extension_weeks)
    except OverflowError:
        return None


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (end - start).days // 7


def proceedings_week(issued_on: date, on: date) -> int:
    """Which week of the proceedings ``on`` falls in: the issue day is in week 1."""
    return weeks_between(issued_on, on) + 1


week_of = proceedings_week


def _long(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


@dataclass(frozen=True)
class Timescale:
    """When a decision about the child is due, and why.

    ``issued_on`` is set when the date follows the statute (care proceedings with
    an issue date); otherwise ``decision_date`` is the date set for the assessment.
    """

    decision_date: date | None
    issued_on: date | None = None
    extension_weeks: int = 0
    extensions: int = 0

    @property
    def statutory(self) -> bool:
        return self.issued_on is not None

    @property
    def total_weeks(self) -> int:
        return STATUTORY_WEEKS + self.extension_weeks

    def week(self, day: date) -> int | None:
        """The week of the proceedings ``day`` is in (None outside statutory timescales)."""
        return week_of(self.issued_on, day) if self.issued_on else None

    def sentence(self) -> str:
        """The rule and any extension, in one sentence (used wherever the date appears)."""
        if self.decision_date is None:
            return "No decision date has been set for this assessment."
        if self.issued_on is None:
            return (
                f"The decision is due by {_long(self.decision_date)}, "
                "the date set for this assessment."
            )
        base = (
            f"Care proceedings were issued on {_long(self.issued_on)}, and the law "
            f"({STATUTE}) allows {STATUTORY_WEEKS} weeks beginning with that day"
        )
        if not self.extensions:
            return f"{base}, so the decision is due by {_long(self.decision_date)}."
        times = "once" if self.extensions == 1 else f"{self.extensions} times"
        return (
            f"{base}; the court extended this {times}, by {_weeks(self.extension_weeks)} "
            f"in all, so the decision is due by {_long(self.decision_date)}."
        )

    def position(self, day: date) -> str:
        """Where ``day`` stands against the timescale, in words consistent with the sentence."""
        if self.decision_date is None:
            return ""
        days = (self.decision_date - day).days
        if self.issued_on is not None and day >= self.issued_on:
            week = week_of(self.issued_on, day)
            if days >= 0:
                return f"{_long(day)} is in week {week} of {self.total_weeks}."
            return f"{_long(day)} is {_weeks((-days + 6) // 7)} past the last day."
        if days > 0:
            return f"{_long(day)} is {days} day{'s' if days != 1 else ''} before the decision date."
        if days == 0:
            return f"{_long(day)} is the decision date."
        return f"{_long(day)} is {-days} day{'s' if days != -1 else ''} after the decision date."


def timescale(
    decision_date: date | None,
    issued_on: date | None = None,
    extension_weeks: int = 0,
    extensions: int = 0,
) -> Timescale:
    """The one rule: in care proceedings with an issue date, the statute (plus any
    extensions) decides the date; otherwise the date set for the assessment stands."""
    if issued_on is not None:
        try:
            return Timescale(
                last_day(issued_on, extension_weeks), issued_on, extension_weeks, extensions
            )
        except OverflowError:
            pass
    return Timescale(decision_date)
