"""A family known to the local authority, and its members."""

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
    timestamp_field,
)


class LegalStatus(enum.StrEnum):
    child_in_need = "child_in_need"
    child_protection_plan = "child_protection_plan"
    plo_pre_proceedings = "plo_pre_proceedings"
    care_proceedings = "care_proceedings"


class FamilyStatus(enum.StrEnum):
    open = "open"
    closed = "closed"


class MemberRole(enum.StrEnum):
    parent = "parent"
    carer = "carer"
    child = "child"


class FamilyBase(SQLModel):
    case_reference: str = Field(
        min_length=1, max_length=40, schema_extra={"pattern": r"^[A-Za-z0-9][A-Za-z0-9/_-]*$"}
    )
    # how staff refer to the family, e.g. "Ashdown family" (invented in demo data)
    family_name: str = Field(min_length=1, max_length=120)
    status: FamilyStatus = Field(default=FamilyStatus.open, sa_type=enum_type(FamilyStatus))
    legal_status: LegalStatus = Field(sa_type=enum_type(LegalStatus))
    # date the care proceedings application was issued (starts the 26-week clock)
    proceedings_issued_on: date | None = None
    # when the local authority first became involved, for the chronology summary
    involved_since: date | None = None
    # the heading of a document filed in proceedings: which court, its case number,
    # and the local authority that brings the case
    court_name: str = Field(default="", max_length=160, sa_column_kwargs={"server_default": ""})
    court_case_number: str = Field(
        default="", max_length=60, sa_column_kwargs={"server_default": ""}
    )
    local_authority: str = Field(
        default="", max_length=160, sa_column_kwargs={"server_default": ""}
    )


class Family(FamilyBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    case_reference: str = Field(max_length=40, unique=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class FamilyCreate(FamilyBase):
    team_id: uuid.UUID | None = None  # defaults to the creator's team


class FamilyUpdate(SQLModel):
    version: int = Field(ge=1)
    family_name: str | None = Field(default=None, min_length=1, max_length=120)
    status: FamilyStatus | None = None
    legal_status: LegalStatus | None = None
    proceedings_issued_on: date | None = None
    involved_since: date | None = None
    court_name: str | None = Field(default=None, max_length=160)
    court_case_number: str | None = Field(default=None, max_length=60)
    local_authority: str | None = Field(default=None, max_length=160)


class FamilyRead(FamilyBase):
    id: uuid.UUID
    team_id: uuid.UUID
    version: int
    created_at: datetime
    updated_at: datetime


class FamilyMemberBase(SQLModel):
    role: MemberRole = Field(sa_type=enum_type(MemberRole))
    full_name: str = Field(min_length=1, max_length=160)
    date_of_birth: date | None = None
    # relationship to the child or children, e.g. "mother", "stepfather"
    relationship: str = Field(default="", max_length=80)


class FamilyMember(FamilyMemberBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    created_at: datetime = timestamp_field()


class FamilyMemberCreate(FamilyMemberBase):
    pass


class FamilyMemberUpdate(SQLModel):
    version: int = Field(ge=1)
    full_name: str | None = Field(default=None, min_length=1, max_length=160)
    date_of_birth: date | None = None
    relationship: str | None = Field(default=None, max_length=80)


class FamilyMemberRead(FamilyMemberBase):
    id: uuid.UUID
    family_id: uuid.UUID
    version: int


class TimescaleExtensionBase(SQLModel):
    """An extension of the 26-week timescale granted by the court (Children Act 1989
    s.32(5)-(8)): at most 8 weeks at a time, with the court's reasons."""

    granted_on: date
    weeks: int = Field(ge=1, le=8)
    reason: str = Field(min_length=1, max_length=2000, sa_type=sa.Text)


class TimescaleExtension(TimescaleExtensionBase, table=True):
    """Append-only: a wrong record is marked entered in error with a reason, never changed."""

    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    recorded_at: datetime = timestamp_field()
    recorded_by_id: uuid.UUID = Field(foreign_key="user.id")
    entered_in_error_at: datetime | None = optional_timestamp_field()
    entered_in_error_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    entered_in_error_reason: str | None = Field(default=None, sa_type=sa.Text)


class TimescaleExtensionCreate(TimescaleExtensionBase):
    pass


class TimescaleExtensionRead(TimescaleExtensionBase):
    id: uuid.UUID
    family_id: uuid.UUID
    recorded_at: datetime
    recorded_by_id: uuid.UUID
    entered_in_error_at: datetime | None
    entered_in_error_reason: str | None
    # the decision date once this extension (and those before it) are counted
    extended_to: date | None = None
