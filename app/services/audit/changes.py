"""Who last changed a plan record, and when: read back from the audit trail.

An edit based on a stale version is refused with the current record; the page
that says so names who changed it meanwhile and when.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.models.account import User
from app.models.audit import AuditEvent
from app.models.family import Family
from app.services import access, audit
from app.services.context import Actor

# the audit actions that change a plan record (reads, lists and denials do not)
WRITE_ACTIONS = ("create", "update", "sign_off", "decision", "outcome")


@dataclass(frozen=True)
class Change:
    by: str
    at: datetime


def last_change(
    session: Session, actor: Actor, model: type[Any], record_id: uuid.UUID
) -> Change | None:
    """The latest change to a record the actor may see (audited as a read of it).

    Two statements and the audit row, whatever the length of the trail.
    """
    if model is Family:
        family_id = access.get_family(session, actor, record_id).id
    else:
        family_id = access.get_record(session, actor, model, record_id).family_id
    entity = model.__name__.lower()
    row = session.exec(
        select(AuditEvent.at, User.display_name)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .where(
            AuditEvent.family_id == family_id,
            AuditEvent.entity == entity,
            AuditEvent.entity_id == str(record_id),
            col(AuditEvent.action).in_(WRITE_ACTIONS),
            AuditEvent.outcome == "ok",
        )
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    audit.record_now(session, actor, "read", entity, record_id, family_id)
    if row is None:
        return None
    at, name = row
    return Change(by=name or "someone else", at=at)


def last_change_outside_families(
    session: Session, entity: str, record_id: uuid.UUID, actions: Sequence[str]
) -> Change | None:
    """The latest change to a record no family holds (a team), for an administrator."""
    row = session.exec(
        select(AuditEvent.at, User.display_name)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .where(
            col(AuditEvent.family_id).is_(None),
            AuditEvent.entity == entity,
            AuditEvent.entity_id == str(record_id),
            col(AuditEvent.action).in_(actions),
            AuditEvent.outcome == "ok",
        )
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    at, name = row
    # a change made at the command line has no person behind it
    return Change(by=name or "an administrator at the command line", at=at)
