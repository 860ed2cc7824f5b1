"""What a parent's plan says about them and for them, in their own words.

- each step towards a goal has one status: done, missed, late, next or due by a date,
  read from the one milestone rule staff see "Overdue" from
  (``app.services.plan.milestones.milestone_state``);
- whom a goal is for: "you", or "you and Lee" when it is a joint goal (the other parent
  named only because the goal is theirs as well, so they read it too);
- how to reach the social worker and where to get independent advice, from settings,
  in the language of the page.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app import i18n
from app.config import get_settings
from app.models.plan import Milestone, MilestoneState
from app.services.plan.milestones import milestone_state


class StepStatus(enum.StrEnum):
    done = "done"
    missed = "missed"
    # the date has passed and the worker has not yet said how it went (staff: "Overdue")
    late = "late"
    # the first step still to do
    next = "next"
    # a later step, due by its date
    due = "due"


_FROM_STATE = {
    MilestoneState.achieved: StepStatus.done,
    MilestoneState.missed: StepStatus.missed,
    MilestoneState.overdue: StepStatus.late,
}


def step_statuses(milestones: Sequence[Milestone], today: date) -> list[StepStatus]:
    """The status of each step of one goal (in due-date order); only one is "next"."""
    found: list[StepStatus] = []
    next_given = False
    for milestone in milestones:
        state = milestone_state(milestone, today)
        status = _FROM_STATE.get(state)
        if status is None:
            status = StepStatus.due if next_given else StepStatus.next
            next_given = True
        found.append(status)
    return found


def first_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[0] if parts else full_name


@dataclass(frozen=True)
class ForWhom:
    """Whom a goal is for, as the reading parent sees it."""

    # the reader is one of the goal's parents
    yours: bool
    # the first names of the goal's other parents (only when the goal is the reader's too)
    with_names: tuple[str, ...]


def for_whom(reader: object, parents: Iterable[tuple[object, str]]) -> ForWhom:
    """``parents``: (member id, full name) of each parent the goal applies to."""
    members = list(parents)
    yours = any(member_id == reader for member_id, _ in members)
    if not yours:
        # shared with every parent by the worker: nobody else is named
        return ForWhom(False, ())
    others = tuple(first_name(name) for member_id, name in members if member_id != reader)
    return ForWhom(True, others)


@dataclass(frozen=True)
class Help:
    """How to reach the social worker's team, and independent advice (from settings)."""

    team_phone: str
    team_hours: str
    solicitor: str
    advice_line_name: str
    advice_line_phone: str
    advice_line_hours: str
    advice_line_about: str


def help_for(language: str | None = None) -> Help:
    """The contact details and advice, in the page's language (Welsh where set)."""
    settings = get_settings()
    welsh = (language or i18n.current()) == "cy"

    def words(name: str) -> str:
        value: str = getattr(settings, name)
        if welsh:
            return str(getattr(settings, f"{name}_cy", "") or value)
        return value

    return Help(
        team_phone=settings.team_phone,
        team_hours=words("team_hours"),
        solicitor=words("solicitor_advice"),
        advice_line_name=words("advice_line_name"),
        advice_line_phone=settings.advice_line_phone,
        advice_line_hours=words("advice_line_hours"),
        advice_line_about=words("advice_line_about"),
    )
