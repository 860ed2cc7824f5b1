"""A family known to the local authority, and its members."""

import enum
import uuid
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from app.models.base import Versioned, enum_type, id_field, timestamp_field


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
