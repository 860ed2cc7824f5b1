"""Editing a versioned record: the one place a stale edit becomes a 409."""

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from app.models.base import Versioned, utcnow
from app.services import audit
from app.services.context import Actor
from app.services.errors import Conflict

V = TypeVar("V", bound=Versioned)


def snapshot(record: SQLModel) -> dict[str, Any]:
    """The record as JSON-ready data, for a conflict answer or an audit detail."""
    return record.model_dump(mode="json")


def check_version(record: Versioned, expected: int, entity: str) -> None:
    if record.version != expected:
        raise Conflict(
            f"This {entity} was changed by someone else while you were editing "
            f"(you edited version {expected}, it is now version {record.version})",
            current=snapshot(record),
        )


def apply_changes(
    session: Session,
    actor: Actor,
    record: V,
    changes: SQLModel,
    entity: str,
    family_id: Any,
    *,
    exclude: set[str] | None = None,
) -> V:
    """Check the version, copy the fields the caller set, bump the version, audit.

    ``record`` must have been loaded ``for_update`` so two editors of the same
    version cannot both pass the check. The caller commits.
    """
    data = changes.model_dump(exclude_unset=True, exclude={"version", *(exclude or set())})
    check_version(record, changes.version, entity)  # type: ignore[attr-defined]
    for field, value in data.items():
        setattr(record, field, value)
    record.version += 1
    if hasattr(record, "updated_at"):
        record.updated_at = utcnow()
    session.add(record)
    audit.record(session, actor, "update", entity, getattr(record, "id", ""), family_id)
    return record
