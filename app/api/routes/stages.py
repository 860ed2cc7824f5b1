"""Stage-of-change ratings: record per parent or carer, amend, mark entered in error, list."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import DateFrom, DateTo, Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.evidence import stages
from app.services.evidence.corrections import CorrectionReason
from app.services.evidence.stages import (
    StageRatingAmend,
    StageRatingCreate,
    StageRatingHistory,
    StageRatingPage,
    StageRatingRead,
)

router = APIRouter(route_class=AuditedRoute, tags=["stage-of-change ratings"])


@router.post(
    "/families/{family_id}/stage-ratings",
    response_model=StageRatingRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a parent's or carer's stage of change, motivation and ability",
    responses=answers(404, 409),
)
def create_rating(
    family_id: uuid.UUID, body: StageRatingCreate, session: SessionDep, actor: ActorDep
) -> StageRatingRead:
    """Staff only. `member_id` must be a parent or carer of this family."""
    return stages.create_rating(session, actor, family_id, body)


@router.get(
    "/families/{family_id}/stage-ratings",
    response_model=StageRatingPage,
    summary="List a family's stage-of-change ratings (current versions), newest first",
    responses=answers(404),
)
def list_ratings(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    member_id: uuid.UUID | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> StageRatingPage:
    return stages.list_ratings(
        session,
        actor,
        family_id,
        member_id=member_id,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/stage-ratings/{rating_id}",
    response_model=StageRatingHistory,
    summary="Read a stage-of-change rating with its amendment history (oldest first)",
    responses=answers(404),
)
def read_rating(rating_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> StageRatingHistory:
    return stages.get_rating(session, actor, rating_id)


@router.post(
    "/stage-ratings/{rating_id}/amendments",
    response_model=StageRatingRead,
    status_code=status.HTTP_201_CREATED,
    summary="Amend a stage-of-change rating (adds a new version)",
    responses=answers(404, 409),
)
def amend_rating(
    rating_id: uuid.UUID, body: StageRatingAmend, session: SessionDep, actor: ActorDep
) -> StageRatingRead:
    return stages.amend_rating(session, actor, rating_id, body)


@router.post(
    "/stage-ratings/{rating_id}/entered-in-error",
    response_model=StageRatingRead,
    summary="Mark a stage-of-change rating entered in error, with a reason",
    responses=answers(404, 409),
)
def mark_rating_in_error(
    rating_id: uuid.UUID, body: CorrectionReason, session: SessionDep, actor: ActorDep
) -> StageRatingRead:
    return stages.mark_entered_in_error(session, actor, rating_id, body.reason)
