import threading
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.db import get_engine
from app.models.audit import AuditEvent
from app.models.base import utcnow
from app.models.evidence import (
    ProgressEntry,
    ProgressEntryParent,
    Significance,
    Source,
    Visibility,
)
from app.models.plan import GoalLifecycle
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.evidence import corrections, entries
from app.services.evidence.entries import EntryAmend, EntryCreate
from tests import factories


def new_entry(**kw: object) -> EntryCreate:
    data: dict[str, object] = {
        "occurred_on": date.today() - timedelta(days=2),
        "gas_score": 0,
        "observation": "Bedrooms safe; gate fitted on the stairs.",
        "source": Source.home_visit,
        "visibility": Visibility.shared,
    }
    data.update(kw)
    return EntryCreate.model_validate(data)


def audit_actions(session: Session, entity_id: object) -> list[str]:
    rows = session.exec(select(AuditEvent).where(AuditEvent.entity_id == str(entity_id))).all()
    return [r.action for r in rows]


def test_create_records_server_time_backdating_and_audit(session, world) -> None:
    before = utcnow()
    read = entries.create_entry(
        session, Actor(world.worker_a), world.goal_a.id, new_entry(parent_ids=[world.mother_a.id])
    )
    assert read.recorded_at >= before
    assert read.backdated is True
    assert read.recorded_by_name == "Sam Okoro"
    assert read.parent_ids == [world.mother_a.id]
    assert read.family_id == world.family_a.id
    assert "create" in audit_actions(session, read.id)
    today = entries.create_entry(
        session, Actor(world.worker_a), world.goal_a.id, new_entry(occurred_on=date.today())
    )
    assert today.backdated is False


def test_create_rules(session, world) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Invalid) as exc:
        entries.create_entry(
            session, worker, world.goal_a.id, new_entry(occurred_on=date.today() + timedelta(2))
        )
    assert exc.value.field == "occurred_on"
    with pytest.raises(Invalid) as exc:
        entries.create_entry(
            session, worker, world.goal_a.id, new_entry(parent_ids=[world.child_a.id])
        )
    assert exc.value.field == "parent_ids"
    # a parent of another goal of the same family is not one of this goal's parents
    with pytest.raises(Invalid):
        entries.create_entry(
            session, worker, world.goal_a_unsigned.id, new_entry(parent_ids=[world.mother_a.id])
        )
    with pytest.raises(NotFound):
        entries.create_entry(session, Actor(world.parent_a), world.goal_a.id, new_entry())
    with pytest.raises(NotFound):
        entries.create_entry(session, Actor(world.worker_b), world.goal_a.id, new_entry())
    world.goal_a.lifecycle_status = GoalLifecycle.cancelled
    session.add(world.goal_a)
    session.commit()
    with pytest.raises(Conflict):
        entries.create_entry(session, worker, world.goal_a.id, new_entry())
    assert session.exec(select(ProgressEntry)).all().__len__() == 3  # only the world's


def test_amend_adds_a_version_and_keeps_the_original(session, world) -> None:
    worker = Actor(world.worker_a)
    original = entries.create_entry(
        session, worker, world.goal_a.id, new_entry(parent_ids=[world.father_a.id])
    )
    amended = entries.amend_entry(
        session,
        worker,
        original.id,
        EntryAmend(reason="Score typed wrongly", gas_score=1),
    )
    assert amended.id != original.id
    assert amended.amends_id == original.id
    assert amended.gas_score == 1
    assert amended.amendment_reason == "Score typed wrongly"
    # unchanged fields are copied, including the parents it is about
    assert amended.observation == original.observation
    assert amended.occurred_on == original.occurred_on
    assert amended.parent_ids == [world.father_a.id]
    session.expire_all()
    old_row = session.get_one(ProgressEntry, original.id)
    assert old_row.gas_score == 0
    history = entries.get_entry(session, worker, original.id)
    assert [v.id for v in history.versions] == [original.id, amended.id]
    assert history.entry.id == original.id
    assert history.entry.is_current is False
    assert history.versions[-1].is_current is True
    assert "amend" in audit_actions(session, amended.id)
    # clearing a score is a change too
    cleared = entries.amend_entry(
        session, worker, amended.id, EntryAmend(reason="Not scored at this visit", gas_score=None)
    )
    assert cleared.gas_score is None
    chain = entries.get_entry(session, worker, amended.id).versions
    assert [v.id for v in chain] == [original.id, amended.id, cleared.id]


def test_amending_a_superseded_version_is_a_conflict(session, world) -> None:
    worker = Actor(world.worker_a)
    first = entries.amend_entry(
        session, worker, world.shared_entry_a.id, EntryAmend(reason="r1", observation="Fixed")
    )
    with pytest.raises(Conflict) as exc:
        entries.amend_entry(
            session, worker, world.shared_entry_a.id, EntryAmend(reason="r2", gas_score=2)
        )
    assert exc.value.current["id"] == str(first.id)
    with pytest.raises(Conflict):
        entries.mark_entered_in_error(session, worker, world.shared_entry_a.id, "wrong family")


def test_amend_rules(session, world) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Invalid) as exc:
        entries.amend_entry(
            session, worker, world.shared_entry_a.id, EntryAmend(reason="r", observation=None)
        )
    assert exc.value.field == "observation"
    with pytest.raises(Invalid):
        entries.amend_entry(
            session,
            worker,
            world.shared_entry_a.id,
            EntryAmend(reason="r", occurred_on=date.today() + timedelta(days=1)),
        )
    with pytest.raises(NotFound):
        entries.amend_entry(
            session, Actor(world.parent_a), world.shared_entry_a.id, EntryAmend(reason="r")
        )
    with pytest.raises(NotFound):
        entries.amend_entry(
            session, Actor(world.worker_b), world.shared_entry_a.id, EntryAmend(reason="r")
        )
    rows = session.exec(
        select(ProgressEntry).where(ProgressEntry.amends_id == world.shared_entry_a.id)
    ).all()
    assert rows == []


def test_unique_amends_id_backs_up_the_check(session, world, monkeypatch) -> None:
    # someone else's amendment lands between our check and our insert
    rival = ProgressEntry(
        **corrections.content_of(world.shared_entry_a),
        amends_id=world.shared_entry_a.id,
        amendment_reason="rival",
        recorded_by_id=world.worker_a2.id,
    )
    session.add(rival)
    session.commit()
    real_exec = Session.exec

    def blind_exec(self, statement, *a, **kw):  # type: ignore[no-untyped-def]
        text = str(statement)
        if "amends_id = " in text and "SELECT progressentry.id" in text:
            return real_exec(self, statement.where(False), *a, **kw)
        return real_exec(self, statement, *a, **kw)

    monkeypatch.setattr(Session, "exec", blind_exec)
    with pytest.raises(Conflict, match="at the same time"):
        entries.amend_entry(
            session, Actor(world.worker_a), world.shared_entry_a.id, EntryAmend(reason="mine")
        )
    monkeypatch.undo()
    rows = session.exec(
        select(ProgressEntry).where(ProgressEntry.amends_id == world.shared_entry_a.id)
    ).all()
    assert [r.amendment_reason for r in rows] == ["rival"]


def test_concurrent_amendments_one_wins(world) -> None:
    entry_id = world.shared_entry_a.id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def amend(i: int) -> None:
        with Session(get_engine(), expire_on_commit=False) as s:
            barrier.wait()
            try:
                entries.amend_entry(
                    s, Actor(world.worker_a), entry_id, EntryAmend(reason=f"r{i}", gas_score=1)
                )
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=amend, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    with Session(get_engine()) as s:
        rows = s.exec(select(ProgressEntry).where(ProgressEntry.amends_id == entry_id)).all()
        assert len(rows) == 1


def test_entered_in_error(session, world) -> None:
    worker = Actor(world.worker_a)
    marked = entries.mark_entered_in_error(
        session, worker, world.shared_entry_a.id, "Recorded on the wrong family"
    )
    assert marked.entered_in_error is True
    assert marked.entered_in_error_reason == "Recorded on the wrong family"
    assert marked.observation == world.shared_entry_a.observation
    with pytest.raises(Conflict):
        entries.mark_entered_in_error(session, worker, world.shared_entry_a.id, "again")
    with pytest.raises(Conflict):
        entries.amend_entry(session, worker, world.shared_entry_a.id, EntryAmend(reason="r"))
    with pytest.raises(NotFound):
        entries.mark_entered_in_error(session, Actor(world.parent_a), world.entry_b.id, "x")
    assert "entered_in_error" in audit_actions(session, world.shared_entry_a.id)
    # staff still see it, flagged; parents no longer do
    page = entries.list_entries(session, worker, world.family_a.id)
    flagged = [e for e in page.items if e.id == world.shared_entry_a.id]
    assert flagged[0].entered_in_error is True
    parent_page = entries.list_entries(session, Actor(world.parent_a), world.family_a.id)
    assert world.shared_entry_a.id not in {e.id for e in parent_page.items}
    with pytest.raises(NotFound):
        entries.get_entry(session, Actor(world.parent_a), world.shared_entry_a.id)


def test_parents_read_only_shared_entries_of_signed_off_goals(session, world) -> None:
    worker = Actor(world.worker_a)
    unsigned = entries.create_entry(session, worker, world.goal_a_unsigned.id, new_entry())
    parent = Actor(world.parent_a)
    page = entries.list_entries(session, parent, world.family_a.id)
    assert [e.id for e in page.items] == [world.shared_entry_a.id]
    assert page.total == 1
    for hidden in (world.internal_entry_a.id, unsigned.id):
        with pytest.raises(NotFound):
            entries.get_entry(session, parent, hidden)
    # an amendment that makes a shared entry internal hides every version of it:
    # the old id no longer answers either
    entries.amend_entry(
        session,
        worker,
        world.shared_entry_a.id,
        EntryAmend(reason="Contains third-party detail", visibility=Visibility.internal),
    )
    with pytest.raises(NotFound):
        entries.get_entry(session, parent, world.shared_entry_a.id)
    assert entries.list_entries(session, parent, world.family_a.id).items == []
    with pytest.raises(NotFound):
        entries.list_entries(session, Actor(world.parent_b), world.family_a.id)


def test_list_filters_current_versions_and_paging(session, world) -> None:
    worker = Actor(world.worker_a)
    amended = entries.amend_entry(
        session, worker, world.shared_entry_a.id, EntryAmend(reason="r", gas_score=1)
    )
    page = entries.list_entries(session, worker, world.family_a.id)
    ids = [e.id for e in page.items]
    assert ids == [world.internal_entry_a.id, amended.id]  # newest first; original hidden
    assert page.total == 2
    significant = entries.list_entries(
        session, worker, world.family_a.id, significance=Significance.significant
    )
    assert [e.id for e in significant.items] == [world.internal_entry_a.id]
    dated = entries.list_entries(
        session,
        worker,
        world.family_a.id,
        date_from=date.today() - timedelta(days=11),
        date_to=date.today() - timedelta(days=5),
    )
    assert [e.id for e in dated.items] == [amended.id]
    second = entries.list_entries(session, worker, world.family_a.id, limit=1, offset=1)
    assert [e.id for e in second.items] == [amended.id]
    assert second.total == 2
    other_goal = entries.list_entries(
        session, worker, world.family_a.id, goal_id=world.goal_a_unsigned.id
    )
    assert other_goal.items == []
    assert "list" in audit_actions(session, world.family_a.id)


def test_list_query_count_is_constant(session, world, count_queries) -> None:
    worker = Actor(world.worker_a)

    def counted() -> int:
        with count_queries() as q:
            entries.list_entries(session, worker, world.family_a.id, limit=200)
        return q.count

    counted()  # the first audit event of a family starts its chain: one-off queries
    small = counted()
    for i in range(40):
        e = factories.entry(session, world.goal_a, world.worker_a, days_ago=i % 20)
        session.add(ProgressEntryParent(entry_id=e.id, member_id=world.mother_a.id))
    session.commit()
    assert counted() == small


def test_unknown_entry_is_not_found(session, world) -> None:
    with pytest.raises(NotFound):
        entries.get_entry(session, Actor(world.worker_a), uuid.uuid4())
    with pytest.raises(NotFound):
        entries.get_entry(session, Actor(world.worker_b), world.shared_entry_a.id)
