"""password reset requests

Revision ID: 01b415bb626b
Revises: 5c1e7a9b2d40
Create Date: 2026-12-01 00:41:09.511464
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "01b415bb626b"
down_revision: str | None = "5c1e7a9b2d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resetrequest",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("requested_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["user.id"], name=op.f("fk_resetrequest_answered_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_resetrequest_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resetrequest")),
    )
    with op.batch_alter_table("resetrequest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resetrequest_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("resetrequest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resetrequest_user_id"))

    op.drop_table("resetrequest")
