"""Goals of an assessment, and plan sign-off."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.plan import GoalCreate, GoalRead, GoalUpdate
from app.services.plan import goals
from app.services.plan.goals import GoalSignOff

router = APIRouter(route_class=AuditedRoute, tags=["goals"])


@router.get(
    "/assessments/{assessment_id}/goals",
    response_model=list[GoalRead],
    summary="List an assessment's goals",
    responses=answers(404),
)
def list_goals(assessment_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> list[GoalRead]:
    """Parents see only goals a team lead has signed off."""
    return goals.list_goals(session, actor, assessment_id)


@router.post(
    "/assessments/{assessment_id}/goals",
    response_model=GoalRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a goal to an open assessment",
    responses=answers(404, 409),
)
def create_goal(
    assessment_id: uuid.UUID, body: GoalCreate, session: SessionDep, actor: ActorDep
) -> GoalRead:
    """`parent_ids` must be parents or carers of the family. The goal starts as
    `proposed` and is shown to parents once signed off."""
    return goals.create_goal(session, actor, assessment_id, body)


@router.get(
    "/goals/{goal_id}",
    response_model=GoalRead,
    summary="Read a goal with the parents it applies to",
    responses=answers(404),
)
def read_goal(goal_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> GoalRead:
    return goals.get_goal(session, actor, goal_id)


@router.patch(
    "/goals/{goal_id}",
    response_model=GoalRead,
    summary="Change a goal",
    responses=answers(404, 409),
)
def update_goal(
    goal_id: uuid.UUID, body: GoalUpdate, session: SessionDep, actor: ActorDep
) -> GoalRead:
    """The five levels and the baseline cannot change once progress is recorded
    (409). Rewording a signed-off goal clears its sign-off."""
    return goals.update_goal(session, actor, goal_id, body)


@router.post(
    "/goals/{goal_id}/sign-off",
    response_model=GoalRead,
    summary="Approve a goal of the plan, or ask for changes (team lead)",
    responses=answers(404, 409),
)
def sign_off_goal(
    goal_id: uuid.UUID, body: GoalSignOff, session: SessionDep, actor: ActorDep
) -> GoalRead:
    """A team lead of the family's team. `approve` signs the goal off and makes it
    active; `changes_requested` needs a comment and is kept internal."""
    return goals.sign_off_goal(session, actor, goal_id, body)
