"""Reading the audit trail: a family's events, the CSV export, and checking the chains."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from app.models.account import Role, User
from app.models.audit import (
    GENESIS_HASH,
    NO_FAMILY_CHAIN,
    AuditChainHead,
    AuditEvent,
    AuditEventRead,
)
from app.models.family import Family
from app.reports.csv import write_csv
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import NotFound

MAX_PAGE = 500


def _family_for_audit(session: Session, actor: Actor, family_id: uuid.UUID) -> Family:
    """Admins see every family's trail; a team lead their team's; nobody else."""
    if actor.role == Role.admin and actor.user.is_active:
        family = session.get(Family, family_id)
        if family is None:
            raise access.deny(session, actor, "family", family_id)
        return family
    family = access.get_family(session, actor, family_id)  # 404 for a family out of reach
    if actor.role != Role.team_lead:
        # the family's worker or parent: the trail answers as missing, audited in it
        audit.record_now(session, actor, "denied", "audit_trail", family.id, family.id, "denied")
        raise NotFound("audit trail")
    return family


def family_events(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    limit: int = 100,
    before_id: int | None = None,
) -> list[AuditEventRead]:
    """The family's events, newest first, a page at a time (two queries, whatever the size)."""
    family = _family_for_audit(session, actor, family_id)
    query = (
        select(AuditEvent, User.role)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .where(AuditEvent.family_id == family.id)
        .order_by(col(AuditEvent.id).desc())
        .limit(max(1, min(limit, MAX_PAGE)))
    )
    if before_id is not None:
        query = query.where(col(AuditEvent.id) < before_id)
    rows = session.exec(query).all()
    audit.record_now(session, actor, "read", "audit_trail", family.id, family.id)
    return [
        AuditEventRead.model_validate(
            {**event.model_dump(), "actor_role": str(role) if role else None}
        )
        for event, role in rows
    ]


CSV_COLUMNS = [
    "id",
    "at",
    "actor_id",
    "actor_role",
    "action",
    "entity",
    "entity_id",
    "family_id",
    "outcome",
    "request_id",
    "client_address",
    "seq",
    "prev_hash",
]


def export_csv(session: Session, reference: str, out: Path, *, by: str = "cct") -> int:
    """Write a family's whole trail to a CSV file (a command-line export; audited)."""
    family = session.exec(select(Family).where(Family.case_reference == reference)).first()
    if family is None:
        raise NotFound("family")
    query = (
        select(AuditEvent, User.role)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .where(AuditEvent.family_id == family.id)
        .order_by(col(AuditEvent.seq))
        .execution_options(yield_per=1000)
    )
    with out.open("w", newline="", encoding="utf-8") as handle:
        count = write_csv(
            handle,
            CSV_COLUMNS,
            (
                [
                    event.id,
                    event.at.isoformat(),
                    event.actor_id or "",
                    str(role) if role else "",
                    event.action,
                    event.entity,
                    event.entity_id,
                    event.family_id or "",
                    event.outcome,
                    event.request_id,
                    event.client_address,
                    event.seq,
                    event.prev_hash,
                ]
                for event, role in session.exec(query)
            ),
        )
    audit.record_anonymous(
        session, "export", "audit_trail", family.id, request_id=by, family_id=family.id
    )
    session.commit()
    return count


@dataclass(frozen=True)
class Break:
    """The first broken link found in a chain."""

    chain: str
    event_id: int | None
    seq: int
    reason: str


def _chains(session: Session, family_id: uuid.UUID | None) -> list[str]:
    if family_id is not None:
        return [audit.chain_of(family_id)]
    known = set(session.exec(select(AuditChainHead.chain)).all())
    known |= set(session.exec(select(AuditEvent.chain).distinct()).all())
    return sorted(known)


def _events(session: Session, chain: str) -> Iterator[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.chain == chain)
        .order_by(col(AuditEvent.seq))
        .execution_options(yield_per=2000)
    )
    yield from session.exec(query)


def verify_chain(session: Session, chain: str) -> Break | None:
    """Recompute one chain from its first event; the first link that doesn't hold, if any."""
    expected_hash, expected_seq, last_id = GENESIS_HASH, 1, None
    for event in _events(session, chain):
        if event.seq != expected_seq:
            missing = f"{expected_seq}" + (
                f" to {event.seq - 1}" if event.seq - 1 > expected_seq else ""
            )
            return Break(chain, event.id, event.seq, f"event {missing} is missing before it")
        if event.prev_hash != expected_hash:
            what = (
                f"event {last_id} (position {event.seq - 1}) was changed, or this link was"
                if last_id is not None
                else "the link to the start of the chain was changed"
            )
            return Break(chain, event.id, event.seq, f"does not follow from the one before: {what}")
        if event.chain != audit.chain_of(event.family_id):
            return Break(chain, event.id, event.seq, "its family was changed")
        expected_hash, expected_seq, last_id = (
            audit.event_hash(event.prev_hash, event),
            event.seq + 1,
            event.id,
        )
    head = session.get(AuditChainHead, chain)
    last_seq = expected_seq - 1
    if head is None:
        return Break(chain, last_id, last_seq, "the chain head is missing") if last_id else None
    if head.seq > last_seq:
        return Break(
            chain, None, last_seq + 1, f"events {last_seq + 1} to {head.seq} at the end are missing"
        )
    if head.seq < last_seq or head.hash != expected_hash:
        return Break(chain, last_id, last_seq, "the last event was changed")
    return None


def verify(session: Session, family_id: uuid.UUID | None = None) -> tuple[int, list[Break]]:
    """Check every chain (or one family's). Returns how many chains, and the breaks."""
    chains = _chains(session, family_id)
    breaks = [b for chain in chains if (b := verify_chain(session, chain)) is not None]
    return len(chains), breaks


def describe_chain(session: Session, chain: str) -> str:
    """A chain's name for people: the family's case reference, or "no family"."""
    if chain == NO_FAMILY_CHAIN:
        return "events with no family"
    try:
        reference = session.exec(
            select(Family.case_reference).where(Family.id == uuid.UUID(chain))
        ).first()
    except ValueError:
        reference = None
    return f"family {reference}" if reference else f"chain {chain}"
