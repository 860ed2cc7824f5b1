"""Measuring change from the record: relapse detection, stage reviews due, family measures."""

from datetime import date

import pytest
from sqlmodel import Session, select

from app.domain.series import current_entries
from app.models.evidence import PlanEvent, PlanEventKind, Stage, StageRating, Visibility
from app.models.plan import Consequence, ConsequenceStatus, Trigger
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.measuring import measures
from tests import factories
from tests.factories import World

D0 = date(2026, 1, 5)


def test_current_entries_drop_amended_and_entered_in_error(session: Session, world: World) -> None:
    e1 = factories.entry(session, world.goal_a, world.worker_a, score=-2, days_ago=20)
    e2 = factories.entry(session, world.goal_a, world.worker_a, score=-1, days_ago=20)
    e2.amends_id = e1.id
    e3 = factories.entry(session, world.goal_a, world.worker_a, score=2, days_ago=5)
    e3.entered_in_error_at = e3.recorded_at
    current = {e.id for e in current_entries([e1, e2, e3])}
    assert current == {e2.id}


def test_detect_relapse_records_event_and_makes_consequence_due(
    session: Session, world: World
) -> None:
    consequence = Consequence(
        family_id=world.family_a.id,
        goal_id=world.goal_a.id,
        description="Unsupervised contact paused",
        trigger=Trigger.relapse,
    )
    session.add(consequence)
    factories.entry(session, world.goal_a, world.worker_a, score=0, days_ago=2)
    drop = factories.entry(
        session, world.goal_a, world.worker_a, score=-1, days_ago=1, visibility=Visibility.internal
    )
    result = measures.detect_relapse(session, Actor(world.worker_a), drop)
    session.commit()
    assert result.relapsed and result.stage_review_due
    events = session.exec(select(PlanEvent).where(PlanEvent.family_id == world.family_a.id)).all()
    kinds = sorted(e.kind for e in events)
    assert kinds == [PlanEventKind.consequence_due, PlanEventKind.relapse]
    assert all(e.visibility == Visibility.internal for e in events)
    session.refresh(consequence)
    assert consequence.status == ConsequenceStatus.due and consequence.version == 2
    # the milestone-triggered consequence is untouched
    session.refresh(world.consequence_a)
    assert world.consequence_a.status == ConsequenceStatus.agreed
    due = measures.family_stage_reviews_due(session, world.family_a.id)
    assert set(due) == {world.mother_a.id, world.father_a.id}
    session.add(
        StageRating(
            family_id=world.family_a.id,
            member_id=world.mother_a.id,
            occurred_on=date.today(),
            recorded_by_id=world.worker_a.id,
            stage=Stage.relapse,
            motivation=5,
            ability=4,
        )
    )
    session.commit()
    assert set(measures.family_stage_reviews_due(session, world.family_a.id)) == {world.father_a.id}


def test_no_relapse_on_a_rise(session: Session, world: World) -> None:
    rise = factories.entry(session, world.goal_a, world.worker_a, score=1, days_ago=1)
    assert not measures.detect_relapse(session, Actor(world.worker_a), rise).relapsed


def test_recording_an_entry_through_the_service_detects_relapse(
    session: Session, world: World
) -> None:
    from app.models.evidence import Source
    from app.services.evidence import entries

    # the world's latest score of goal A is 0 (three days ago); a shared −1 today relapses
    entries.create_entry(
        session,
        Actor(world.worker_a),
        world.goal_a.id,
        entries.EntryCreate(
            occurred_on=date.today(),
            gas_score=-1,
            observation="Hazards back in the kitchen.",
            source=Source.home_visit,
            visibility=Visibility.shared,
        ),
    )
    relapses = session.exec(select(PlanEvent).where(PlanEvent.kind == PlanEventKind.relapse)).all()
    assert len(relapses) == 1 and relapses[0].visibility == Visibility.shared
    assert "fell below the expected level" in relapses[0].summary


def test_family_measures_for_the_family_page(session: Session, world: World) -> None:
    # goal A: −1 ten days ago, 0 three days ago (internal), so staff see it reached
    staff = measures.family_measures(session, Actor(world.lead_a), world.family_a.id)
    by_title = {g.title: g for g in staff.goals}
    assert by_title[world.goal_a.title].trend.verdict == "reached"
    assert by_title[world.goal_a.title].trend.slope == pytest.approx(1 / 1)
    assert by_title[world.goal_a_unsigned.title].trend.verdict == "too_few_scores"
    assert staff.weekly and staff.weekly[-1][0] == date.today()
    # a parent sees only shared scores of signed-off goals: one point, too few
    parent = measures.family_measures(session, Actor(world.parent_a), world.family_a.id)
    assert [g.title for g in parent.goals] == [world.goal_a.title]
    assert [p.level for p in parent.goals[0].points] == [-1]
    with pytest.raises(NotFound):
        measures.family_measures(session, Actor(world.worker_b), world.family_a.id)


def _whole_series_rule(session: Session, new) -> tuple[str, object] | None:
    """The relapse rule over every other current entry of the goal, as first written."""
    from app.domain.relapse import relapse_basis
    from app.domain.series import Point, level_series
    from app.models.evidence import ProgressEntry

    rows = session.exec(
        select(ProgressEntry).where(
            ProgressEntry.goal_id == new.goal_id, ProgressEntry.id != new.id
        )
    ).all()
    others = [e for e in rows if e.id != new.amends_id]
    return relapse_basis(level_series(others), Point(new.occurred_on, new.gas_score))


def test_relapse_detection_agrees_with_the_rule_over_the_whole_series(
    session: Session, world: World
) -> None:
    import random

    rnd = random.Random(20261201)
    actor = Actor(world.worker_a)
    relapses = 0
    latest = []  # versions no later version amends yet
    for n in range(60):
        score = rnd.choice([-2, -1, 0, 1, 2, None])
        e = factories.entry(session, world.goal_a, world.worker_a, score, rnd.randint(0, 70))
        if latest and rnd.random() < 0.2:  # a new version of an earlier record
            amended = latest.pop(rnd.randrange(len(latest)))
            e.amends_id = amended.id
        latest.append(e)
        if rnd.random() < 0.1:
            e.entered_in_error_at = e.recorded_at
        session.add(e)
        session.flush()
        if e.gas_score is None or e.entered_in_error_at is not None:
            continue
        expected = _whole_series_rule(session, e)
        savepoint = session.begin_nested()
        result = measures.detect_relapse(session, actor, e)
        assert result.relapsed == (expected is not None), n
        if expected is not None:
            assert result.reason == expected[0]
            assert result.event is not None and result.event.earlier_entry_id is not None
        savepoint.rollback()
        relapses += result.relapsed
    assert relapses >= 3  # the sequence does exercise the rule


def test_relapse_detection_reads_a_few_rows_whatever_the_goals_length(
    session: Session, world: World
) -> None:
    """It runs in every entry's write transaction: reading the goal's whole record there
    made writes slower with every entry written."""
    import sqlalchemy as sa

    from app.db import get_engine

    actor = Actor(world.worker_a)
    for n in range(200):
        factories.entry(session, world.goal_a, world.worker_a, score=2, days_ago=n % 40)
    sent: list[str] = []

    def keep(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    sa.event.listen(get_engine(), "before_cursor_execute", keep)
    try:
        for score in (2, -1):  # no relapse, then a relapse
            new = factories.entry(session, world.goal_a, world.worker_a, score, days_ago=0)
            sent.clear()
            result = measures.detect_relapse(session, actor, new)
            assert result.relapsed == (score == -1)
            reads = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
            entry_reads = [s for s in reads if "FROM progressentry" in s]
            assert entry_reads and all("LIMIT" in s for s in entry_reads), entry_reads
    finally:
        sa.event.remove(get_engine(), "before_cursor_execute", keep)
