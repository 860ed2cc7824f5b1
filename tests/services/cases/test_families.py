from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.account import Allocation
from app.models.audit import AuditEvent
from app.models.family import (
    FamilyCreate,
    FamilyMemberCreate,
    FamilyMemberUpdate,
    FamilyStatus,
    FamilyUpdate,
    LegalStatus,
    MemberRole,
)
from app.services.cases import allocations, families
from app.services.cases.allocations import AllocationCreate
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from tests.factories import World


def new_family(reference: str = "CCT-A-0100", **extra: object) -> FamilyCreate:
    return FamilyCreate(
        case_reference=reference,
        family_name="Fenwick family",
        legal_status=LegalStatus.child_protection_plan,
        **extra,
    )


def audit_actions(session: Session, family_id: object) -> list[tuple[str, str]]:
    rows = session.exec(
        select(AuditEvent).where(AuditEvent.family_id == family_id).order_by(AuditEvent.id)
    ).all()
    return [(r.action, r.entity) for r in rows]


def test_worker_opens_a_case_and_is_allocated(session: Session, world: World) -> None:
    family = families.create_family(session, Actor(world.worker_a2), new_family())
    assert family.team_id == world.team_a.id
    allocation = session.exec(select(Allocation).where(Allocation.family_id == family.id)).one()
    assert allocation.user_id == world.worker_a2.id and allocation.is_primary
    assert audit_actions(session, family.id) == [
        ("create", "family"),
        ("allocate", "allocation"),
    ]
    # and can now see it
    assert families.get_family(session, Actor(world.worker_a2), family.id).id == family.id


def test_team_lead_opens_in_own_team_only(session: Session, world: World) -> None:
    family = families.create_family(session, Actor(world.lead_a), new_family())
    assert family.team_id == world.team_a.id
    assert session.exec(select(Allocation).where(Allocation.family_id == family.id)).first() is None
    with pytest.raises(Invalid) as err:
        families.create_family(
            session, Actor(world.lead_a), new_family("CCT-A-0101", team_id=world.team_b.id)
        )
    assert err.value.field == "team_id"


def test_duplicate_case_reference_is_a_conflict(session: Session, world: World) -> None:
    with pytest.raises(Conflict) as err:
        families.create_family(session, Actor(world.lead_b), new_family("CCT-A-0001"))
    assert "CCT-A-0001 already exists" in err.value.message


def test_parents_and_admins_cannot_open_cases(session: Session, world: World) -> None:
    for user in (world.parent_a, world.admin):
        with pytest.raises(NotFound):
            families.create_family(session, Actor(user), new_family())


def test_list_filters_and_search(session: Session, world: World) -> None:
    lead = Actor(world.lead_a)
    families.create_family(session, lead, new_family("CCT-A-0200"))
    closed = families.create_family(session, lead, new_family("CCT-A-0300"))
    families.update_family(
        session, lead, closed.id, FamilyUpdate(version=1, status=FamilyStatus.closed)
    )
    page = families.list_families(session, lead)
    assert [f.case_reference for f in page.items] == ["CCT-A-0001", "CCT-A-0200", "CCT-A-0300"]
    assert page.total == 3
    assert families.list_families(session, lead, status=FamilyStatus.closed).total == 1
    by_status = families.list_families(session, lead, legal_status=LegalStatus.care_proceedings)
    assert [f.case_reference for f in by_status.items] == ["CCT-A-0001"]
    assert [
        f.case_reference for f in families.list_families(session, lead, search="a-02").items
    ] == ["CCT-A-0200"]
    # % is a literal, not a wildcard
    assert families.list_families(session, lead, search="%").total == 0
    second = families.list_families(session, lead, limit=2, offset=2)
    assert [f.case_reference for f in second.items] == ["CCT-A-0300"] and second.total == 3
    # a worker sees their allocated family only; a parent their own; an admin none
    assert [
        f.case_reference for f in families.list_families(session, Actor(world.worker_a)).items
    ] == ["CCT-A-0001"]
    assert families.list_families(session, Actor(world.parent_b)).total == 1
    assert families.list_families(session, Actor(world.admin)).total == 0


def test_read_is_audited_and_other_teams_get_not_found(session: Session, world: World) -> None:
    families.get_family(session, Actor(world.worker_a), world.family_a.id)
    assert ("read", "family") in audit_actions(session, world.family_a.id)
    for user in (world.lead_b, world.worker_a2, world.parent_b, world.admin):
        with pytest.raises(NotFound):
            families.get_family(session, Actor(user), world.family_a.id)
    denied = session.exec(
        select(AuditEvent).where(AuditEvent.outcome == "denied", AuditEvent.entity == "family")
    ).all()
    assert len(denied) == 4


def test_update_is_versioned(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    updated = families.update_family(
        session,
        worker,
        world.family_a.id,
        FamilyUpdate(version=1, family_name="Ashdown-Reed family"),
    )
    assert updated.version == 2
    with pytest.raises(Conflict) as err:
        families.update_family(
            session, worker, world.family_a.id, FamilyUpdate(version=1, family_name="Lost edit")
        )
    assert err.value.current["version"] == 2
    assert err.value.current["family_name"] == "Ashdown-Reed family"
    with pytest.raises(Invalid) as bad:
        families.update_family(
            session, worker, world.family_a.id, FamilyUpdate(version=2, legal_status=None)
        )
    assert bad.value.field == "legal_status"
    with pytest.raises(NotFound):
        families.update_family(
            session, Actor(world.parent_a), world.family_a.id, FamilyUpdate(version=2)
        )


def test_a_child_needs_a_date_of_birth(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Invalid) as err:
        families.create_member(
            session,
            worker,
            world.family_a.id,
            FamilyMemberCreate(role=MemberRole.child, full_name="Ivy Ashdown"),
        )
    assert err.value.field == "date_of_birth"
    carer = families.create_member(
        session,
        worker,
        world.family_a.id,
        FamilyMemberCreate(role=MemberRole.carer, full_name="Pat Ashdown", relationship="aunt"),
    )
    assert carer.date_of_birth is None
    with pytest.raises(Invalid):
        families.update_member(
            session, worker, world.child_a.id, FamilyMemberUpdate(version=1, date_of_birth=None)
        )
    with pytest.raises(Invalid):
        families.create_member(
            session,
            worker,
            world.family_a.id,
            FamilyMemberCreate(
                role=MemberRole.child,
                full_name="Not Born",
                date_of_birth=date.today() + timedelta(days=30),
            ),
        )
    moved = families.update_member(
        session, worker, carer.id, FamilyMemberUpdate(version=1, relationship="great-aunt")
    )
    assert moved.version == 2
    names = [m.full_name for m in families.list_members(session, worker, world.family_a.id)]
    assert names[-1] == "Kit Ashdown"  # children after parents and carers
    assert ("create", "familymember") in audit_actions(session, world.family_a.id)


def test_reallocation_ends_the_previous_allocation(session: Session, world: World) -> None:
    lead = Actor(world.lead_a)
    allocations.allocate(
        session, lead, world.family_a.id, AllocationCreate(user_id=world.worker_a2.id)
    )
    history = allocations.list_allocations(session, lead, world.family_a.id)
    assert [(a.user_id, a.ended_at is None) for a in history] == [
        (world.worker_a2.id, True),
        (world.worker_a.id, False),
    ]
    with pytest.raises(NotFound):
        families.get_family(session, Actor(world.worker_a), world.family_a.id)
    assert families.get_family(session, Actor(world.worker_a2), world.family_a.id)
    with pytest.raises(Conflict):
        allocations.allocate(
            session, lead, world.family_a.id, AllocationCreate(user_id=world.worker_a2.id)
        )
    assert ("end_allocation", "allocation") in audit_actions(session, world.family_a.id)


def test_allocation_rules(session: Session, world: World) -> None:
    lead = Actor(world.lead_a)
    with pytest.raises(Invalid) as err:
        allocations.allocate(
            session, lead, world.family_a.id, AllocationCreate(user_id=world.worker_b.id)
        )
    assert err.value.field == "user_id"
    with pytest.raises(NotFound):
        allocations.allocate(
            session,
            Actor(world.worker_a),
            world.family_a.id,
            AllocationCreate(user_id=world.worker_a2.id),
        )
    with pytest.raises(NotFound):
        allocations.allocate(
            session,
            Actor(world.lead_b),
            world.family_a.id,
            AllocationCreate(user_id=world.worker_b.id),
        )


def test_additional_access_can_be_granted_and_ended(session: Session, world: World) -> None:
    lead = Actor(world.lead_a)
    extra = allocations.allocate(
        session,
        lead,
        world.family_a.id,
        AllocationCreate(user_id=world.worker_a2.id, is_primary=False),
    )
    assert not extra.is_primary
    assert families.get_family(session, Actor(world.worker_a2), world.family_a.id)
    assert families.get_family(session, Actor(world.worker_a), world.family_a.id)  # still allocated
    ended = allocations.end_access(session, lead, extra.id)
    assert ended.ended_at is not None
    with pytest.raises(NotFound):
        families.get_family(session, Actor(world.worker_a2), world.family_a.id)
    with pytest.raises(Conflict):
        allocations.end_access(session, lead, extra.id)
    primary = next(
        a for a in allocations.list_allocations(session, lead, world.family_a.id) if a.is_primary
    )
    with pytest.raises(Conflict):
        allocations.end_access(session, lead, primary.id)
