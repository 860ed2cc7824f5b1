"""Credentials other than the password: one-time links, two-step sign-in, throttling.

Everything secret is kept as a hash, except the TOTP secret, which the server
needs back to check codes: that one is encrypted at rest (``app.crypto``).
"""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.crypto import EncryptedString
from app.models.account import Role
from app.models.base import enum_type, id_field, optional_timestamp_field, timestamp_field


class LinkPurpose(enum.StrEnum):
    set_up = "set_up"  # a new account chooses its first password
    reset = "reset"  # an existing account chooses a new one


class OneTimeLink(SQLModel, table=True):
    """A set-up or reset link. Only the sha256 of its token is kept; it works once."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    purpose: LinkPurpose = Field(sa_type=enum_type(LinkPurpose))
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp_field()
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    expires_at: datetime = timestamp_field()
    used_at: datetime | None = optional_timestamp_field()


class TotpEnrolment(SQLModel, table=True):
    """A user's authenticator app. Unconfirmed until the first code is entered."""

    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True)
    # the authenticator key, encrypted at rest (see app/crypto.py)
    secret: str = Field(sa_type=EncryptedString(255))
    created_at: datetime = timestamp_field()
    confirmed_at: datetime | None = optional_timestamp_field()
    # the last 30-second step a code was accepted for: a code is never accepted twice
    last_step: int = Field(default=0, sa_type=sa.BigInteger)


class RecoveryCode(SQLModel, table=True):
    """One of ten one-time codes for when the authenticator app is lost."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = timestamp_field()
    used_at: datetime | None = optional_timestamp_field()


class PendingSignIn(SQLModel, table=True):
    """A password accepted, waiting for the second step. The cookie holds the token."""

    id: str = Field(primary_key=True, max_length=64)  # sha256 of the token
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()


class ThrottleHit(SQLModel, table=True):
    """One failed sign-in, counted against an account and against an address."""

    __table_args__ = (sa.Index("ix_throttlehit_key_at", "key", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    # "account:<sha256 of the email>" or "address:<client address>": no names
    key: str = Field(max_length=80)
    at: datetime = timestamp_field()


class SsoAttempt(SQLModel, table=True):
    """A sign-in sent to the identity provider, until it comes back (or is abandoned).

    The browser holds the state in a cookie; only its sha256 is kept here, with the
    nonce the ID token must carry and the PKCE verifier. Each works once: a used
    attempt keeps its nonce, so an ID token that carries it again is refused.
    """

    id: str = Field(primary_key=True, max_length=64)  # sha256 of the state
    nonce: str = Field(max_length=64, unique=True)
    # the PKCE verifier, encrypted at rest like every secret the server reads back
    code_verifier: str = Field(sa_type=EncryptedString(255))
    next_path: str = Field(default="", max_length=2000)
    created_at: datetime = timestamp_field()
    used_at: datetime | None = optional_timestamp_field()


class ResetRequest(SQLModel, table=True):
    """Someone asked for a password reset link and no mail server is set up: the
    request waits for their team lead or an administrator to send one."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    requested_at: datetime = timestamp_field()
    answered_at: datetime | None = optional_timestamp_field()
    answered_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")


class AccountInvite(SQLModel):
    """A new account: who, which role, and where they belong."""

    email: str = Field(min_length=3, max_length=254, schema_extra={"pattern": r"^[^@\s]+@[^@\s]+$"})
    display_name: str = Field(min_length=1, max_length=120)
    role: Role
    # staff: their team (a team lead's own team by default)
    team_id: uuid.UUID | None = None
    # a parent or carer: the family member the account speaks for
    family_member_id: uuid.UUID | None = None


class LinkRead(SQLModel):
    """A set-up or reset link, shown once to whoever issued it."""

    user_id: uuid.UUID
    purpose: LinkPurpose
    link: str
    expires_at: datetime


class PasswordSet(SQLModel):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(max_length=1000)


class PasswordChange(SQLModel):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)
