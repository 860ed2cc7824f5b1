"""People and their access: teams, user accounts, allocations, sessions, API tokens."""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import (
    Versioned,
    enum_type,
    id_field,
    optional_timestamp_field,
    timestamp_field,
)


class Role(enum.StrEnum):
    social_worker = "social_worker"
    team_lead = "team_lead"
    parent = "parent"
    admin = "admin"


class TeamBase(SQLModel):
    name: str = Field(min_length=1, max_length=120)


class Team(TeamBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = timestamp_field()


class TeamRead(TeamBase):
    id: uuid.UUID
    # send it back with a change: a change based on an older version answers 409
    version: int


class UserBase(SQLModel):
    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=120)
    role: Role = Field(sa_type=enum_type(Role))
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id", index=True)
    # a parent's account speaks for one member of one family
    family_member_id: uuid.UUID | None = Field(
        default=None, foreign_key="familymember.id", index=True
    )


class User(UserBase, Versioned, table=True):
    # one account per person at an identity provider
    __table_args__ = (sa.UniqueConstraint("oidc_issuer", "oidc_subject"),)
    id: uuid.UUID = id_field()
    email: str = Field(max_length=254, unique=True)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = True
    created_at: datetime = timestamp_field()
    password_changed_at: datetime | None = optional_timestamp_field()
    # the language of the pages: "en" or "cy" (Welsh)
    language: str = Field(default="en", max_length=8, sa_column_kwargs={"server_default": "en"})
    # single sign-on: the identity provider and its subject (``sub``) for this person,
    # set at their first sign-in through it
    oidc_issuer: str | None = Field(default=None, max_length=255)
    oidc_subject: str | None = Field(default=None, max_length=255)


class UserRead(UserBase):
    id: uuid.UUID
    is_active: bool
    # send it back with a change: a change based on an older version answers 409
    version: int = 1


class Allocation(SQLModel, table=True):
    """A worker's access to a family. Kept after it ends, for the record."""

    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    # the allocated worker (True) or access granted by a team lead (False)
    is_primary: bool = True
    allocated_at: datetime = timestamp_field()
    allocated_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    ended_at: datetime | None = optional_timestamp_field()


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its hash is kept."""

    id: str = Field(primary_key=True, max_length=64)  # sha256 of the cookie token
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = timestamp_field()
    last_seen_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()
    ended_at: datetime | None = optional_timestamp_field()
    csrf_token: str = Field(max_length=64)


class ApiToken(SQLModel, table=True):
    """A personal token for /api/v1. Shown once; only its hash is kept."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=120)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp_field()
    last_used_at: datetime | None = optional_timestamp_field()
    expires_at: datetime | None = optional_timestamp_field()
    revoked_at: datetime | None = optional_timestamp_field()
