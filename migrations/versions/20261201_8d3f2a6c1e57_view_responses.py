"""view responses: a worker's answer to a parent's view

Revision ID: 8d3f2a6c1e57
Revises: 01b415bb626b
Create Date: 2026-12-01 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "8d3f2a6c1e57"
down_revision: str | None = "01b415bb626b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "viewresponse",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("comment_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["parentcomment.id"],
            name=op.f("fk_viewresponse_comment_id_parentcomment"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_viewresponse_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_viewresponse_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_viewresponse")),
    )
    with op.batch_alter_table("viewresponse", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_viewresponse_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            "ix_viewresponse_family_recorded", ["family_id", "recorded_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("viewresponse", schema=None) as batch_op:
        batch_op.drop_index("ix_viewresponse_family_recorded")
        batch_op.drop_index(batch_op.f("ix_viewresponse_comment_id"))
    op.drop_table("viewresponse")
