"""per-parent sharing: deliberate sharing with every parent, relapse sources

Revision ID: 5c1e7a9b2d40
Revises: 5c1d2e7f9a10
Create Date: 2026-12-01 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e7a9b2d40"
down_revision: str | None = "5c1d2e7f9a10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _flag() -> sa.Column[bool]:
    return sa.Column(
        "shared_with_all_parents", sa.Boolean(), server_default=sa.false(), nullable=False
    )


def upgrade() -> None:
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(_flag())
    with op.batch_alter_table("progressentry", schema=None) as batch_op:
        batch_op.add_column(_flag())
    with op.batch_alter_table("planevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("earlier_entry_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_planevent_entry_id_progressentry"), "progressentry", ["entry_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_planevent_earlier_entry_id_progressentry"),
            "progressentry",
            ["earlier_entry_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("planevent", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_planevent_earlier_entry_id_progressentry"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_planevent_entry_id_progressentry"), type_="foreignkey"
        )
        batch_op.drop_column("earlier_entry_id")
        batch_op.drop_column("entry_id")
    with op.batch_alter_table("progressentry", schema=None) as batch_op:
        batch_op.drop_column("shared_with_all_parents")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_column("shared_with_all_parents")
