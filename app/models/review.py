"""Review meetings: what was decided about the plan, and when it is next looked at."""

import enum
import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from app.models.base import enum_type, id_field
from app.models.evidence import EvidenceRecord


class ReviewKind(enum.StrEnum):
    core_group = "core_group"
    child_protection_conference = "child_protection_conference"
    plo_review = "plo_review"
    looked_after_review = "looked_after_review"
    assessment_review = "assessment_review"
    other = "other"


class ReviewMeeting(EvidenceRecord, table=True):
    __table_args__ = (sa.Index("ix_reviewmeeting_family_occurred", "family_id", "occurred_on"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    assessment_id: uuid.UUID | None = Field(default=None, foreign_key="assessment.id")
    amends_id: uuid.UUID | None = Field(default=None, foreign_key="reviewmeeting.id", unique=True)
    kind: ReviewKind = Field(sa_type=enum_type(ReviewKind))
    attendees: str = Field(default="", sa_type=sa.Text)
    summary: str = Field(sa_type=sa.Text)
    decisions: str = Field(default="", sa_type=sa.Text)
    next_review_on: date | None = None
    # every review reaches the chronology: what it means for the child, in the worker's
    # words ("needs review" until they write or confirm it)
    significance_for_child: str = Field(
        default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""}
    )
    significance_needs_review: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa.false()}
    )
