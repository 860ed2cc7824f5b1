"""encrypt authenticator secrets at rest

Revision ID: 5c1d2e7f9a10
Revises: 7dc3c95ef183
Create Date: 2026-12-01 01:00:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app import crypto

revision: str = "5c1d2e7f9a10"
down_revision: str | None = "7dc3c95ef183"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the raw column, read and written as plain text (no automatic encryption here)
_totp = sa.table("totpenrolment", sa.column("user_id", sa.Uuid()), sa.column("secret", sa.String()))


def _rewrite(change: Callable[[str], str]) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(_totp.c.user_id, _totp.c.secret)).all()
    for user_id, secret in rows:
        new = change(secret)
        if new != secret:
            conn.execute(_totp.update().where(_totp.c.user_id == user_id).values(secret=new))


def upgrade() -> None:
    # a Fernet token of a 32-character key is 140 characters
    with op.batch_alter_table("totpenrolment", schema=None) as batch_op:
        batch_op.alter_column(
            "secret",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            type_=sa.String(length=255),
            existing_nullable=False,
        )
    _rewrite(lambda s: s if crypto.is_token(s) else crypto.encrypt(s))


def downgrade() -> None:
    _rewrite(lambda s: crypto.decrypt(s) if crypto.is_token(s) else s)
    with op.batch_alter_table("totpenrolment", schema=None) as batch_op:
        batch_op.alter_column(
            "secret",
            existing_type=sa.String(length=255),
            type_=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_nullable=False,
        )
