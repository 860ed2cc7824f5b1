"""The GAS T-score of a family, one parent or a set of goals."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.evidence.corrections import CaseDate
from app.services.measuring import scores
from app.services.measuring.scores import ScoreRead, ScoreSeries

router = APIRouter(route_class=AuditedRoute, tags=["scores"])

GoalIds = Annotated[
    list[uuid.UUID] | None,
    Query(alias="goal_id", max_length=100, description="Only these goals (repeat the parameter)"),
]
MemberId = Annotated[
    uuid.UUID | None, Query(description="Only the goals and entries about this parent")
]
AssessmentId = Annotated[
    uuid.UUID | None,
    Query(description="This assessment, instead of the one in effect on the date"),
]


@router.get(
    "/families/{family_id}/scores",
    response_model=ScoreRead,
    summary="Goal levels and the GAS T-score on a date",
    responses=answers(404),
)
def family_scores(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    at: Annotated[CaseDate | None, Query(description="The date (default today)")] = None,
    member_id: MemberId = None,
    goal_ids: GoalIds = None,
    assessment_id: AssessmentId = None,
) -> ScoreRead:
    """Each goal's level is its latest current scored entry on or before the date, else
    its baseline. T = 50 means the goals are met as expected."""
    return scores.family_scores(
        session,
        actor,
        family_id,
        at=at,
        member_id=member_id,
        goal_ids=goal_ids,
        assessment_id=assessment_id,
    )


@router.get(
    "/families/{family_id}/scores/weekly",
    response_model=ScoreSeries,
    summary="The GAS T-score week by week between two dates",
    responses=answers(404),
)
def weekly_scores(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    start: Annotated[CaseDate, Query(alias="from", description="The first date")],
    end: Annotated[CaseDate, Query(alias="to", description="The last date (five years at most)")],
    member_id: MemberId = None,
    goal_ids: GoalIds = None,
    assessment_id: AssessmentId = None,
) -> ScoreSeries:
    return scores.weekly_scores(
        session,
        actor,
        family_id,
        start,
        end,
        member_id=member_id,
        goal_ids=goal_ids,
        assessment_id=assessment_id,
    )
