"""Milestones of a goal, and their outcomes."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.plan import MilestoneCreate, MilestoneOutcome, MilestoneRead, MilestoneUpdate
from app.services.plan import milestones
from app.services.plan.milestones import MilestoneOutcomeRead

router = APIRouter(route_class=AuditedRoute, tags=["milestones"])


@router.get(
    "/goals/{goal_id}/milestones",
    response_model=list[MilestoneRead],
    summary="List a goal's milestones by due date",
    responses=answers(404),
)
def list_milestones(
    goal_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> list[MilestoneRead]:
    return [
        MilestoneRead.model_validate(m, from_attributes=True)
        for m in milestones.list_milestones(session, actor, goal_id)
    ]


@router.post(
    "/goals/{goal_id}/milestones",
    response_model=MilestoneRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a milestone to a goal",
    responses=answers(404, 409),
)
def create_milestone(
    goal_id: uuid.UUID, body: MilestoneCreate, session: SessionDep, actor: ActorDep
) -> MilestoneRead:
    return MilestoneRead.model_validate(
        milestones.create_milestone(session, actor, goal_id, body), from_attributes=True
    )


@router.get(
    "/milestones/{milestone_id}",
    response_model=MilestoneRead,
    summary="Read a milestone",
    responses=answers(404),
)
def read_milestone(milestone_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> MilestoneRead:
    return MilestoneRead.model_validate(
        milestones.get_milestone(session, actor, milestone_id), from_attributes=True
    )


@router.patch(
    "/milestones/{milestone_id}",
    response_model=MilestoneRead,
    summary="Change a pending milestone",
    responses=answers(404, 409),
)
def update_milestone(
    milestone_id: uuid.UUID, body: MilestoneUpdate, session: SessionDep, actor: ActorDep
) -> MilestoneRead:
    return MilestoneRead.model_validate(
        milestones.update_milestone(session, actor, milestone_id, body), from_attributes=True
    )


@router.post(
    "/milestones/{milestone_id}/outcome",
    response_model=MilestoneOutcomeRead,
    summary="Record that a milestone was achieved, missed or cancelled",
    responses=answers(404, 409),
)
def record_outcome(
    milestone_id: uuid.UUID, body: MilestoneOutcome, session: SessionDep, actor: ActorDep
) -> MilestoneOutcomeRead:
    """Only a pending milestone has an outcome (409 otherwise). Achieving it earns
    the rewards agreed for that; missing it makes the agreed consequences due. The
    answer lists both."""
    return milestones.record_outcome(session, actor, milestone_id, body)
