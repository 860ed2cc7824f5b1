"""Correcting evidence without rewriting it: amendments and entries made in error.

Progress entries, stage-of-change ratings and review meetings share these
mechanics. A correction is a new row whose ``amends_id`` points at the version
it corrects; the original stays as it was. Only the latest version of a chain
can be amended or marked entered in error (the unique ``amends_id`` makes a
fork impossible even when two people amend at once). Marking entered in error
fills in the ``entered_in_error_*`` fields and nothing else.

The input rules every form shares (safe text, the evidence date window, paging
bounds) live in ``app.services.inputs``; the names evidence services use are
re-exported here.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from app import clock
from app.models.account import User
from app.models.base import utcnow
from app.models.evidence import Visibility
from app.services import access, audit, inputs
from app.services.context import Actor
from app.services.editing import snapshot
from app.services.errors import Conflict, Invalid
from app.services.inputs import (
    EARLIEST,
    LATEST,
    OFFSET_MAX,
    PAGE_MAX,
    CaseDate,
    Printable,
    Visible,
)

__all__ = [
    "EARLIEST",
    "LATEST",
    "OFFSET_MAX",
    "PAGE_MAX",
    "CaseDate",
    "Printable",
    "Reason",
    "Visible",
]

M = TypeVar("M", bound=SQLModel)
C = TypeVar("C", bound=SQLModel)

# fields a correction never copies from the version it corrects
_BOOKKEEPING = frozenset(
    {
        "id",
        "recorded_at",
        "recorded_by_id",
        "amends_id",
        "amendment_reason",
        "entered_in_error_at",
        "entered_in_error_by_id",
        "entered_in_error_reason",
    }
)


def is_backdated(occurred_on: date, recorded_at: datetime) -> bool:
    """Written down on a later day than it happened."""
    return occurred_on < clock.local_date(recorded_at)


Reason = Annotated[str, PydanticField(min_length=1, max_length=2000), Printable, Visible]


class EvidenceRead(SQLModel):
    """What every correctable record shows: who, when, and its place in the chain."""

    id: uuid.UUID
    family_id: uuid.UUID
    occurred_on: date
    recorded_at: datetime
    recorded_by_id: uuid.UUID
    recorded_by_name: str
    # written down on a later day than it happened
    backdated: bool
    visibility: Visibility
    # the version this one corrects, and why
    amends_id: uuid.UUID | None
    amendment_reason: str | None
    # False for a version a later amendment replaced
    is_current: bool
    entered_in_error: bool
    entered_in_error_at: datetime | None
    entered_in_error_reason: str | None


def read_fields(record: Any, names: dict[uuid.UUID, str], *, is_current: bool) -> dict[str, Any]:
    """The record's columns plus the derived fields of ``EvidenceRead``."""
    data: dict[str, Any] = record.model_dump(exclude={"entered_in_error_by_id"})
    return data | {
        "recorded_by_name": names.get(record.recorded_by_id, ""),
        "backdated": is_backdated(record.occurred_on, record.recorded_at),
        "is_current": is_current,
        "entered_in_error": record.entered_in_error_at is not None,
    }


def user_names(session: Session, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Display names of the people who recorded things (one query)."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all()
    return dict(rows)


def readable_versions(actor: Actor, record: Any, versions: list[M]) -> tuple[list[M], Any]:
    """The versions of a chain the actor may read, and the id of the latest version.

    A parent reads only the current version (``record``, already checked by access):
    earlier versions may say what a correction took back.
    """
    latest_id = versions[-1].id if versions else record.id  # type: ignore[attr-defined]
    if actor.is_parent:
        versions = [v for v in versions if v.id == record.id]  # type: ignore[attr-defined]
    return versions, latest_id


def parent_view(actor: Actor, model: Any) -> list[ColumnElement[bool]]:
    """Conditions for what the actor may read of a record (see ``access.visible``)."""
    return access.visible(actor, model)


def readable(session: Session, actor: Actor, model: type[M], record_id: uuid.UUID) -> M:
    """A record the actor may read, else 404 (audited); for a parent, its current version."""
    return access.get_record(session, actor, model, record_id)


class CorrectionReason(SQLModel):
    """Why a record is being marked entered in error."""

    reason: Reason


def audit_entity(record: SQLModel | type[SQLModel]) -> str:
    """The name the audit trail uses for a record's kind (as access.deny does)."""
    cls = record if isinstance(record, type) else type(record)
    return cls.__name__.lower()


def validated(model: type[C], data: dict[str, Any]) -> C:
    """Validate merged input; a broken rule becomes ``Invalid`` (422), never a 500."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise Invalid(field, inputs.reason(dict(first))) from exc


def content_of(record: SQLModel) -> dict[str, Any]:
    """The record's own content: everything a correction copies when left unchanged."""
    return {
        name: getattr(record, name)
        for name in type(record).model_fields
        if name not in _BOOKKEEPING
    }


def merge(model: type[C], record: SQLModel, changes: SQLModel, **extra: Any) -> C:
    """The record's content with the fields the caller set, validated as a new record."""
    data = content_of(record) | extra
    data.update(changes.model_dump(exclude_unset=True, exclude={"reason"}))
    return validated(model, data)


def is_current(model: Any) -> ColumnElement[bool]:
    """Rows no later version amends: the current version of each chain."""
    return access.is_current(model)


def not_in_error(model: Any) -> ColumnElement[bool]:
    return model.entered_in_error_at.is_(None)  # type: ignore[no-any-return]


def chain(session: Session, model: type[M], record: Any) -> list[M]:
    """Every version of the record's amendment chain, oldest first (one query)."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    up = select(table.c.id, table.c.amends_id).where(table.c.id == record.id)
    up_cte = up.cte("versions_up", recursive=True)
    up_cte = up_cte.union_all(
        select(table.c.id, table.c.amends_id).where(table.c.id == up_cte.c.amends_id)
    )
    down = select(table.c.id).where(table.c.id == record.id).cte("versions_down", recursive=True)
    down = down.union_all(select(table.c.id).where(table.c.amends_id == down.c.id))
    cls: Any = model
    rows = session.exec(
        select(model).where(sa.or_(cls.id.in_(select(up_cte.c.id)), cls.id.in_(select(down.c.id))))
    ).all()
    return order_chain(rows)


def order_chain(rows: Sequence[M]) -> list[M]:
    """Put one chain's versions in order by following ``amends_id``."""
    by_amends = {getattr(r, "amends_id", None): r for r in rows}
    ids = {getattr(r, "id", None) for r in rows}
    root = next((r for r in rows if getattr(r, "amends_id", None) not in ids), None)
    ordered: list[M] = []
    while root is not None:
        ordered.append(root)
        root = by_amends.get(getattr(root, "id", None))
    return ordered


def _latest_conflict(session: Session, model: type[M], record: Any, entity: str) -> Conflict:
    versions = chain(session, model, record)
    return Conflict(
        f"This {entity} has been amended since; amend or correct the latest version",
        current=snapshot(versions[-1]) if versions else {},
    )


def load_latest(
    session: Session, actor: Actor, model: type[M], record_id: uuid.UUID, entity: str
) -> M:
    """The version to correct, locked, if the actor may correct it.

    Staff only; 404 if the actor may not see it; 409 if a later version exists or
    the record was entered in error.
    """
    access.require_staff(actor)
    record: Any = access.get_record(session, actor, model, record_id, for_update=True)
    cls: Any = model
    successor = session.exec(select(cls.id).where(cls.amends_id == record.id)).first()
    if successor is not None:
        raise _latest_conflict(session, model, record, entity)
    if record.entered_in_error_at is not None:
        raise Conflict(
            f"This {entity} was marked entered in error and cannot be changed",
            current=snapshot(record),
        )
    return record  # type: ignore[no-any-return]


def new_version(
    session: Session,
    actor: Actor,
    old: M,
    content: SQLModel,
    reason: str,
    entity: str,
    *,
    exclude: set[str] | None = None,
) -> M:
    """Add the amending row (not committed): the content, plus who, when and why.

    ``content`` is the validated merged input; ``exclude`` names its fields that are
    not columns (such as ``parent_ids``).
    """
    data = content.model_dump(exclude=exclude or set())
    keep = {"family_id", "goal_id", "member_id"}
    data |= {k: getattr(old, k) for k in keep if hasattr(old, k) and k not in data}
    data = {k: v for k, v in data.items() if k in type(old).model_fields}
    new = type(old)(
        **data,
        amends_id=old.id,  # type: ignore[attr-defined]
        amendment_reason=reason,
        recorded_by_id=actor.user.id,
        recorded_at=utcnow(),
    )
    session.add(new)
    flush(session, entity)
    audit.record(session, actor, "amend", audit_entity(new), new.id, new.family_id)  # type: ignore[attr-defined]
    return new


def flush(session: Session, entity: str) -> None:
    """Flush; a clash with a row saved meanwhile (another amendment) is a 409."""
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(
            f"Someone else amended this {entity} at the same time; reload it and try again"
        ) from exc


def commit(session: Session, entity: str) -> None:
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(
            f"Someone else amended this {entity} at the same time; reload it and try again"
        ) from exc


def mark_entered_in_error(
    session: Session,
    actor: Actor,
    model: type[M],
    record_id: uuid.UUID,
    reason: str,
    entity: str,
) -> M:
    """Mark the latest version entered in error, with a reason; commits.

    409 if it is already marked, or if a later version exists.
    """
    record: Any = load_latest(session, actor, model, record_id, entity)
    record.entered_in_error_at = utcnow()
    record.entered_in_error_by_id = actor.user.id
    record.entered_in_error_reason = reason
    session.add(record)
    audit.record(
        session, actor, "entered_in_error", audit_entity(record), record.id, record.family_id
    )
    commit(session, entity)
    return record  # type: ignore[no-any-return]
