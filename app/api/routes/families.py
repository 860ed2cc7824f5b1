"""Families, their members, and which workers are allocated to them."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.family import (
    FamilyCreate,
    FamilyMemberCreate,
    FamilyMemberRead,
    FamilyMemberUpdate,
    FamilyRead,
    FamilyStatus,
    FamilyUpdate,
    LegalStatus,
)
from app.services.cases import allocations, families
from app.services.cases.allocations import AllocationCreate, AllocationRead
from app.services.cases.families import FamilyPage

router = APIRouter(route_class=AuditedRoute, tags=["families"])

Search = Annotated[
    str | None,
    Query(max_length=120, description="Part of the case reference or family name"),
]


@router.get(
    "/families",
    response_model=FamilyPage,
    summary="List the families you may see, by case reference",
    responses=answers(),
)
def list_families(
    session: SessionDep,
    actor: ActorDep,
    status: FamilyStatus | None = None,
    legal_status: LegalStatus | None = None,
    search: Search = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> FamilyPage:
    return families.list_families(
        session,
        actor,
        status=status,
        legal_status=legal_status,
        search=search,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/families",
    response_model=FamilyRead,
    status_code=status.HTTP_201_CREATED,
    summary="Open a case in your team",
    responses=answers(404, 409),
)
def create_family(body: FamilyCreate, session: SessionDep, actor: ActorDep) -> FamilyRead:
    """A social worker who opens a case is allocated to it. A case reference
    already in use answers 409."""
    return FamilyRead.model_validate(
        families.create_family(session, actor, body), from_attributes=True
    )


@router.get(
    "/families/{family_id}",
    response_model=FamilyRead,
    summary="Read a family's details",
    responses=answers(404),
)
def read_family(family_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> FamilyRead:
    return FamilyRead.model_validate(
        families.get_family(session, actor, family_id), from_attributes=True
    )


@router.patch(
    "/families/{family_id}",
    response_model=FamilyRead,
    summary="Change a family's details",
    responses=answers(404, 409),
)
def update_family(
    family_id: uuid.UUID, body: FamilyUpdate, session: SessionDep, actor: ActorDep
) -> FamilyRead:
    """Send the `version` you read; if someone changed the family since, the answer
    is 409 with the current record."""
    return FamilyRead.model_validate(
        families.update_family(session, actor, family_id, body), from_attributes=True
    )


@router.get(
    "/families/{family_id}/members",
    response_model=list[FamilyMemberRead],
    summary="List a family's members",
    responses=answers(404),
)
def list_members(
    family_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> list[FamilyMemberRead]:
    return [
        FamilyMemberRead.model_validate(m, from_attributes=True)
        for m in families.list_members(session, actor, family_id)
    ]


@router.post(
    "/families/{family_id}/members",
    response_model=FamilyMemberRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a parent, carer or child to a family",
    responses=answers(404, 409),
)
def create_member(
    family_id: uuid.UUID, body: FamilyMemberCreate, session: SessionDep, actor: ActorDep
) -> FamilyMemberRead:
    """A child needs a date of birth; parents and carers may leave it out."""
    return FamilyMemberRead.model_validate(
        families.create_member(session, actor, family_id, body), from_attributes=True
    )


@router.get(
    "/members/{member_id}",
    response_model=FamilyMemberRead,
    summary="Read a family member",
    responses=answers(404),
)
def read_member(member_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> FamilyMemberRead:
    return FamilyMemberRead.model_validate(
        families.get_member(session, actor, member_id), from_attributes=True
    )


@router.patch(
    "/members/{member_id}",
    response_model=FamilyMemberRead,
    summary="Change a family member's details",
    responses=answers(404, 409),
)
def update_member(
    member_id: uuid.UUID, body: FamilyMemberUpdate, session: SessionDep, actor: ActorDep
) -> FamilyMemberRead:
    return FamilyMemberRead.model_validate(
        families.update_member(session, actor, member_id, body), from_attributes=True
    )


@router.get(
    "/families/{family_id}/allocations",
    response_model=list[AllocationRead],
    summary="List who is and was allocated to a family",
    responses=answers(404),
)
def list_allocations(
    family_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> list[AllocationRead]:
    return allocations.list_allocations(session, actor, family_id)


@router.post(
    "/families/{family_id}/allocations",
    response_model=AllocationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Allocate a family to a worker of your team, or give a worker access",
    responses=answers(404, 409),
)
def allocate(
    family_id: uuid.UUID, body: AllocationCreate, session: SessionDep, actor: ActorDep
) -> AllocationRead:
    """Team leads only. With `is_primary` (the default) the worker becomes the
    allocated worker and the previous allocation ends (it stays in the history);
    otherwise the worker is given access alongside the allocated worker."""
    return allocations.allocate(session, actor, family_id, body)


@router.post(
    "/allocations/{allocation_id}/end",
    response_model=AllocationRead,
    summary="End a worker's additional access to a family",
    responses=answers(404, 409),
)
def end_allocation(
    allocation_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> AllocationRead:
    """Team leads only. The allocated worker changes by allocating someone else."""
    return allocations.end_access(session, actor, allocation_id)
