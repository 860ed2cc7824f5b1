"""What reports leave behind: each export (for verification) and the worker's chronology edits.

Neither touches the evidence: an adjustment only changes what the chronology shows,
and says why.
"""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import enum_type, id_field, text_field, timestamp_field
from app.models.evidence import Visibility


class ReportKind(enum.StrEnum):
    chronology = "chronology"
    review = "review"
    assessment = "assessment"


class ReportFormat(enum.StrEnum):
    pdf = "pdf"
    docx = "docx"
    csv = "csv"


class Audience(enum.StrEnum):
    staff = "staff"  # everything, for the team and the court
    family = "family"  # only what is shared with the family


class Export(SQLModel, table=True):
    """A report file handed out: who, when, what, and hashes to check it against later."""

    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    report: ReportKind = Field(sa_type=enum_type(ReportKind))
    format: ReportFormat = Field(sa_type=enum_type(ReportFormat))
    audience: Audience = Field(default=Audience.staff, sa_type=enum_type(Audience))
    date_from: date | None = None
    date_to: date | None = None
    filename: str = Field(max_length=200)
    file_sha256: str = Field(max_length=64, index=True)
    evidence_sha256: str = Field(max_length=64)
    # {record key: short digest} of the evidence the report was built from
    evidence_manifest: str = text_field(default="{}")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = timestamp_field()


class AdjustmentAction(enum.StrEnum):
    omit = "omit"  # leave an event out of the chronology
    add = "add"  # add an event the records do not hold


class ChronologyAdjustment(SQLModel, table=True):
    """The worker's choice to leave out or add a chronology event, with the reason."""

    __table_args__ = (sa.Index("ix_chronologyadjustment_family", "family_id"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    action: AdjustmentAction = Field(sa_type=enum_type(AdjustmentAction))
    # for omit: the chronology row's key, e.g. "entry:<id>"
    target_key: str = Field(default="", max_length=80)
    # for add: the event as it should read
    occurred_on: date | None = None
    event: str = text_field(default="")
    source: str = Field(default="", max_length=300)
    significance: str = text_field(default="")
    visibility: Visibility = Field(default=Visibility.internal, sa_type=enum_type(Visibility))
    reason: str = Field(sa_type=sa.Text)
    created_by_id: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = timestamp_field()
