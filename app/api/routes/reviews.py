"""Review meetings: record, amend, mark entered in error, read with history, list."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import DateFrom, DateTo, Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.evidence import reviews
from app.services.evidence.corrections import CorrectionReason
from app.services.evidence.reviews import (
    ReviewAmend,
    ReviewCreate,
    ReviewHistory,
    ReviewPage,
    ReviewRead,
)

router = APIRouter(route_class=AuditedRoute, tags=["review meetings"])


@router.post(
    "/families/{family_id}/reviews",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a review meeting",
    responses=answers(404, 409),
)
def create_review(
    family_id: uuid.UUID, body: ReviewCreate, session: SessionDep, actor: ActorDep
) -> ReviewRead:
    """Staff only. `next_review_on` must be after the meeting; `assessment_id`, if given,
    must be an assessment of this family."""
    return reviews.create_review(session, actor, family_id, body)


@router.get(
    "/families/{family_id}/reviews",
    response_model=ReviewPage,
    summary="List a family's review meetings (current versions), newest first",
    responses=answers(404),
)
def list_reviews(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ReviewPage:
    return reviews.list_reviews(
        session,
        actor,
        family_id,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/reviews/{review_id}",
    response_model=ReviewHistory,
    summary="Read a review meeting with its amendment history (oldest first)",
    responses=answers(404),
)
def read_review(review_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> ReviewHistory:
    return reviews.get_review(session, actor, review_id)


@router.post(
    "/reviews/{review_id}/amendments",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
    summary="Amend a review meeting record (adds a new version)",
    responses=answers(404, 409),
)
def amend_review(
    review_id: uuid.UUID, body: ReviewAmend, session: SessionDep, actor: ActorDep
) -> ReviewRead:
    return reviews.amend_review(session, actor, review_id, body)


@router.post(
    "/reviews/{review_id}/entered-in-error",
    response_model=ReviewRead,
    summary="Mark a review meeting record entered in error, with a reason",
    responses=answers(404, 409),
)
def mark_review_in_error(
    review_id: uuid.UUID, body: CorrectionReason, session: SessionDep, actor: ActorDep
) -> ReviewRead:
    return reviews.mark_entered_in_error(session, actor, review_id, body.reason)
