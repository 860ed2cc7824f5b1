"""A family's progress entries as plain rows: the one read behind its scores and trends.

The rows carry what the series of levels reads (``app.domain.series``): plain rows of
those columns, not whole records (whole records cost a tenth of a family page, py-spy).
Staff read every entry of their families, so theirs is one statement built once, and a
page composed of several parts (the scores and the measures) reads it once.
"""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from app import db
from app.models.evidence import ProgressEntry
from app.services import access
from app.services.context import Actor

# untyped: sqlmodel's select overloads stop at four columns
_select: Any = sa.select


def _series_rows(visible: list[Any]) -> Any:
    """The family's entries the caller may see, the family bound at execution."""
    return _select(
        col(ProgressEntry.id),
        col(ProgressEntry.goal_id),
        col(ProgressEntry.amends_id),
        col(ProgressEntry.entered_in_error_at),
        col(ProgressEntry.gas_score),
        col(ProgressEntry.occurred_on),
        col(ProgressEntry.recorded_at),
    ).where(
        col(ProgressEntry.family_id) == sa.bindparam("series_family_id", type_=sa.Uuid),
        *visible,
    )


# built once for staff (a parent's depends on who they are and is built per request)
_STAFF_SERIES_ROWS = _series_rows([])


def staff_entry_rows(session: Session, family_id: uuid.UUID) -> Sequence[Any]:
    """Every entry of a family a member of staff has opened (access checked by the caller),
    every version, in error or not; read once for a composed page."""
    return access.remembered(
        session,
        ("staff_entry_rows", family_id),
        lambda: db.plain_rows(session, _STAFF_SERIES_ROWS, {"series_family_id": family_id}),
    )


def family_entry_rows(session: Session, actor: Actor, family_id: uuid.UUID) -> Sequence[Any]:
    """The family's entries the actor may see (access to the family checked by the caller)."""
    visible = access.visible(actor, ProgressEntry)
    if not visible:
        return staff_entry_rows(session, family_id)
    return db.plain_rows(session, _series_rows(visible), {"series_family_id": family_id})
