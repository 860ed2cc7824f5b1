"""report exports and chronology adjustments

Revision ID: aef3614f3ab2
Revises: 27f5dc56d1b4
Create Date: 2026-11-26 17:45:29.288058
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.models.base

revision: str = "aef3614f3ab2"
down_revision: str | None = "27f5dc56d1b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "chronologyadjustment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column(
            "action",
            sa.Enum("omit", "add", name="adjustmentaction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("target_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("significance", sa.Text(), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum("shared", "internal", name="visibility", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_chronologyadjustment_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_chronologyadjustment_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chronologyadjustment")),
    )
    with op.batch_alter_table("chronologyadjustment", schema=None) as batch_op:
        batch_op.create_index("ix_chronologyadjustment_family", ["family_id"], unique=False)

    op.create_table(
        "export",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column(
            "report",
            sa.Enum(
                "chronology",
                "review",
                "assessment",
                name="reportkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "format",
            sa.Enum("pdf", "docx", "csv", name="reportformat", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "audience",
            sa.Enum("staff", "family", name="audience", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("evidence_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("evidence_manifest", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_export_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_export_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export")),
    )
    with op.batch_alter_table("export", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_file_sha256"), ["file_sha256"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_export_family_id"))

    op.drop_table("export")
    with op.batch_alter_table("chronologyadjustment", schema=None) as batch_op:
        batch_op.drop_index("ix_chronologyadjustment_family")

    op.drop_table("chronologyadjustment")
