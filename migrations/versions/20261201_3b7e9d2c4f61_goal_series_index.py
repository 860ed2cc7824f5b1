"""goal series index: a goal's entries in date order

Relapse detection runs in every entry's write transaction and asks for a
goal's latest score up to a date (ORDER BY occurred_on DESC, recorded_at DESC
LIMIT 1): with this index it reads one row, not every entry of the goal.

Revision ID: 3b7e9d2c4f61
Revises: a4e9c1f07b32
Create Date: 2026-12-01 04:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3b7e9d2c4f61"
down_revision: str | None = "a4e9c1f07b32"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("progressentry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_progressentry_goal_occurred",
            ["goal_id", "occurred_on", "recorded_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("progressentry", schema=None) as batch_op:
        batch_op.drop_index("ix_progressentry_goal_occurred")
