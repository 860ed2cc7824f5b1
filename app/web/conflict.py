"""The page shown when an edit was based on a stale version of a record.

A service refuses such an edit with ``Conflict(current=…)``. The form is shown
again with the user's input kept, the current version number in its hidden
field (so saving again applies their input), and a message naming who changed
the record and when, with both versions side by side, field by field.

Use: ``if is_stale(exc, submitted_version): context["conflict"] = conflict_view(…)``,
and in the template ``{% from "macros/conflict.html" import conflict_summary %}``
then ``{{ conflict_summary(conflict) }}``.
"""

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from app import clock
from app.services import refusals
from app.services.audit import changes
from app.services.context import Actor
from app.services.errors import Conflict

Display = Callable[[str, Any], str]


@dataclass(frozen=True)
class Row:
    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class ConflictView:
    entity: str  # in words: "goal", "family member"
    by: str
    when: str  # "10:42am on 3 December 2025"
    at: datetime | None
    rows: list[Row]  # the fields where the two versions differ
    version: int  # the current version: saving again applies the user's input to it


def is_stale(exc: Conflict, version: int | None) -> bool:
    """A refusal because someone saved a newer version (not another kind of conflict)."""
    current = exc.current.get("version")
    return isinstance(current, int) and version is not None and current != version


def when(at: datetime) -> str:
    local = clock.local_time(at)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'} on {local.day} {local:%B %Y}"


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def plain(field: str, value: Any) -> str:
    """A stored value in words: dates the GOV.UK way, lists one after another."""
    if value is None or value == "" or value == []:
        return "Not given"
    if isinstance(value, list):
        return ", ".join(plain(field, v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day} {day:%B %Y}"
    return str(value)


def differences(
    theirs: Mapping[str, Any],
    yours: Mapping[str, Any],
    fields: Sequence[tuple[str, str]],
    display: Display = plain,
) -> list[Row]:
    """Each field (name, label) the user edited where the saved version differs."""
    return [
        Row(label, display(name, theirs.get(name)), display(name, yours.get(name)))
        for name, label in fields
        if name in yours and _comparable(theirs.get(name)) != _comparable(yours.get(name))
    ]


def conflict_view_outside_families(
    session: Session,
    actor: Actor,
    exc: Conflict,
    model: type[Any],
    record_id: uuid.UUID,
    *,
    entity: str,
    actions: Sequence[str],
    fields: Sequence[tuple[str, str]],
    yours: Mapping[str, Any],
) -> ConflictView:
    """The same view for a record no family holds (a team): who changed it, and when,
    from the ``actions`` in its own trail."""
    change = changes.last_change_outside_families(
        session, model.__name__.lower(), record_id, actions
    )
    refusals.record_conflict(session, actor, model, record_id)
    return ConflictView(
        entity=entity,
        by=change.by if change else "someone else",
        when=when(change.at) if change else "a moment ago",
        at=change.at if change else None,
        rows=differences(exc.current, yours, fields),
        version=int(exc.current["version"]),
    )


def conflict_view(
    session: Session,
    actor: Actor,
    exc: Conflict,
    model: type[Any],
    record_id: uuid.UUID,
    *,
    entity: str,
    fields: Sequence[tuple[str, str]],
    yours: Mapping[str, Any],
    display: Display = plain,
    theirs: Mapping[str, Any] | None = None,
) -> ConflictView:
    """What to show: who changed the record and when (from the audit trail), and the rows
    that differ between the saved version (``exc.current``) and the user's (``yours``,
    JSON-shaped like ``exc.current``: ``model_dump(mode="json")`` of the parsed input).
    ``theirs`` adds to ``exc.current`` what the record alone does not hold (a goal's parents).
    """
    change = changes.last_change(session, actor, model, record_id)
    # the losing side of the race is audited, in the family's own trail
    refusals.record_conflict(session, actor, model, record_id)
    return ConflictView(
        entity=entity,
        by=change.by if change else "someone else",
        when=when(change.at) if change else "a moment ago",
        at=change.at if change else None,
        rows=differences({**exc.current, **(theirs or {})}, yours, fields, display),
        version=int(exc.current["version"]),
    )
