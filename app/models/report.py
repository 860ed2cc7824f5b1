"""What reports leave behind: each export (for verification) and the worker's chronology edits.

Neither touches the evidence: an adjustment only changes what the chronology shows,
and says why.
"""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import (
    Versioned,
    enum_type,
    id_field,
    optional_timestamp_field,
    text_field,
    timestamp_field,
)
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
    # what a plan event (a milestone, a reward, a sign-off) means for the child, in the
    # worker's words; a later one for the same event corrects it, with its reason
    significance = "significance"


class ChronologyAdjustment(SQLModel, table=True):
    """The worker's choice to leave out or add a chronology event, or to write what a plan
    event means for the child, with the reason. Append-only: never changed or deleted."""

    __table_args__ = (sa.Index("ix_chronologyadjustment_family", "family_id"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    action: AdjustmentAction = Field(sa_type=enum_type(AdjustmentAction))
    # for omit and significance: the chronology row's key, e.g. "entry:<id>"
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


class ReportSection(enum.StrEnum):
    """The sections of the assessment report the social worker writes, in SWET order."""

    lived_experience = "lived_experience"  # the child's lived experience, wishes and feelings
    parents_views = "parents_views"  # the parents' views, as the worker sets them out
    analysis = "analysis"  # capacity to change: motivation, ability, stage, GAS trend
    recommendation = "recommendation"


class ReportStatus(enum.StrEnum):
    draft = "draft"  # being written
    submitted = "submitted"  # with the team lead for approval
    returned = "returned"  # sent back with comments; being reworked
    approved = "approved"


class ReportAction(enum.StrEnum):
    submitted = "submitted"
    returned = "returned"
    approved = "approved"


class AssessmentReport(Versioned, table=True):
    """The assessment report of one assessment: where it stands in its approval.

    Its ``version`` goes up with every draft saved and every decision, so a team lead
    approves exactly the version they read (a stale one answers 409).
    """

    id: uuid.UUID = id_field()
    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", unique=True)
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    status: ReportStatus = Field(default=ReportStatus.draft, sa_type=enum_type(ReportStatus))
    # who submitted it last, and when; who approved it, and when
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    submitted_at: datetime | None = optional_timestamp_field()
    approved_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = optional_timestamp_field()
    created_at: datetime = timestamp_field()


class SectionDraft(SQLModel, table=True):
    """One version of one section, as the worker wrote it. Append-only: never changed.

    ``number`` counts the section's versions from 1; the unique index means two people
    saving over the same version cannot both succeed (the second gets 409).
    """

    __table_args__ = (sa.UniqueConstraint("report_id", "section", "number"),)
    id: uuid.UUID = id_field()
    report_id: uuid.UUID = Field(foreign_key="assessmentreport.id", index=True)
    family_id: uuid.UUID = Field(foreign_key="family.id")
    section: ReportSection = Field(sa_type=enum_type(ReportSection))
    number: int = Field(ge=1)
    text: str = text_field()
    written_by_id: uuid.UUID = Field(foreign_key="user.id")
    written_at: datetime = timestamp_field()


class ReportDecision(SQLModel, table=True):
    """A step in the report's approval: submitted, returned with comments, approved.

    Append-only; ``report_version`` is the version of the report the step was taken on.
    """

    id: uuid.UUID = id_field()
    report_id: uuid.UUID = Field(foreign_key="assessmentreport.id", index=True)
    family_id: uuid.UUID = Field(foreign_key="family.id")
    action: ReportAction = Field(sa_type=enum_type(ReportAction))
    comment: str = text_field(default="")
    report_version: int
    decided_by_id: uuid.UUID = Field(foreign_key="user.id")
    decided_at: datetime = timestamp_field()


class SectionWrite(SQLModel):
    """A new version of one section of the assessment report."""

    text: str = Field(max_length=50_000)
    # the number of the version you started from: 0 for a section not yet written
    version: int = Field(ge=0, le=2**31 - 1)


class ReportStep(SQLModel):
    """Submit, approve or return the report: name the report version you read."""

    version: int = Field(ge=0, le=2**31 - 1)
    # required when returning the report (what needs to change); optional on approval
    comment: str = Field(default="", max_length=5_000)


class SignatoryRead(SQLModel):
    name: str
    role: str
    on: date


class SectionDraftRead(SQLModel):
    section: ReportSection
    number: int
    text: str
    written_by_name: str
    written_at: datetime


class ReportDecisionRead(SQLModel):
    action: ReportAction
    comment: str
    decided_by_name: str
    decided_at: datetime
    report_version: int


class AssessmentReportRead(SQLModel):
    assessment_id: uuid.UUID
    status: ReportStatus
    # 0 before anything is written; send it back to submit, approve or return
    version: int
    # sections not yet written, in the order the report prints them
    missing: list[ReportSection]
    # the current version of each section written so far
    sections: list[SectionDraftRead]
    # every version of every section, oldest first: nothing saved is ever lost
    drafts: list[SectionDraftRead]
    decisions: list[ReportDecisionRead]
    author: SignatoryRead | None
    approver: SignatoryRead | None
