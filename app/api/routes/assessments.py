"""Assessment episodes of a family."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.models.family import TimescaleExtensionCreate, TimescaleExtensionRead
from app.models.plan import AssessmentCreate, AssessmentRead, AssessmentUpdate
from app.services.cases import assessments, timescale
from app.services.evidence.corrections import CorrectionReason

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
    proceedings with a known issue date, the law sets `decision_date`: 26 weeks
    beginning with the issue day (issue date + 181 days) plus any extension; another
    date answers 422. Otherwise it must be given (422)."""
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


@router.get(
    "/families/{family_id}/timescale-extensions",
    response_model=list[TimescaleExtensionRead],
    summary="List the extensions of the child's timescale granted by the court",
    responses=answers(403, 404),
)
def list_extensions(
    family_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> list[TimescaleExtensionRead]:
    """Oldest first, those entered in error included; each in force gives `extended_to`,
    the decision date once it is counted."""
    return timescale.list_extensions(session, actor, family_id)


@router.post(
    "/families/{family_id}/timescale-extensions",
    response_model=TimescaleExtensionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record an extension of the child's timescale granted by the court",
    responses=answers(403, 404),
)
def record_extension(
    family_id: uuid.UUID, body: TimescaleExtensionCreate, session: SessionDep, actor: ActorDep
) -> TimescaleExtensionRead:
    """Care proceedings only (Children Act 1989 s.32(5)-(8)): at most 8 weeks each, with
    the court's reason. The decision date moves by `weeks`; the open assessment follows."""
    return timescale.record_extension(session, actor, family_id, body)


@router.post(
    "/timescale-extensions/{extension_id}/entered-in-error",
    response_model=TimescaleExtensionRead,
    summary="Mark an extension entered in error, with a reason; the date moves back",
    responses=answers(403, 404, 409),
)
def extension_in_error(
    extension_id: uuid.UUID, body: CorrectionReason, session: SessionDep, actor: ActorDep
) -> TimescaleExtensionRead:
    return timescale.extension_in_error(session, actor, extension_id, body.reason)
