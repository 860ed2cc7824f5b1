"""Template filters and globals: words for codes (from app.vocabulary), dates the GOV.UK
way (through app.clock), tag colours and the actions a record offers next."""

import enum
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from app import clock, i18n, vocabulary
from app.domain.gas import signed
from app.domain.trend import Trend
from app.models.account import Role
from app.models.evidence import EventSource, PlanEventKind, Source, Stage, Stance
from app.models.family import LegalStatus, MemberRole
from app.models.plan import (
    GAS_LEVELS,
    ConsequenceStatus,
    GoalLifecycle,
    MilestoneState,
    MilestoneStatus,
    RewardStatus,
    Trigger,
)
from app.models.review import ReviewKind
from app.typography import long_date as long_date  # re-exported for pages


def short_date(value: date | datetime | None) -> str:
    """3 Dec 2025."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local_date(value)
    return _short_date(value)


@lru_cache(maxsize=4096)
def _short_date(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 overdue milestone', '3 overdue milestones'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


# each role's pages in the service navigation: (key, address, words)
NAVIGATION = {
    "social_worker": [("caseload", "/caseload", "My caseload")],
    "team_lead": [
        ("team", "/team", "Team dashboard"),
        ("reset-requests", "/reset-requests", "Password requests"),
    ],
    "parent": [("plan", "/your-plan", "Your plan")],
    "admin": [
        ("accounts", "/accounts", "Accounts"),
        ("reset-requests", "/reset-requests", "Password requests"),
    ],
}


def navigation_for(role: Any, current: str | None) -> list[dict[str, Any]]:
    if role is None:
        return []
    return [
        {"href": href, "text": text, "current": key == current}
        for key, href, text in NAVIGATION.get(str(role.value), [])
    ]


def error_for(errors: list[dict[str, str]], field_id: str) -> dict[str, str] | None:
    """The message beside a field, from the error summary's list (``href`` is ``#field``)."""
    for error in errors or []:
        if error.get("href") == f"#{field_id}":
            # the hidden prefix screen readers announce ("Error:") in the page's language
            return {
                "text": i18n.translated(error["text"]),
                "visuallyHiddenText": i18n.gettext("Error"),
            }
    return None


# the colour of each status's tag (the words come from the vocabulary)
TAG_COLOURS: dict[type[enum.Enum], dict[str, str]] = {
    MilestoneStatus: {"pending": "blue", "achieved": "green", "missed": "red", "cancelled": "grey"},
    # as shown: a pending milestone past its due date is overdue
    MilestoneState: {
        "pending": "blue",
        "overdue": "red",
        "achieved": "green",
        "missed": "red",
        "cancelled": "grey",
    },
    RewardStatus: {"agreed": "blue", "earned": "green", "given": "turquoise", "withdrawn": "grey"},
    ConsequenceStatus: {"agreed": "blue", "due": "orange", "applied": "purple", "waived": "grey"},
    GoalLifecycle: {
        "proposed": "yellow",
        "planned": "blue",
        "accepted": "blue",
        "active": "green",
        "on-hold": "orange",
        "completed": "turquoise",
        "cancelled": "grey",
        "entered-in-error": "grey",
        "rejected": "grey",
    },
}
_TAG_KINDS = {
    "milestone": MilestoneState,  # takes a MilestoneStatus too: the same values and more
    "reward": RewardStatus,
    "consequence": ConsequenceStatus,
    "goal": GoalLifecycle,
}


def status_tag(value: Any, kind: str) -> dict[str, str]:
    of = _TAG_KINDS[kind]
    colour = TAG_COLOURS[of].get(str(getattr(value, "value", value)), "grey")
    return {"text": vocabulary.staff(value, of), "classes": f"govuk-tag--{colour}"}


# what may be done next with a reward or consequence: action → (new status, words).
# The incentives service refuses anything else; these only decide which buttons show.
ACTIONS = {
    "reward": {
        "earn": ("earned", "Mark as earned"),
        "give": ("given", "Give the reward"),
        "withdraw": ("withdrawn", "Withdraw the reward"),
    },
    "consequence": {
        "make-due": ("due", "Mark as due"),
        "apply": ("applied", "Apply the consequence"),
        "waive": ("waived", "Waive the consequence"),
    },
}
_NEXT = {
    "reward": {"agreed": ("earn", "withdraw"), "earned": ("give", "withdraw")},
    "consequence": {"agreed": ("make-due", "waive"), "due": ("apply", "waive")},
}
_SET_OFF_BY_MILESTONE = ("milestone_achieved", "milestone_missed")


def next_actions(record: Any, kind: str) -> list[tuple[str, str]]:
    """The actions to offer on a reward or consequence: (action, words)."""
    status = str(getattr(record.status, "value", record.status))
    trigger = str(getattr(record.trigger, "value", record.trigger))
    found = []
    for action in _NEXT[kind].get(status, ()):
        if action in ("earn", "make-due") and trigger in _SET_OFF_BY_MILESTONE:
            continue  # set off by the milestone's outcome, not by hand
        found.append((action, ACTIONS[kind][action][1]))
    return found


def level_words(level: int | None) -> str:
    """'−1 (somewhat less than expected)'; 'Not scored' for no score."""
    if level is None:
        return "Not scored"
    return f"{signed(level)} ({vocabulary.gas_level(level)})"


def trend_sentences(trend: Trend) -> str:
    """A goal's trend in plain sentences: where it is, which way it is going, by when.

    'The latest level is −2 (much less than expected), on 3 November 2026. Over the last
    8 scores, since 10 August 2026, it has been falling by about 0.05 of a level a week.
    The decision is due by 10 December 2026.'
    """
    said: list[str] = []
    if trend.latest_level is not None:
        on = f", on {long_date(trend.last_on)}" if trend.last_on else ""
        said.append(f"The latest level is {level_words(trend.latest_level)}{on}.")
    if trend.slope is None:
        said.append("There are too few scores on different dates to show which way it is going.")
    else:
        since = f", since {long_date(trend.first_on)}," if trend.first_on else ""
        size = abs(trend.slope)
        if size < 0.005:
            movement = "it has stayed about the same"
        else:
            way = "rising" if trend.slope > 0 else "falling"
            movement = f"it has been {way} by about {size:.2f} of a level a week"
        said.append(f"Over the last {plural(trend.points_used, 'score')}{since} {movement}.")
    if trend.projected_on:
        said.append(
            f"At that rate it would reach the expected level by {long_date(trend.projected_on)}."
        )
    if trend.decision_date:
        said.append(f"The decision is due by {long_date(trend.decision_date)}.")
    return " ".join(said)


def date_time(value: datetime | None) -> str:
    """3 December 2025 at 2:05pm (UK time): the same format as the parents' pages."""
    return i18n.moment(value)


def _words(of: type[enum.Enum], reader: vocabulary.Reader = "staff") -> Callable[[Any], str]:
    return lambda value: vocabulary.words(value, of, reader)


def words(value: Any, of: str | None = None) -> str:
    """Staff words for a code: ``{{ member.role | words }}``; a stored string names its enum,
    ``{{ item.visibility | words("Visibility") }}``."""
    return vocabulary.staff(value, of)


def parent_words(value: Any, of: str | None = None) -> str:
    """A parent's words for a code, in their language."""
    return vocabulary.parent(value, of)


def lang_en() -> Markup:
    """` lang="en"` on an element holding English that people typed, when the page is Welsh.

    Goal titles, notes and names are written by staff in English; a screen reader then
    reads them in English inside a Welsh page.
    """
    return Markup(' lang="en"') if i18n.current() == "cy" else Markup("")


GLOBALS: dict[str, Any] = {
    # the five GAS levels in the one order they are ever listed: as written, −2 to +2
    "gas_levels": GAS_LEVELS,
    "lang_en": lang_en,
    "navigation_for": navigation_for,
    "error_for": error_for,
    "status_tag": status_tag,
    "next_actions": next_actions,
    "source_choices": vocabulary.choices(Source),
    "event_source_choices": vocabulary.choices(EventSource),
    "stage_choices": vocabulary.choices(Stage),
    "review_kind_choices": vocabulary.choices(ReviewKind),
}

FILTERS: dict[str, Callable[..., Any]] = {
    "words": words,
    "parent_words": parent_words,
    "legal_status": _words(LegalStatus),
    "member_role": _words(MemberRole),
    "role": _words(Role),
    "source": _words(Source),
    "event_source": _words(EventSource),
    "stage": _words(Stage),
    "review_kind": _words(ReviewKind),
    "plan_event": _words(PlanEventKind),
    "stance": _words(Stance),
    "trigger": _words(Trigger),
    "timeline_kind": lambda kind: vocabulary.RECORD_KINDS.get(str(kind), str(kind)),
    "level_words": level_words,
    "trend_sentences": trend_sentences,
    "signed": signed,
    "long_date": long_date,
    "short_date": short_date,
    "date_time": date_time,
    "plural": plural,
}
