"""Words for the codes on the family page and the evidence forms: template filters."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from app import clock
from app.domain.gas import LEVEL_WORDS, signed
from app.web.labels import label

SOURCE = {
    "home_visit": "Home visit",
    "drug_test": "Drug or alcohol test",
    "school_report": "School or nursery report",
    "agency_report": "Report from another agency",
    "parent_report": "What a parent told us",
    "contact_session": "Contact session",
    "other": "Other",
}

STAGE = {
    "precontemplation": "Not thinking about change (precontemplation)",
    "contemplation": "Thinking about change (contemplation)",
    "preparation": "Getting ready to change (preparation)",
    "action": "Making changes (action)",
    "maintenance": "Keeping changes going (maintenance)",
    "relapse": "Gone back to an earlier stage (relapse)",
}

REVIEW_KIND = {
    "core_group": "Core group meeting",
    "child_protection_conference": "Child protection conference",
    "plo_review": "Pre-proceedings (PLO) review meeting",
    "looked_after_review": "Looked-after child review",
    "assessment_review": "Assessment review",
    "other": "Other meeting",
}

PLAN_EVENT = {
    "milestone_achieved": "Milestone achieved",
    "milestone_missed": "Milestone missed",
    "milestone_cancelled": "Milestone cancelled",
    "reward_earned": "Reward earned",
    "reward_given": "Reward given",
    "reward_withdrawn": "Reward withdrawn",
    "consequence_due": "Consequence due",
    "consequence_applied": "Consequence applied",
    "consequence_waived": "Consequence waived",
    "plan_signed_off": "Plan signed off",
    "plan_changes_requested": "Changes to the plan requested",
    "relapse": "Relapse",
}

TIMELINE_KIND = {
    "progress_entry": "Progress",
    "stage_rating": "Stage of change",
    "review_meeting": "Review meeting",
    "plan_event": "Plan",
    "parent_comment": "Parent’s view",
}

STANCE = {"agree": "Agrees", "disagree": "Disagrees", "comment": "Comment"}

TRIGGER = {
    "milestone_achieved": "Earned when the milestone is achieved",
    "milestone_missed": "Due if the milestone is missed",
    "relapse": "Due after a relapse",
    "manual": "Decided by the social worker",
}

# status → (words, GOV.UK tag colour)
STATUS_TAG = {
    "milestone": {
        "pending": ("Pending", "blue"),
        "achieved": ("Achieved", "green"),
        "missed": ("Missed", "red"),
        "cancelled": ("Cancelled", "grey"),
    },
    "reward": {
        "agreed": ("Agreed", "blue"),
        "earned": ("Earned", "green"),
        "given": ("Given", "turquoise"),
        "withdrawn": ("Withdrawn", "grey"),
    },
    "consequence": {
        "agreed": ("Agreed", "blue"),
        "due": ("Due", "orange"),
        "applied": ("Applied", "purple"),
        "waived": ("Waived", "grey"),
    },
    "goal": {
        "proposed": ("Proposed", "yellow"),
        "planned": ("Planned", "blue"),
        "accepted": ("Accepted", "blue"),
        "active": ("Active", "green"),
        "on-hold": ("On hold", "orange"),
        "completed": ("Completed", "turquoise"),
        "cancelled": ("Cancelled", "grey"),
        "entered-in-error": ("Entered in error", "grey"),
        "rejected": ("Rejected", "grey"),
    },
}


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
    return f"{signed(level)} ({LEVEL_WORDS[level]})"


def status_tag(value: Any, kind: str) -> dict[str, str]:
    key = str(getattr(value, "value", value))
    words, colour = STATUS_TAG[kind].get(key, (key.replace("_", " ").capitalize(), "grey"))
    return {"text": words, "classes": f"govuk-tag--{colour}"}


def date_time(value: datetime | None) -> str:
    """3 December 2025 at 2:05pm (UK time)."""
    if value is None:
        return ""
    local = clock.local_time(value)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def _table(table: dict[str, str]) -> Callable[[Any], str]:
    return lambda value: label(value, table)


FILTERS: dict[str, Callable[..., Any]] = {
    "source": _table(SOURCE),
    "stage": _table(STAGE),
    "review_kind": _table(REVIEW_KIND),
    "plan_event": _table(PLAN_EVENT),
    "timeline_kind": _table(TIMELINE_KIND),
    "stance": _table(STANCE),
    "trigger": _table(TRIGGER),
    "level_words": level_words,
    "signed": signed,
    "date_time": date_time,
}

GLOBALS: dict[str, Callable[..., Any]] = {"status_tag": status_tag, "next_actions": next_actions}


def install() -> None:
    """Add these to the page templates (called once when the routers are imported)."""
    from app.web.templating import templates

    templates.env.filters.update(FILTERS)
    templates.env.globals.update(GLOBALS)
    templates.env.globals["source_choices"] = list(SOURCE.items())
    templates.env.globals["stage_choices"] = list(STAGE.items())
    templates.env.globals["review_kind_choices"] = list(REVIEW_KIND.items())
