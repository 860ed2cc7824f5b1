"""The decision date by the statute, and the court's extensions moving it."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.audit import AuditEvent
from app.models.family import LegalStatus, TimescaleExtensionCreate
from app.models.plan import Assessment, AssessmentCreate, AssessmentUpdate
from app.reports import chronology
from app.services.cases import assessments, timescale
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.reporting.case_record import gather
from tests import factories
from tests.factories import World

ISSUED = date(2026, 6, 1)


def _issued_family(session: Session, world: World) -> Assessment:
    fam = factories.family(session, world.team_a, "CCT-A-0061", "Fenwick family", world.worker_a)
    fam.proceedings_issued_on = ISSUED
    session.commit()
    return assessments.create_assessment(
        session, Actor(world.worker_a), fam.id, AssessmentCreate(started_on=ISSUED)
    )


def test_issued_1_june_2026_decides_by_29_november_not_30(session: Session, world: World) -> None:
    a = _issued_family(session, world)
    assert a.decision_date == date(2026, 11, 29)


def test_chronology_weeks_agree_with_the_date(session: Session, world: World) -> None:
    a = _issued_family(session, world)
    case = gather(session, Actor(world.lead_a), a.family_id)
    last = chronology.summary(case, date(2026, 11, 29))
    text = " ".join(last)
    assert "due by Sunday 29 November 2026" in text
    assert "Sunday 29 November 2026 is in week 26 of 26." in last
    # the defect: "week 27 of the 26-week timescale" beside "due by ... (0 weeks away)"
    after = " ".join(chronology.summary(case, date(2026, 11, 30)))
    assert "week 27" not in after and "0 weeks away" not in after
    assert "Monday 30 November 2026 is 1 week past the last day." in after


def test_a_date_other_than_the_statutes_is_refused(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    a = _issued_family(session, world)
    with pytest.raises(Invalid) as err:
        assessments.update_assessment(
            session,
            worker,
            a.id,
            AssessmentUpdate(version=a.version, decision_date=date(2026, 11, 30)),
        )
    assert err.value.field == "decision_date" and "29 November 2026" in err.value.message


def test_an_extension_moves_the_date_and_is_recorded(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    a = _issued_family(session, world)
    ext = timescale.record_extension(
        session,
        worker,
        a.family_id,
        TimescaleExtensionCreate(
            granted_on=date(2026, 11, 20), weeks=8, reason="Awaiting a parenting assessment"
        ),
    )
    assert ext.extended_to == date(2027, 1, 24)
    session.refresh(a)
    assert a.decision_date == date(2027, 1, 24)
    second = timescale.record_extension(
        session,
        worker,
        a.family_id,
        TimescaleExtensionCreate(granted_on=date(2026, 11, 27), weeks=2, reason="Expert late"),
    )
    assert second.extended_to == date(2027, 2, 7)
    case = gather(session, Actor(world.lead_a), a.family_id)
    assert case.timescale.decision_date == date(2027, 2, 7)
    assert "extended this 2 times, by 10 weeks in all" in case.timescale.sentence()
    # a wrong record is marked entered in error; the date moves back
    timescale.extension_in_error(session, worker, second.id, "Recorded twice")
    session.refresh(a)
    assert a.decision_date == date(2027, 1, 24)
    with pytest.raises(Conflict):
        timescale.extension_in_error(session, worker, second.id, "Again")
    listed = timescale.list_extensions(session, worker, a.family_id)
    assert [(e.weeks, e.extended_to) for e in listed] == [(8, date(2027, 1, 24)), (2, None)]
    assert listed[1].entered_in_error_reason == "Recorded twice"
    actions = session.exec(
        select(AuditEvent.action).where(
            AuditEvent.entity == "timescale_extension", AuditEvent.family_id == a.family_id
        )
    ).all()
    assert actions.count("create") == 2 and "entered_in_error" in actions


def test_extensions_are_bounded_and_only_in_proceedings(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(ValueError):
        TimescaleExtensionCreate(granted_on=date(2026, 11, 20), weeks=9, reason="Too long")
    ok = TimescaleExtensionCreate(granted_on=date.today(), weeks=4, reason="Reasons")
    plo = factories.family(
        session,
        world.team_a,
        "CCT-A-0062",
        "Garth family",
        world.worker_a,
        LegalStatus.plo_pre_proceedings,
    )
    session.commit()
    with pytest.raises(Invalid):
        timescale.record_extension(session, worker, plo.id, ok)
    early = ok.model_copy(
        update={"granted_on": world.family_a.proceedings_issued_on - timedelta(days=1)}
    )  # type: ignore[operator]
    with pytest.raises(Invalid) as err:
        timescale.record_extension(session, worker, world.family_a.id, early)
    assert err.value.field == "granted_on"
    blank = ok.model_copy(update={"reason": "   "})
    with pytest.raises(Invalid):
        timescale.record_extension(session, worker, world.family_a.id, blank)
    with pytest.raises(NotFound):
        timescale.record_extension(session, Actor(world.parent_a), world.family_a.id, ok)
    with pytest.raises(NotFound):
        timescale.record_extension(session, Actor(world.worker_b), world.family_a.id, ok)
