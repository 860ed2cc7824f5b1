"""case events about one parent: an optional link to the family member it concerns

Revision ID: 9e4b6c2a7f31
Revises: b7e2c4a91d05
Create Date: 2026-12-01 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9e4b6c2a7f31"
down_revision: str | None = "b7e2c4a91d05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("caseevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_caseevent_member_id_familymember"), "familymember", ["member_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("caseevent", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_caseevent_member_id_familymember"), type_="foreignkey"
        )
        batch_op.drop_column("member_id")
