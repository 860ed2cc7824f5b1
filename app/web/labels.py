"""Words for codes, and dates the GOV.UK way: template filters."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from app import clock

LEGAL_STATUS = {
    "child_in_need": "Child in need",
    "child_protection_plan": "Child protection plan",
    "plo_pre_proceedings": "Pre-proceedings (PLO)",
    "care_proceedings": "Care proceedings",
}

MEMBER_ROLE = {"parent": "Parent", "carer": "Carer", "child": "Child"}

ROLE = {
    "social_worker": "Social worker",
    "team_lead": "Team lead",
    "parent": "Parent or carer",
    "admin": "Administrator",
}


def label(value: Any, table: dict[str, str]) -> str:
    key = str(getattr(value, "value", value))
    return table.get(key, key.replace("_", " ").capitalize())


def long_date(value: date | datetime | None) -> str:
    """3 December 2025 (times in UK local time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local_date(value)
    return f"{value.day} {value:%B %Y}"


def short_date(value: date | datetime | None) -> str:
    """3 Dec 2025."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local_date(value)
    return f"{value.day} {value:%b %Y}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 overdue milestone', '3 overdue milestones'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


# each role's pages in the service navigation: (key, address, words)
NAVIGATION = {
    "social_worker": [("caseload", "/caseload", "My caseload")],
    "team_lead": [("team", "/team", "Team dashboard")],
    "parent": [("plan", "/your-plan", "Your plan")],
    "admin": [("accounts", "/accounts", "Accounts")],
}


def navigation_for(actor: Any, current: str | None) -> list[dict[str, Any]]:
    if actor is None:
        return []
    return [
        {"href": href, "text": text, "current": key == current}
        for key, href, text in NAVIGATION.get(str(actor.role.value), [])
    ]


def error_for(errors: list[dict[str, str]], field_id: str) -> dict[str, str] | None:
    """The message beside a field, from the error summary's list (``href`` is ``#field``)."""
    for error in errors or []:
        if error.get("href") == f"#{field_id}":
            return {"text": error["text"]}
    return None


GLOBALS: dict[str, Callable[..., Any]] = {
    "navigation_for": navigation_for,
    "error_for": error_for,
}

FILTERS: dict[str, Callable[..., Any]] = {
    "legal_status": lambda v: label(v, LEGAL_STATUS),
    "member_role": lambda v: label(v, MEMBER_ROLE),
    "role": lambda v: label(v, ROLE),
    "long_date": long_date,
    "short_date": short_date,
    "plural": plural,
}
