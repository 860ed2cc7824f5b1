"""court heading on the family; significance for the child on ratings and reviews

Revision ID: b7e2c4a91d05
Revises: 10eaa6f27be4
Create Date: 2026-12-01 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e2c4a91d05"
down_revision: str | None = "10eaa6f27be4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("court_name", sa.String(length=160), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("court_case_number", sa.String(length=60), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("local_authority", sa.String(length=160), server_default="", nullable=False)
        )
    with op.batch_alter_table("stagerating", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "significance",
                sa.Enum(
                    "routine", "significant", name="significance", native_enum=False, length=32
                ),
                server_default="routine",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("significance_for_child", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "significance_needs_review", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    with op.batch_alter_table("reviewmeeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("significance_for_child", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "significance_needs_review", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    # ratings recorded before: a parent's first stage and each change of stage were in the
    # chronology; they stay there, marked for the worker to review
    op.execute(
        "UPDATE stagerating SET significance = 'significant', significance_needs_review = TRUE "
        "WHERE id IN (SELECT id FROM (SELECT id, stage, LAG(stage) OVER "
        "(PARTITION BY member_id ORDER BY occurred_on, recorded_at) AS before FROM stagerating) "
        "AS rated WHERE before IS NULL OR before <> stage)"
    )
    # every review was in the chronology: its significance is for the worker to write
    op.execute("UPDATE reviewmeeting SET significance_needs_review = TRUE")


def downgrade() -> None:
    with op.batch_alter_table("reviewmeeting", schema=None) as batch_op:
        batch_op.drop_column("significance_needs_review")
        batch_op.drop_column("significance_for_child")
    with op.batch_alter_table("stagerating", schema=None) as batch_op:
        batch_op.drop_column("significance_needs_review")
        batch_op.drop_column("significance_for_child")
        batch_op.drop_column("significance")
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("local_authority")
        batch_op.drop_column("court_case_number")
        batch_op.drop_column("court_name")
