"""Writing the audit trail. One narrow row per event, in the caller's own transaction."""

import uuid

from sqlmodel import Session

from app.models.audit import AuditEvent
from app.services.context import Actor


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = "",
    family_id: uuid.UUID | None = None,
    outcome: str = "ok",
) -> None:
    """Add an audit event to the session; it commits with the work it describes."""
    session.add(
        AuditEvent(
            actor_id=actor.user.id if actor else None,
            action=action,
            entity=entity,
            entity_id=str(entity_id) if entity_id else "",
            family_id=family_id,
            outcome=outcome,
            request_id=actor.request_id if actor else "",
            client_address=actor.client_address if actor else "",
        )
    )


def record_now(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = "",
    family_id: uuid.UUID | None = None,
    outcome: str = "ok",
) -> None:
    """Record and commit at once: for reads and denials, which have no other work to commit."""
    record(session, actor, action, entity, entity_id, family_id, outcome)
    session.commit()
