"""each audit chain's head keeps the hash of its latest change (an event that is not a read)

Revision ID: f1c6d2e8a4b7
Revises: c3f8a1d6e2b9
Create Date: 2026-12-01 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f1c6d2e8a4b7"
down_revision: str | None = "c3f8a1d6e2b9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auditchainhead", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changed", sa.String(length=64), nullable=True))
    # which of the events so far were changes is not worth finding: the head stands for it
    op.execute("UPDATE auditchainhead SET changed = hash")


def downgrade() -> None:
    with op.batch_alter_table("auditchainhead", schema=None) as batch_op:
        batch_op.drop_column("changed")
