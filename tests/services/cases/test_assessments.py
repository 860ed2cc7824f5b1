from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.audit import AuditEvent
from app.models.family import FamilyCreate, LegalStatus
from app.models.plan import AssessmentCreate, AssessmentStatus, AssessmentUpdate
from app.services.cases import assessments, families
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from tests.factories import World


def close(session: Session, actor: Actor, assessment_id: object, version: int = 1) -> None:
    assessments.update_assessment(
        session,
        actor,
        assessment_id,  # type: ignore[arg-type]
        AssessmentUpdate(version=version, status=AssessmentStatus.closed),
    )


def test_only_one_open_assessment(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Conflict) as err:
        assessments.create_assessment(
            session, worker, world.family_a.id, AssessmentCreate(started_on=date.today())
        )
    assert err.value.current["id"] == str(world.assessment_a.id)
    close(session, worker, world.assessment_a.id)
    closed = assessments.get_assessment(session, worker, world.assessment_a.id)
    assert closed.status == AssessmentStatus.closed and closed.closed_on == date.today()
    fresh = assessments.create_assessment(
        session, worker, world.family_a.id, AssessmentCreate(started_on=date.today())
    )
    # care proceedings with an issue date: the 26-week timescale
    issued = world.family_a.proceedings_issued_on
    assert issued is not None
    assert fresh.decision_date == issued + timedelta(days=181)
    listed = assessments.list_assessments(session, worker, world.family_a.id)
    assert [a.id for a in listed] == [fresh.id, world.assessment_a.id]
    # reopening the old one while the new one is open
    with pytest.raises(Conflict):
        assessments.update_assessment(
            session,
            worker,
            world.assessment_a.id,
            AssessmentUpdate(version=2, status=AssessmentStatus.open),
        )


def test_decision_date_is_needed_outside_care_proceedings(session: Session, world: World) -> None:
    lead = Actor(world.lead_a)
    family = families.create_family(
        session,
        lead,
        FamilyCreate(
            case_reference="CCT-A-0500",
            family_name="Garland family",
            legal_status=LegalStatus.plo_pre_proceedings,
        ),
    )
    with pytest.raises(Invalid) as err:
        assessments.create_assessment(
            session, lead, family.id, AssessmentCreate(started_on=date.today())
        )
    assert err.value.field == "decision_date"
    chosen = date.today() + timedelta(weeks=12)
    made = assessments.create_assessment(
        session, lead, family.id, AssessmentCreate(started_on=date.today(), decision_date=chosen)
    )
    assert made.decision_date == chosen
    created = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "assessment", AuditEvent.action == "create")
    ).all()
    assert [e.entity_id for e in created] == [str(made.id)]


def test_update_is_versioned_and_checks_dates(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    updated = assessments.update_assessment(
        session,
        worker,
        world.assessment_a.id,
        AssessmentUpdate(version=1, analysis="Progress is slow but steady."),
    )
    assert updated.version == 2
    with pytest.raises(Conflict) as err:
        assessments.update_assessment(
            session, worker, world.assessment_a.id, AssessmentUpdate(version=1, outcome="x")
        )
    assert err.value.current["version"] == 2
    with pytest.raises(Invalid) as bad:
        assessments.update_assessment(
            session,
            worker,
            world.assessment_a.id,
            AssessmentUpdate(version=2, closed_on=date.today()),
        )
    assert bad.value.field == "closed_on"
    with pytest.raises(Invalid):
        assessments.update_assessment(
            session,
            worker,
            world.assessment_a.id,
            AssessmentUpdate(version=2, decision_date=date(2000, 1, 1)),
        )


def test_access(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        assessments.get_assessment(session, Actor(world.worker_b), world.assessment_a.id)
    with pytest.raises(NotFound):
        close(session, Actor(world.parent_a), world.assessment_a.id)
    assert assessments.get_assessment(session, Actor(world.parent_a), world.assessment_a.id)
