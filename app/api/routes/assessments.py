"""Assessment episodes of a family."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.models.plan import AssessmentCreate, AssessmentRead, AssessmentUpdate
from app.services.cases import assessments

router = APIRouter(tags=["assessments"])


@router.get(
    "/families/{family_id}/assessments",
    response_model=list[AssessmentRead],
    summary="List a family's assessments, newest first",
    responses=answers(404),
)
def list_assessments(
    family_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> list[AssessmentRead]:
    return [
        AssessmentRead.model_validate(a, from_attributes=True)
        for a in assessments.list_assessments(session, actor, family_id)
    ]


@router.post(
    "/families/{family_id}/assessments",
    response_model=AssessmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Start an assessment of a family",
    responses=answers(403, 404, 409),
)
def create_assessment(
    family_id: uuid.UUID, body: AssessmentCreate, session: SessionDep, actor: ActorDep
) -> AssessmentRead:
    """Only one assessment of a family is open at a time (409 otherwise). In care
    proceedings with a known issue date, `decision_date` defaults to that date plus
    26 weeks; otherwise it must be given (422)."""
    return AssessmentRead.model_validate(
        assessments.create_assessment(session, actor, family_id, body), from_attributes=True
    )


@router.get(
    "/assessments/{assessment_id}",
    response_model=AssessmentRead,
    summary="Read an assessment",
    responses=answers(404),
)
def read_assessment(
    assessment_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> AssessmentRead:
    return AssessmentRead.model_validate(
        assessments.get_assessment(session, actor, assessment_id), from_attributes=True
    )


@router.patch(
    "/assessments/{assessment_id}",
    response_model=AssessmentRead,
    summary="Change or close an assessment",
    responses=answers(403, 404, 409),
)
def update_assessment(
    assessment_id: uuid.UUID, body: AssessmentUpdate, session: SessionDep, actor: ActorDep
) -> AssessmentRead:
    """Setting `status` to closed records `closed_on` (today unless given). Send the
    `version` you read; a stale one answers 409 with the current record."""
    return AssessmentRead.model_validate(
        assessments.update_assessment(session, actor, assessment_id, body), from_attributes=True
    )
