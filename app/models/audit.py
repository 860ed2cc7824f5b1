"""The audit trail: one narrow row per read, write, export or denial. Never updated."""

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import timestamp_field


class AuditEvent(SQLModel, table=True):
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
