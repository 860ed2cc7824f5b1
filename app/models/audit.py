"""The audit trail: one narrow row per read, write, export or denial. Never updated.

Each event carries the hash of the one before it in its chain (one chain per
family, one for events with no family), so an edited or missing row is found
by ``cct audit verify``. The head of each chain is kept in ``AuditChainHead``,
whose row is locked while an event is appended.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import timestamp_field, utcnow

# the chain of events that belong to no family (sign-ins, account changes…)
NO_FAMILY_CHAIN = "-"
# the hash before the first event of every chain
GENESIS_HASH = "0" * 64
# the actions that only read: one record, or a list of some. Every other event (a
# denial and an export included) moves its chain's change mark.
READ_ACTIONS = frozenset({"read", "list"})


class AuditEvent(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("chain", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp_field()
    actor_id: uuid.UUID | None = Field(default=None, index=True)
    action: str = Field(max_length=40)  # read, create, update, amend, export, denied, sign_in…
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=64)
    family_id: uuid.UUID | None = Field(default=None, index=True)
    outcome: str = Field(default="ok", max_length=16)
    request_id: str = Field(default="", max_length=64)
    client_address: str = Field(default="", max_length=64)
    # the family id as text, or NO_FAMILY_CHAIN; position in it; the previous event's hash
    chain: str = Field(default="", max_length=36)
    seq: int = Field(default=0)
    prev_hash: str = Field(default="", max_length=64)


@dataclass(slots=True)
class NewAuditEvent:
    """An ``AuditEvent`` on its way in: the same fields, as a plain record.

    New events are linked and inserted with SQLAlchemy Core (``group.write_linked``),
    never through the ORM, so they need none of a mapped row's bookkeeping: building
    an ``AuditEvent`` cost about 60 µs, every request.
    """

    actor_id: uuid.UUID | None
    action: str
    entity: str
    entity_id: str
    family_id: uuid.UUID | None
    outcome: str
    request_id: str
    client_address: str
    at: datetime = field(default_factory=utcnow)
    chain: str = ""
    seq: int = 0
    prev_hash: str = ""


# an event to link and insert: a new one, or one added to a session as a row
Linkable = NewAuditEvent | AuditEvent


class AuditChainHead(SQLModel, table=True):
    """The last event of a chain: its position and hash; and the hash of its last change.

    ``changed`` moves with every event that is not a read (``READ_ACTIONS``): a view of
    the family built when it had this value is still true while it has it
    (``app.services.views.reuse``).
    """

    chain: str = Field(primary_key=True, max_length=36)
    seq: int = 0
    hash: str = Field(default=GENESIS_HASH, max_length=64)
    changed: str | None = Field(default=None, max_length=64)


class AuditEventRead(SQLModel):
    """An event as a team lead or an administrator sees it."""

    id: int
    at: datetime
    actor_id: uuid.UUID | None
    actor_role: str | None = None
    action: str
    entity: str
    entity_id: str
    family_id: uuid.UUID | None
    outcome: str
    request_id: str
    client_address: str
    seq: int
