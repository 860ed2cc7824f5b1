"""Which social workers work with a family.

A family has one allocated worker at a time (the primary allocation); a team
lead may also give other workers of the team access. Ended allocations are
kept, so the record shows who held the case and when.
"""

import uuid
from datetime import datetime

from sqlmodel import Session, SQLModel, col, select

from app.models.account import Allocation, Role, User
from app.models.base import utcnow
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Conflict, Invalid


class AllocationCreate(SQLModel):
    """Allocate the family to a worker (primary) or give a worker access to it."""

    user_id: uuid.UUID
    is_primary: bool = True


class AllocationRead(SQLModel):
    id: uuid.UUID
    family_id: uuid.UUID
    user_id: uuid.UUID
    user_name: str
    is_primary: bool
    allocated_at: datetime
    allocated_by_id: uuid.UUID | None
    ended_at: datetime | None


def _read(allocation: Allocation, user_name: str) -> AllocationRead:
    return AllocationRead.model_validate(
        allocation.model_dump() | {"user_name": user_name}, from_attributes=True
    )


def list_allocations(session: Session, actor: Actor, family_id: uuid.UUID) -> list[AllocationRead]:
    """Every allocation of the family, current ones first, then newest first. Staff only."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    rows = session.exec(
        select(Allocation, User.display_name)
        .join(User, col(User.id) == col(Allocation.user_id))
        .where(Allocation.family_id == family.id)
        .order_by(
            col(Allocation.ended_at).is_not(None),
            col(Allocation.allocated_at).desc(),
            col(Allocation.id),
        )
    ).all()
    audit.record_now(session, actor, "list", "allocation", "", family.id)
    return [_read(allocation, name) for allocation, name in rows]


def _team_worker(session: Session, actor: Actor, user_id: uuid.UUID) -> User:
    worker = session.get(User, user_id)
    if (
        worker is None
        or not worker.is_active
        or worker.role != Role.social_worker
        or worker.team_id != actor.user.team_id
    ):
        raise Invalid("user_id", "Choose an active social worker from your own team")
    return worker


def allocate(
    session: Session, actor: Actor, family_id: uuid.UUID, data: AllocationCreate
) -> AllocationRead:
    """A team lead allocates (or reallocates) the family, or gives a worker access.

    Reallocation ends the current primary allocation. A worker who had extra
    access and becomes the allocated worker keeps one current allocation only.
    """
    access.require_team_lead(actor)
    family = access.get_family(session, actor, family_id)
    worker = _team_worker(session, actor, data.user_id)
    current = session.exec(
        select(Allocation)
        .where(Allocation.family_id == family.id, col(Allocation.ended_at).is_(None))
        .with_for_update()
    ).all()
    mine = [a for a in current if a.user_id == worker.id]
    if mine and mine[0].is_primary:
        raise Conflict(f"{worker.display_name} is already the allocated worker for this family")
    if mine and not data.is_primary:
        raise Conflict(f"{worker.display_name} already has access to this family")
    now = utcnow()
    ending = (
        [a for a in current if a.is_primary or a.user_id == worker.id] if data.is_primary else []
    )
    for old in ending:
        old.ended_at = now
        session.add(old)
        audit.record(session, actor, "end_allocation", "allocation", old.id, family.id)
    allocation = Allocation(
        family_id=family.id,
        user_id=worker.id,
        is_primary=data.is_primary,
        allocated_at=now,
        allocated_by_id=actor.user.id,
    )
    session.add(allocation)
    session.flush()
    audit.record(session, actor, "allocate", "allocation", allocation.id, family.id)
    session.commit()
    return _read(allocation, worker.display_name)


def end_access(session: Session, actor: Actor, allocation_id: uuid.UUID) -> AllocationRead:
    """A team lead ends a worker's additional access (the allocated worker is changed
    by reallocating instead, so a family is never left without one)."""
    access.require_team_lead(actor)
    allocation = access.get_record(session, actor, Allocation, allocation_id, for_update=True)
    if allocation.ended_at is not None:
        raise Conflict("This access has already ended")
    if allocation.is_primary:
        raise Conflict("To change the allocated worker, allocate the family to someone else")
    allocation.ended_at = utcnow()
    session.add(allocation)
    audit.record(
        session, actor, "end_allocation", "allocation", allocation.id, allocation.family_id
    )
    session.commit()
    worker = session.get(User, allocation.user_id)
    return _read(allocation, worker.display_name if worker else "")
