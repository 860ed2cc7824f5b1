"""Families and their members: finding, opening, reading and editing a case.

Allocation of families to workers lives in ``app.services.cases.allocations``.
"""

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, func, select

from app.models.account import Allocation, Role
from app.models.family import (
    Family,
    FamilyCreate,
    FamilyMember,
    FamilyMemberCreate,
    FamilyMemberUpdate,
    FamilyRead,
    FamilyStatus,
    FamilyUpdate,
    LegalStatus,
    MemberRole,
)
from app.services import access, audit, editing
from app.services.cases import timescale
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.services.inputs import check_field_text
from app.services.plan.common import check_text, require_values, today

MAX_PAGE_SIZE = 200


class FamilyPage(SQLModel):
    """One page of the families an actor may see, and how many there are in all."""

    items: list[FamilyRead]
    total: int
    limit: int
    offset: int


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_families(
    session: Session,
    actor: Actor,
    *,
    status: FamilyStatus | None = None,
    legal_status: LegalStatus | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> FamilyPage:
    """The families the actor may see, by case reference, filtered and paginated.

    ``search`` matches part of the case reference or the family name, ignoring case.
    Always three statements (page, count, audit), whatever the number of families.
    """
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offset = max(0, offset)
    conditions = [access.family_condition(actor)]
    if status is not None:
        conditions.append(col(Family.status) == status)
    if legal_status is not None:
        conditions.append(col(Family.legal_status) == legal_status)
    check_field_text("search", search)
    if search:
        pattern = _like_pattern(search.strip().lower())
        conditions.append(
            sa.or_(
                func.lower(Family.case_reference).like(pattern, escape="\\"),
                func.lower(Family.family_name).like(pattern, escape="\\"),
            )
        )
    items = session.exec(
        select(Family)
        .where(*conditions)
        .order_by(col(Family.case_reference), col(Family.id))
        .limit(limit)
        .offset(offset)
    ).all()
    total = session.exec(select(func.count()).select_from(Family).where(*conditions)).one()
    audit.record_now(session, actor, "list", "family")
    return FamilyPage(
        items=[FamilyRead.model_validate(f, from_attributes=True) for f in items],
        total=total,
        limit=limit,
        offset=offset,
    )


def _reference_taken(session: Session, reference: str) -> bool:
    found = session.exec(select(Family.id).where(Family.case_reference == reference)).first()
    return found is not None


def create_family(session: Session, actor: Actor, data: FamilyCreate) -> Family:
    """Open a case. Staff only, always in the creator's own team.

    A social worker who opens a case becomes its allocated worker.
    """
    access.require_staff(actor)
    check_text(data)
    team_id = actor.user.team_id
    if team_id is None:
        raise Invalid("team_id", "You are not in a team, so you cannot open a case")
    if data.team_id is not None and data.team_id != team_id:
        raise Invalid("team_id", "You can only open a case in your own team")
    if _reference_taken(session, data.case_reference):
        raise Conflict(f"A family with case reference {data.case_reference} already exists")
    family = Family.model_validate(data.model_dump(exclude={"team_id"}) | {"team_id": team_id})
    session.add(family)
    session.flush()
    audit.record(session, actor, "create", "family", family.id, family.id)
    if actor.role == Role.social_worker:
        allocation = Allocation(
            family_id=family.id, user_id=actor.user.id, allocated_by_id=actor.user.id
        )
        session.add(allocation)
        session.flush()
        audit.record(session, actor, "allocate", "allocation", allocation.id, family.id)
    session.commit()
    return family


def get_family(session: Session, actor: Actor, family_id: uuid.UUID) -> Family:
    """A family's details, if the actor may see them (audited as a read)."""
    family = access.get_family(session, actor, family_id)
    audit.record_now(session, actor, "read", "family", family.id, family.id)
    return family


def update_family(
    session: Session, actor: Actor, family_id: uuid.UUID, changes: FamilyUpdate
) -> Family:
    """Change a family's details; a stale ``version`` is a Conflict with the current record."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    session.refresh(family, with_for_update=True)
    require_values(changes, nullable={"proceedings_issued_on", "involved_since"})
    editing.apply_changes(session, actor, family, changes, "family", family.id)
    timescale.sync_open_assessment(session, family)
    session.commit()
    return family


def _check_date_of_birth(role: MemberRole, born: date | None) -> None:
    if role == MemberRole.child and born is None:
        raise Invalid("date_of_birth", "Enter the child's date of birth")
    if born is not None and born > today():
        raise Invalid("date_of_birth", "Date of birth must be today or in the past")


# built once, the family bound at execution
_MEMBERS_BY_NAME = (
    select(FamilyMember)
    .where(FamilyMember.family_id == sa.bindparam("members_family_id", type_=sa.Uuid))
    .order_by(col(FamilyMember.full_name))
)


def members_by_name(session: Session, family_id: uuid.UUID) -> list[FamilyMember]:
    """Everyone in a family the caller has opened, by name (one query; access checked by
    the caller). A page composed of several parts reads them once (``access.remembered``):
    the summary and the stages of change each take what they show from this, in the
    database's own order of names."""
    return access.remembered(
        session,
        ("members_by_name", family_id),
        lambda: list(session.exec(_MEMBERS_BY_NAME, params={"members_family_id": family_id})),
    )


def list_members(session: Session, actor: Actor, family_id: uuid.UUID) -> list[FamilyMember]:
    """The members of a family: parents and carers first, then children."""
    family = access.get_family(session, actor, family_id)
    order = sa.case(
        (col(FamilyMember.role) == MemberRole.parent, 0),
        (col(FamilyMember.role) == MemberRole.carer, 1),
        else_=2,
    )
    members = session.exec(
        select(FamilyMember)
        .where(FamilyMember.family_id == family.id)
        .order_by(order, col(FamilyMember.created_at), col(FamilyMember.id))
    ).all()
    audit.record_now(session, actor, "list", "familymember", "", family.id)
    return list(members)


def create_member(
    session: Session, actor: Actor, family_id: uuid.UUID, data: FamilyMemberCreate
) -> FamilyMember:
    """Add a parent, carer or child. A child needs a date of birth."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    check_text(data)
    _check_date_of_birth(data.role, data.date_of_birth)
    member = FamilyMember.model_validate(data.model_dump() | {"family_id": family.id})
    session.add(member)
    session.flush()
    audit.record(session, actor, "create", "familymember", member.id, family.id)
    session.commit()
    return member


def get_member(session: Session, actor: Actor, member_id: uuid.UUID) -> FamilyMember:
    """One member of a family the actor may see (audited as a read)."""
    member = access.get_record(session, actor, FamilyMember, member_id)
    audit.record_now(session, actor, "read", "familymember", member.id, member.family_id)
    return member


def update_member(
    session: Session, actor: Actor, member_id: uuid.UUID, changes: FamilyMemberUpdate
) -> FamilyMember:
    """Change a member's name, date of birth or relationship (versioned)."""
    access.require_staff(actor)
    member = access.get_record(session, actor, FamilyMember, member_id, for_update=True)
    if "date_of_birth" in changes.model_fields_set:
        _check_date_of_birth(member.role, changes.date_of_birth)
    require_values(changes, nullable={"date_of_birth"})
    editing.apply_changes(session, actor, member, changes, "familymember", member.family_id)
    session.commit()
    return member
