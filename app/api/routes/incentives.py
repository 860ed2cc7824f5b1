"""Rewards and consequences agreed with a family, and the decisions on them."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.plan import (
    ConsequenceDecision,
    ConsequenceRead,
    IncentiveCreate,
    IncentiveUpdate,
    RewardDecision,
    RewardRead,
)
from app.services.plan import incentives

router = APIRouter(route_class=AuditedRoute, tags=["rewards and consequences"])


@router.get(
    "/families/{family_id}/rewards",
    response_model=list[RewardRead],
    summary="List a family's rewards",
    responses=answers(404),
)
def list_rewards(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    goal_id: Annotated[uuid.UUID | None, Query(description="Only those of this goal")] = None,
) -> list[RewardRead]:
    """Parents see only those of signed-off goals."""
    return [
        RewardRead.model_validate(r, from_attributes=True)
        for r in incentives.list_rewards(session, actor, family_id, goal_id)
    ]


@router.post(
    "/families/{family_id}/rewards",
    response_model=RewardRead,
    status_code=status.HTTP_201_CREATED,
    summary="Agree a reward with the family",
    responses=answers(404, 409),
)
def create_reward(
    family_id: uuid.UUID, body: IncentiveCreate, session: SessionDep, actor: ActorDep
) -> RewardRead:
    """Link it to a goal or a milestone of the same family (422 otherwise)."""
    return RewardRead.model_validate(
        incentives.create_reward(session, actor, family_id, body), from_attributes=True
    )


@router.get(
    "/rewards/{reward_id}",
    response_model=RewardRead,
    summary="Read a reward",
    responses=answers(404),
)
def read_reward(reward_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> RewardRead:
    return RewardRead.model_validate(
        incentives.get_reward(session, actor, reward_id), from_attributes=True
    )


@router.patch(
    "/rewards/{reward_id}",
    response_model=RewardRead,
    summary="Reword a reward that is still only agreed",
    responses=answers(404, 409),
)
def update_reward(
    reward_id: uuid.UUID, body: IncentiveUpdate, session: SessionDep, actor: ActorDep
) -> RewardRead:
    return RewardRead.model_validate(
        incentives.update_reward(session, actor, reward_id, body), from_attributes=True
    )


@router.post(
    "/rewards/{reward_id}/decision",
    response_model=RewardRead,
    summary="Record that a reward was earned, given or withdrawn",
    responses=answers(404, 409),
)
def decide_reward(
    reward_id: uuid.UUID, body: RewardDecision, session: SessionDep, actor: ActorDep
) -> RewardRead:
    """agreed → earned (manual triggers only; a milestone trigger earns it when the
    milestone is achieved), earned → given, agreed or earned → withdrawn. Any other
    move answers 409. The note is required: the decision is kept as evidence."""
    return RewardRead.model_validate(
        incentives.decide_reward(session, actor, reward_id, body), from_attributes=True
    )


@router.get(
    "/families/{family_id}/consequences",
    response_model=list[ConsequenceRead],
    summary="List a family's consequences",
    responses=answers(404),
)
def list_consequences(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    goal_id: Annotated[uuid.UUID | None, Query(description="Only those of this goal")] = None,
) -> list[ConsequenceRead]:
    """Parents see only those of signed-off goals."""
    return [
        ConsequenceRead.model_validate(r, from_attributes=True)
        for r in incentives.list_consequences(session, actor, family_id, goal_id)
    ]


@router.post(
    "/families/{family_id}/consequences",
    response_model=ConsequenceRead,
    status_code=status.HTTP_201_CREATED,
    summary="Agree a consequence with the family",
    responses=answers(404, 409),
)
def create_consequence(
    family_id: uuid.UUID, body: IncentiveCreate, session: SessionDep, actor: ActorDep
) -> ConsequenceRead:
    """Link it to a goal or a milestone of the same family (422 otherwise)."""
    return ConsequenceRead.model_validate(
        incentives.create_consequence(session, actor, family_id, body), from_attributes=True
    )


@router.get(
    "/consequences/{consequence_id}",
    response_model=ConsequenceRead,
    summary="Read a consequence",
    responses=answers(404),
)
def read_consequence(
    consequence_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> ConsequenceRead:
    return ConsequenceRead.model_validate(
        incentives.get_consequence(session, actor, consequence_id), from_attributes=True
    )


@router.patch(
    "/consequences/{consequence_id}",
    response_model=ConsequenceRead,
    summary="Reword a consequence that is still only agreed",
    responses=answers(404, 409),
)
def update_consequence(
    consequence_id: uuid.UUID, body: IncentiveUpdate, session: SessionDep, actor: ActorDep
) -> ConsequenceRead:
    return ConsequenceRead.model_validate(
        incentives.update_consequence(session, actor, consequence_id, body), from_attributes=True
    )


@router.post(
    "/consequences/{consequence_id}/decision",
    response_model=ConsequenceRead,
    summary="Record that a consequence is due, was applied or was waived",
    responses=answers(404, 409),
)
def decide_consequence(
    consequence_id: uuid.UUID, body: ConsequenceDecision, session: SessionDep, actor: ActorDep
) -> ConsequenceRead:
    """agreed → due (not for milestone triggers: missing the milestone makes it
    due), due → applied, agreed or due → waived. Any other move answers 409. The note
    is required: the decision is kept as evidence."""
    return ConsequenceRead.model_validate(
        incentives.decide_consequence(session, actor, consequence_id, body), from_attributes=True
    )
