"""Case events: significant things in a family's life that belong to no goal.

A police call-out, a hospital attendance, a school exclusion, a probation or
housing report. Each carries its source, who reported it, a document reference
and what it means for the child in the worker's own words. They are evidence
(``app.services.evidence.corrections``): amended or entered in error, never
changed in place. Parents read only those shared with the family; an event linked
to one parent (``member_id``: a police report about the father) reaches that parent
only (``app.services.access``).
"""

import uuid
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field as PydanticField
from sqlmodel import Session, SQLModel, col, func, select

from app.models.evidence import CaseEvent, EventSource, Visibility
from app.models.family import FamilyMember, MemberRole
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import corrections
from app.services.evidence.corrections import CaseDate, EvidenceRead, Printable, Reason
from app.services.inputs import check_evidence_date

ENTITY = "case event"
PARENT_ROLES = (MemberRole.parent, MemberRole.carer)
NOT_A_PARENT = "Select a parent or carer of this family, or the whole family"
WhatHappened = Annotated[str, PydanticField(min_length=1, max_length=10_000), Printable]
SignificanceForChild = Annotated[str, PydanticField(min_length=1, max_length=10_000), Printable]
ReportedBy = Annotated[str, PydanticField(max_length=200), Printable]
DocumentReference = Annotated[str, PydanticField(max_length=200), Printable]


class CaseEventCreate(SQLModel):
    """A family-level event: what happened, where the account came from, and what it
    means for the child (written by the worker)."""

    occurred_on: CaseDate
    source: EventSource
    reported_by: ReportedBy = ""
    document_reference: DocumentReference = ""
    what_happened: WhatHappened
    significance_for_child: SignificanceForChild
    visibility: Visibility = Visibility.internal
    # the one parent or carer it is about; None: the whole family
    member_id: uuid.UUID | None = None


class CaseEventAmend(SQLModel):
    """A correction: why, and only the fields that change."""

    reason: Reason
    occurred_on: CaseDate | None = None
    source: EventSource | None = None
    reported_by: ReportedBy | None = None
    document_reference: DocumentReference | None = None
    what_happened: WhatHappened | None = None
    significance_for_child: SignificanceForChild | None = None
    visibility: Visibility | None = None
    # set to null to make it about the whole family again
    member_id: uuid.UUID | None = None


class CaseEventRead(EvidenceRead):
    source: EventSource
    reported_by: str
    document_reference: str
    what_happened: str
    significance_for_child: str
    member_id: uuid.UUID | None
    # the name of the parent it is about; empty for the whole family
    member_name: str = ""


class CaseEventHistory(SQLModel):
    event: CaseEventRead
    versions: list[CaseEventRead]


class CaseEventPage(SQLModel):
    items: list[CaseEventRead]
    total: int
    limit: int
    offset: int


def _reads(
    session: Session, events: list[CaseEvent], latest_id: uuid.UUID | None = None
) -> list[CaseEventRead]:
    names = corrections.user_names(session, [e.recorded_by_id for e in events])
    about = {e.member_id for e in events if e.member_id is not None}
    members: dict[uuid.UUID, str] = {}
    if about:
        found = session.exec(
            select(FamilyMember.id, FamilyMember.full_name).where(col(FamilyMember.id).in_(about))
        ).all()
        members = dict(found)
    return [
        CaseEventRead(
            **corrections.read_fields(e, names, is_current=latest_id is None or e.id == latest_id),
            member_name=members.get(e.member_id, "") if e.member_id else "",
        )
        for e in events
    ]


def _check(session: Session, data: CaseEventCreate, family_id: uuid.UUID) -> None:
    # an event from outside the plan may predate the family's involvement: 1900 to today
    check_evidence_date(session, None, data.occurred_on)
    if data.member_id is not None:
        parent = session.exec(
            select(FamilyMember.id).where(
                FamilyMember.id == data.member_id,
                FamilyMember.family_id == family_id,
                col(FamilyMember.role).in_(PARENT_ROLES),
            )
        ).first()
        if parent is None:
            raise Invalid("member_id", NOT_A_PARENT)
    if not data.what_happened.strip():
        raise Invalid("what_happened", "Enter what happened")
    if not data.significance_for_child.strip():
        raise Invalid("significance_for_child", "Enter what this event means for the child")


def create_event(
    session: Session, actor: Actor, family_id: uuid.UUID, data: CaseEventCreate
) -> CaseEventRead:
    """Record a family-level event; staff only. ``recorded_at`` is server time."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    _check(session, data, family.id)
    event = CaseEvent(**data.model_dump(), family_id=family.id, recorded_by_id=actor.user.id)
    session.add(event)
    session.flush()
    audit.record(session, actor, "create", "caseevent", event.id, family.id)
    read = _reads(session, [event])[0]
    session.commit()
    return read


def amend_event(
    session: Session, actor: Actor, event_id: uuid.UUID, changes: CaseEventAmend
) -> CaseEventRead:
    """Correct the latest version by adding a new version; staff only; 409 if stale."""
    old = corrections.load_latest(session, actor, CaseEvent, event_id, ENTITY)
    merged = corrections.merge(CaseEventCreate, old, changes)
    _check(session, merged, old.family_id)
    new = corrections.new_version(session, actor, old, merged, changes.reason, ENTITY)
    read = _reads(session, [new])[0]
    corrections.commit(session, ENTITY)
    return read


def mark_entered_in_error(
    session: Session, actor: Actor, event_id: uuid.UUID, reason: str
) -> CaseEventRead:
    """Mark the latest version entered in error, with a reason; staff only; 409 if already."""
    event = corrections.mark_entered_in_error(session, actor, CaseEvent, event_id, reason, ENTITY)
    return _reads(session, [event])[0]


def get_event(session: Session, actor: Actor, event_id: uuid.UUID) -> CaseEventHistory:
    """One event with every version of it, oldest first (parents: shared versions only)."""
    event = corrections.readable(session, actor, CaseEvent, event_id)
    versions, latest_id = corrections.readable_versions(
        actor, event, corrections.chain(session, CaseEvent, event)
    )
    reads = _reads(session, versions, latest_id)
    audit.record_now(session, actor, "read", "caseevent", event.id, event.family_id)
    return CaseEventHistory(event=next(r for r in reads if r.id == event.id), versions=reads)


def list_events(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    source: EventSource | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> CaseEventPage:
    """A family's events (current versions), newest first; a fixed number of queries."""
    family = access.get_family(session, actor, family_id)
    conditions: list[Any] = [
        CaseEvent.family_id == family.id,
        corrections.is_current(CaseEvent),
        *corrections.parent_view(actor, CaseEvent),
    ]
    if source is not None:
        conditions.append(CaseEvent.source == source)
    if date_from is not None:
        conditions.append(col(CaseEvent.occurred_on) >= date_from)
    if date_to is not None:
        conditions.append(col(CaseEvent.occurred_on) <= date_to)
    total = session.exec(select(func.count()).select_from(CaseEvent).where(*conditions)).one()
    rows = session.exec(
        select(CaseEvent)
        .where(*conditions)
        .order_by(
            col(CaseEvent.occurred_on).desc(),
            col(CaseEvent.recorded_at).desc(),
            sa.desc(col(CaseEvent.id)),
        )
        .limit(limit)
        .offset(offset)
    ).all()
    items = _reads(session, list(rows))
    audit.record_now(session, actor, "list", "caseevent", family.id, family.id)
    return CaseEventPage(items=items, total=total, limit=limit, offset=offset)
