"""Everything held about one family, as JSON: for a subject access request.

Tables are found from the schema, not listed by hand, so a table added later
is exported too: every table with a ``family_id`` column, and every table that
points at one of those (goal parents, the parents' accounts…). Secrets
(password hashes) are left out. The export is audited, and includes its own
audit event.
"""

import datetime as dt
import enum
import json
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from app import clock
from app.models.family import Family
from app.services import audit
from app.services.errors import NotFound

FORMAT = "cct-subject-access-export/1"
# never exported: they are secrets, not information about the person
_SECRET_COLUMNS = {"password_hash", "token_hash", "code_hash", "secret", "csrf_token"}


def _tables() -> tuple[list[sa.Table], list[tuple[sa.Table, sa.Column[Any], sa.Table]]]:
    """Tables holding a family's rows directly, and those linked to one of them."""
    direct = [t for t in SQLModel.metadata.sorted_tables if "family_id" in t.c]
    direct_names = {t.name for t in direct}
    linked = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in direct_names:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name in direct_names and fk.column.name == "id":
                linked.append((table, fk.parent, fk.column.table))
    return direct, linked


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _rows(session: Session, query: sa.Select[Any], table: sa.Table) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    rows = session.execute(query.order_by(*order)).mappings().all()
    return [{k: _value(v) for k, v in row.items() if k not in _SECRET_COLUMNS} for row in rows]


def collect(session: Session, family: Family) -> dict[str, Any]:
    direct, linked = _tables()
    data: dict[str, Any] = {}
    for table in direct:
        query = sa.select(table).where(table.c.family_id == family.id)
        if table.name == "family":
            continue
        data[table.name] = _rows(session, query, table)
    for table, column, parent in linked:
        parent_ids = sa.select(parent.c.id).where(parent.c.family_id == family.id)
        query = sa.select(table).where(column.in_(parent_ids))
        data.setdefault(table.name, []).extend(_rows(session, query, table))
    family_table = Family.__table__  # type: ignore[attr-defined]
    family_row = _rows(
        session, sa.select(family_table).where(family_table.c.id == family.id), family_table
    )
    return {"format": FORMAT, "family": family_row[0], "records": data}


def export_family(
    session: Session, reference: str, out: Path, *, by: str = "cli"
) -> dict[str, int]:
    """Write the family's data to ``out`` as JSON. Returns how many rows of each kind."""
    family = session.exec(select(Family).where(Family.case_reference == reference)).first()
    if family is None:
        raise NotFound("family")
    audit.record_anonymous(
        session, "export", "family", family.id, request_id=by, family_id=family.id
    )
    audit.write_queued(session)  # the export holds its own event
    document = collect(session, family)
    document["exported_at"] = clock.now().isoformat()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    session.commit()
    return {name: len(rows) for name, rows in document["records"].items()}
