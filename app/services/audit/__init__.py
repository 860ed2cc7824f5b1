"""Writing the audit trail. One narrow row per event.

A write's events commit in the write's own transaction, atomic with it. A
read's event (and a denial's) in a read session goes to the group writer
(``group``), which commits many requests' events at once; the request waits
for that commit.

Every event is linked into a hash chain as its transaction commits: one chain
per family, one for events with no family. The chain's head row is locked
(``SELECT … FOR UPDATE``; on SQLite the ``BEGIN IMMEDIATE`` write lock already
serialises writers) so two writers of the same family cannot both append at
the same position, while writers of different families never wait for each
other. The lock is taken last, after the work the events describe is flushed,
and held only for three statements and the COMMIT: on PostgreSQL every writer
of one family queues on that row. The events go in with SQLAlchemy Core
statements built once (``group.write_linked``), not the ORM unit of work. The
application only ever inserts audit rows.
"""

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from app import db
from app.config import get_settings
from app.models.audit import NO_FAMILY_CHAIN, READ_ACTIONS, AuditEvent, Linkable, NewAuditEvent
from app.services.audit import group
from app.services.context import Actor

_PENDING = "cct_audit_pending"
_MARKS = "cct_audit_savepoint_marks"
_FOLDING = "cct_audit_folding_reads"


def _event(
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object,
    family_id: uuid.UUID | None,
    outcome: str,
) -> NewAuditEvent:
    return NewAuditEvent(
        actor_id=actor.user.id if actor else None,
        action=action,
        entity=entity,
        entity_id=str(entity_id) if entity_id else "",
        family_id=family_id,
        outcome=outcome,
        request_id=actor.request_id if actor else "",
        client_address=actor.client_address if actor else "",
    )


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
    if action in READ_ACTIONS and session.info.get(_FOLDING):
        return  # part of a composed view, which records one event for the whole
    append(session, _event(actor, action, entity, entity_id, family_id, outcome))


def record_now(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = "",
    family_id: uuid.UUID | None = None,
    outcome: str = "ok",
) -> None:
    """Record and commit at once: for reads and denials, which have no other work to commit.

    In a read session the event goes to the group writer. Within a request this
    returns at once and the request answers only once the event is committed, or
    503 if it could not be (``group.Pending``); elsewhere it returns once the event
    is committed and raises ``OperationalError`` if it could not be.
    """
    if action in READ_ACTIONS and session.info.get(_FOLDING):
        return
    if db.is_read_only(session) and not has_work(session) and _group_commit(session):
        # ends the read transaction, giving its connection back to the pool before
        # the request waits for the audit (held through the wait, a burst of reads
        # took every connection, and the audit writer could not get one)
        session.commit()
        writer = group.writer_for(session.get_bind().engine)
        events: list[Linkable] = [_event(actor, action, entity, entity_id, family_id, outcome)]
        pending = group.pending_reads.get()
        if pending is None:
            writer.commit(events)
        else:  # the request answers once they are committed
            pending.submit(writer, events)
        return
    record(session, actor, action, entity, entity_id, family_id, outcome)
    session.commit()


def _group_commit(session: Session) -> bool:
    # SQLite: a read transaction may not write, so reads' events always go to the writer
    return get_settings().audit_group_commit or session.get_bind().dialect.name == "sqlite"


def has_work(session: Session) -> bool:
    return bool(session.new or session.dirty or session.deleted or session.info.get(_PENDING))


@contextmanager
def one_read(
    session: Session, actor: Actor, entity: str, entity_id: object, family_id: uuid.UUID
) -> Iterator[None]:
    """Fold the read events of several services composing one view into one event.

    A page built from six reading services is one read of the family's record:
    one narrow audit row, not six. Denials are still recorded as they happen.
    """
    session.info[_FOLDING] = True
    try:
        yield
    finally:
        session.info.pop(_FOLDING, None)
    record_now(session, actor, "read", entity, entity_id, family_id)


def record_anonymous(
    session: Session,
    action: str,
    entity: str,
    entity_id: object = "",
    *,
    outcome: str = "ok",
    client_address: str = "",
    request_id: str = "",
    actor_id: uuid.UUID | None = None,
    family_id: uuid.UUID | None = None,
) -> None:
    """An event with no signed-in actor (a refused sign-in, a command-line job)."""
    append(
        session,
        NewAuditEvent(
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id) if entity_id else "",
            family_id=family_id,
            outcome=outcome,
            request_id=request_id,
            client_address=client_address[:64],
        ),
    )


def append(session: Session, audit_event: Linkable) -> None:
    """Queue an event; it is linked into its chain and inserted as the transaction
    commits, in this order."""
    session.info.setdefault(_PENDING, []).append(audit_event)


def chain_of(family_id: uuid.UUID | None) -> str:
    return str(family_id) if family_id else NO_FAMILY_CHAIN


def event_hash(prev: str, audit_event: Linkable) -> str:
    """The hash of an event, given the hash of the one before it in its chain.

    migrations/…_audit_hash_chain_and_credentials.py keeps a frozen copy: change both or neither.
    """
    parts = [
        prev,
        audit_event.chain,
        str(audit_event.seq),
        audit_event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        str(audit_event.actor_id) if audit_event.actor_id else "",
        audit_event.action,
        audit_event.entity,
        audit_event.entity_id,
        str(audit_event.family_id) if audit_event.family_id else "",
        audit_event.outcome,
        audit_event.request_id,
        audit_event.client_address,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    # an event added to the session directly is queued like the others
    for audit_event in [e for e in session.new if isinstance(e, AuditEvent) and e.seq == 0]:
        session.expunge(audit_event)
        session.info.setdefault(_PENDING, []).append(audit_event)


def write_queued(session: OrmSession) -> None:
    """Link and insert the events queued so far, now rather than at commit: for work
    that must read its own event back in its transaction (an export that holds it)."""
    queued: list[Linkable] = session.info.pop(_PENDING, [])
    if queued:
        session.flush()  # the work the events describe, before the chains' heads are locked
        group.write_linked(session.connection(), queued)


@event.listens_for(OrmSession, "before_commit")
def _before_commit(session: OrmSession) -> None:
    write_queued(session)


@event.listens_for(OrmSession, "after_transaction_create")
def _after_transaction_create(session: OrmSession, transaction: Any) -> None:
    if transaction.nested:  # a savepoint: its rollback drops the events queued since
        session.info.setdefault(_MARKS, {})[transaction] = len(session.info.get(_PENDING, []))


@event.listens_for(OrmSession, "after_soft_rollback")
def _after_soft_rollback(session: OrmSession, previous: Any) -> None:
    mark = session.info.get(_MARKS, {}).pop(previous, None)
    if mark is not None:
        del session.info.get(_PENDING, [])[mark:]


@event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session: OrmSession, transaction: Any) -> None:
    if transaction.parent is None:  # events never committed belong to no later transaction
        session.info.pop(_PENDING, None)
        session.info.pop(_MARKS, None)
