"""Assessment episodes of a family."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.family import TimescaleExtensionCreate, TimescaleExtensionRead
from app.models.plan import AssessmentCreate, AssessmentRead, AssessmentUpdate
from app.models.report import (
    AssessmentReportRead,
    ReportDecisionRead,
    ReportSection,
    ReportStep,
    SectionDraftRead,
    SectionWrite,
    SignatoryRead,
)
from app.services.cases import assessments, timescale
from app.services.evidence.corrections import CorrectionReason
from app.services.reporting import assessment_report

router = APIRouter(route_class=AuditedRoute, tags=["assessments"])


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
    responses=answers(404, 409),
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
    responses=answers(404, 409),
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
    responses=answers(404),
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
    responses=answers(404, 409),
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
    responses=answers(404, 409),
)
def extension_in_error(
    extension_id: uuid.UUID, body: CorrectionReason, session: SessionDep, actor: ActorDep
) -> TimescaleExtensionRead:
    return timescale.extension_in_error(session, actor, extension_id, body.reason)


# --- the assessment report: drafted by the worker, approved by the team lead ------------------


def _report_read(state: assessment_report.ReportState) -> AssessmentReportRead:
    def draft(d: assessment_report.Draft) -> SectionDraftRead:
        return SectionDraftRead(
            section=d.section,
            number=d.number,
            text=d.text,
            written_by_name=d.by,
            written_at=d.at,
        )

    written = state.written()
    return AssessmentReportRead(
        assessment_id=state.assessment.id,
        status=state.status,
        version=state.version,
        missing=state.missing,
        sections=[
            draft(d) for s in assessment_report.SECTIONS if (d := state.current(s)) is not None
        ],
        drafts=[draft(d) for d in state.drafts],
        decisions=[
            ReportDecisionRead(
                action=d.action,
                comment=d.comment,
                decided_by_name=d.by,
                decided_at=d.at,
                report_version=d.report_version,
            )
            for d in state.decisions
        ],
        author=SignatoryRead(**vars(written.author)) if written.author else None,
        approver=SignatoryRead(**vars(written.approver)) if written.approver else None,
    )


@router.get(
    "/assessments/{assessment_id}/report",
    response_model=AssessmentReportRead,
    summary="Read the assessment report: its sections, every draft, and its approval",
    responses=answers(404),
)
def read_report(
    assessment_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> AssessmentReportRead:
    """Staff of the family only; anyone else gets 404."""
    return _report_read(assessment_report.report_state(session, actor, assessment_id))


@router.put(
    "/assessments/{assessment_id}/report/sections/{section}",
    response_model=AssessmentReportRead,
    summary="Save a new version of one section of the assessment report",
    responses=answers(404, 409),
)
def save_section(
    assessment_id: uuid.UUID,
    section: ReportSection,
    body: SectionWrite,
    session: SessionDep,
    actor: ActorDep,
) -> AssessmentReportRead:
    """Every save is kept as a new version. Send the `version` of the section you started
    from (0 if it was not yet written): if someone saved a newer one, 409 with the current
    text. A submitted or approved report cannot change (409)."""
    return _report_read(
        assessment_report.save_section(
            session, actor, assessment_id, section, body.text, body.version
        )
    )


@router.post(
    "/assessments/{assessment_id}/report/submit",
    response_model=AssessmentReportRead,
    summary="Submit the assessment report to the team lead for approval",
    responses=answers(404, 409),
)
def submit_report(
    assessment_id: uuid.UUID, body: ReportStep, session: SessionDep, actor: ActorDep
) -> AssessmentReportRead:
    """Every section must be written (422 names those missing). Send the report
    `version` you read; a stale one answers 409."""
    return _report_read(assessment_report.submit(session, actor, assessment_id, body.version))


@router.post(
    "/assessments/{assessment_id}/report/approve",
    response_model=AssessmentReportRead,
    summary="Approve a submitted assessment report (the family's team lead)",
    responses=answers(403, 404, 409),
)
def approve_report(
    assessment_id: uuid.UUID, body: ReportStep, session: SessionDep, actor: ActorDep
) -> AssessmentReportRead:
    """A team lead of the family's team, not the one who submitted it (403). Approves
    the `version` read; a stale one answers 409."""
    return _report_read(
        assessment_report.approve(session, actor, assessment_id, body.version, body.comment)
    )


@router.post(
    "/assessments/{assessment_id}/report/return",
    response_model=AssessmentReportRead,
    summary="Return a submitted assessment report to the worker with comments",
    responses=answers(403, 404, 409),
)
def return_report(
    assessment_id: uuid.UUID, body: ReportStep, session: SessionDep, actor: ActorDep
) -> AssessmentReportRead:
    """A team lead of the family's team; `comment` (what needs to change) is required."""
    return _report_read(
        assessment_report.return_report(session, actor, assessment_id, body.version, body.comment)
    )
