"""Rotating the key that encrypts secrets at rest (see app/crypto.py)."""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from app import crypto
from app.services import audit


def _raw(table: sa.Table, column: sa.Column[Any]) -> sa.TableClause:
    """The table as plain columns, so the stored tokens are read and written untouched."""
    keys = [sa.column(c.name, c.type) for c in table.primary_key.columns]
    return sa.table(table.name, *keys, sa.column(column.name, sa.String()))


def rotate(session: Session) -> int:
    """Re-encrypt every stored secret under the newest configured key; the number of secrets.

    Any configured key may open a secret; afterwards only the newest is needed.
    """
    count = 0
    for table, column in crypto.encrypted_columns(SQLModel.metadata):
        raw = _raw(table, column)
        keys = [raw.c[c.name] for c in table.primary_key.columns]
        rows = session.execute(sa.select(*keys, raw.c[column.name])).all()
        for row in rows:
            *ids, token = row
            where = sa.and_(*(key == value for key, value in zip(keys, ids, strict=True)))
            renewed = crypto.rotate(token)
            session.execute(raw.update().where(where).values({column.name: renewed}))
            count += 1
    audit.record_anonymous(session, "rotate_keys", "secrets", count, request_id="cct")
    session.commit()
    return count
