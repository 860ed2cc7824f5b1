"""Assessment episodes: a family's capacity-to-change assessment, one open at a time."""

import uuid
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models.family import Family
from app.models.plan import Assessment, AssessmentCreate, AssessmentStatus, AssessmentUpdate
from app.services import access, audit, editing
from app.services.cases.timescale import default_decision_date
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.services.plan.common import require_values, today
from app.typography import long_date


def _statutory_message(statutory: date) -> str:
    return (
        f"In care proceedings the decision date is set by law: {long_date(statutory)} "
        "(26 weeks beginning with the issue date, plus any extension). "
        "Record an extension granted by the court instead"
    )


# built once, the family bound at execution: every page of a family asks for it
_OPEN_ASSESSMENT = select(Assessment).where(
    Assessment.family_id == sa.bindparam("open_family_id", type_=sa.Uuid),
    Assessment.status == AssessmentStatus.open,
)


def _open_assessment(session: Session, family_id: uuid.UUID) -> Assessment | None:
    return session.exec(_OPEN_ASSESSMENT, params={"open_family_id": family_id}).first()


def open_assessment(session: Session, family_id: uuid.UUID) -> Assessment | None:
    """The family's open assessment, read once for a page composed of several parts."""
    return access.remembered(
        session, ("open_assessment", family_id), lambda: _open_assessment(session, family_id)
    )


def _already_open(existing: Assessment) -> Conflict:
    return Conflict(
        f"This family already has an open assessment (started {long_date(existing.started_on)}); "
        "close it before starting another",
        current=editing.snapshot(existing),
    )


def create_assessment(
    session: Session, actor: Actor, family_id: uuid.UUID, data: AssessmentCreate
) -> Assessment:
    """Start an assessment. In care proceedings with an issue date the statute sets
    the child's timescale (``decision_date``); otherwise it must be given."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    existing = _open_assessment(session, family.id)
    if existing is not None:
        raise _already_open(existing)
    statutory = default_decision_date(session, family)
    if statutory is not None and data.decision_date not in (None, statutory):
        raise Invalid("decision_date", _statutory_message(statutory))
    decision_date = statutory or data.decision_date
    if decision_date is None:
        raise Invalid(
            "decision_date",
            "Enter the date by which a decision about the child must be made "
            "(it is only worked out for you in care proceedings with an issue date)",
        )
    if decision_date < data.started_on:
        raise Invalid("decision_date", "The decision date must be on or after the start date")
    assessment = Assessment.model_validate(
        data.model_dump() | {"family_id": family.id, "decision_date": decision_date}
    )
    session.add(assessment)
    session.flush()
    audit.record(session, actor, "create", "assessment", assessment.id, family.id)
    session.commit()
    return assessment


def list_assessments(session: Session, actor: Actor, family_id: uuid.UUID) -> list[Assessment]:
    """A family's assessments, newest first."""
    family = access.get_family(session, actor, family_id)
    found = session.exec(
        select(Assessment)
        .where(Assessment.family_id == family.id)
        .order_by(col(Assessment.started_on).desc(), col(Assessment.created_at).desc())
    ).all()
    audit.record_now(session, actor, "list", "assessment", "", family.id)
    return list(found)


def get_assessment(session: Session, actor: Actor, assessment_id: uuid.UUID) -> Assessment:
    """One assessment (audited as a read)."""
    assessment = access.get_record(session, actor, Assessment, assessment_id)
    audit.record_now(session, actor, "read", "assessment", assessment.id, assessment.family_id)
    return assessment


def update_assessment(
    session: Session, actor: Actor, assessment_id: uuid.UUID, changes: AssessmentUpdate
) -> Assessment:
    """Edit an assessment (versioned). Closing it records ``closed_on`` (today unless
    given); reopening clears it, if no other assessment of the family is open."""
    access.require_staff(actor)
    assessment = access.get_record(session, actor, Assessment, assessment_id, for_update=True)
    require_values(changes, nullable={"closed_on"})
    editing.check_version(assessment, changes.version, "assessment")
    status = changes.status or assessment.status
    closed_on = changes.closed_on if "closed_on" in changes.model_fields_set else None
    decision_date = changes.decision_date or assessment.decision_date
    if changes.decision_date is not None and changes.decision_date != assessment.decision_date:
        family = session.get(Family, assessment.family_id)
        statutory = default_decision_date(session, family) if family else None
        if statutory is not None and changes.decision_date != statutory:
            raise Invalid("decision_date", _statutory_message(statutory))
    if decision_date < assessment.started_on:
        raise Invalid("decision_date", "The decision date must be on or after the start date")
    extra: dict[str, object] = {}
    if status == AssessmentStatus.closed:
        closed_on = closed_on or assessment.closed_on or today()
        if closed_on < assessment.started_on:
            raise Invalid("closed_on", "The closing date must be on or after the start date")
        if closed_on > today():
            raise Invalid("closed_on", "The closing date must be today or in the past")
        extra["closed_on"] = closed_on
    else:
        if closed_on is not None:
            raise Invalid("closed_on", "Only a closed assessment has a closing date")
        if assessment.status == AssessmentStatus.closed:
            other = _open_assessment(session, assessment.family_id)
            if other is not None:
                raise _already_open(other)
        extra["closed_on"] = None
    editing.apply_changes(
        session,
        actor,
        assessment,
        changes,
        "assessment",
        assessment.family_id,
        exclude={"closed_on"},
    )
    for field, value in extra.items():
        setattr(assessment, field, value)
    session.commit()
    return assessment
