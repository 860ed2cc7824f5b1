"""Views reused while nothing they show has changed (app.services.views.reuse).

Every request is still signed in, checked and audited; a change to the family, a day
passing, another person or another language gets a view of its own.
"""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, func, select

from app import db
from app.config import get_settings
from app.models.audit import AuditChainHead, AuditEvent
from app.services import audit
from app.services.context import Actor
from app.services.views import reuse


def entry(observation: str) -> dict[str, object]:
    return {
        "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
        "gas_score": 1,
        "observation": observation,
        "source": "home_visit",
        "visibility": "shared",
    }


def head(chain: str) -> AuditChainHead:
    with Session(db.get_engine()) as s:
        found = s.get(AuditChainHead, chain)
        assert found is not None
        return found


def audit_rows(entity: str) -> int:
    with Session(db.get_engine()) as s:
        return s.exec(select(func.count()).where(col(AuditEvent.entity) == entity)).one()


def test_a_read_leaves_the_change_mark_and_any_other_event_moves_it(session, world) -> None:
    family_id, chain = world.family_a.id, str(world.family_a.id)
    actor = Actor(world.worker_a)
    audit.record(session, actor, "create", "progressentry", "x", family_id)
    session.commit()
    created = head(chain)
    assert created.changed == created.hash
    with db.new_session(read_only=True) as reader:
        audit.record_now(reader, actor, "read", "family_page", family_id, family_id)
    read = head(chain)
    assert read.seq == created.seq + 1
    assert read.changed == created.changed  # a read changes nothing
    audit.record_now(session, actor, "denied", "family", family_id, family_id, "denied")
    denied = head(chain)
    assert denied.changed == denied.hash != created.changed


def test_the_marks_include_the_chain_of_changes_outside_families(session, world) -> None:
    with db.new_session(read_only=True) as reader:
        before = reuse.marks(reader, [world.family_a.id])
    # a change to an account: no family's chain moves
    audit.record_now(session, Actor(world.admin), "update", "user", world.worker_a.id)
    with db.new_session(read_only=True) as reader:
        after = reuse.marks(reader, [world.family_a.id])
    assert dict(before)[str(world.family_a.id)] == dict(after)[str(world.family_a.id)]
    assert before != after


def test_the_json_timeline_is_read_again_only_after_a_change(world, api_as, count_queries) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/timeline"
    with count_queries() as first:
        built = api.get(url)
    with count_queries() as second:
        again = api.get(url)
    assert again.status_code == 200
    assert again.json() == built.json()
    # the sign-in check, the access check and the marks; not the timeline's own reads
    assert second.count < first.count
    assert not any("UNION ALL" in s for s in second.statements)
    assert audit_rows("timeline") == 2  # every read audited, reused or not

    recorded = api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry("Tidy kitchen"))
    assert recorded.status_code == 201
    changed = api.get(url).json()
    assert changed["total"] == built.json()["total"] + 1
    assert changed["items"][0]["id"] == recorded.json()["id"]


def test_a_parent_never_gets_a_view_kept_for_staff(world, api_as) -> None:
    url = f"/api/v1/families/{world.family_a.id}/timeline"
    staff = api_as(world.worker_a).get(url).json()
    assert str(world.internal_entry_a.id) in {i["id"] for i in staff["items"]}
    parent = api_as(world.parent_a).get(url).json()
    assert str(world.internal_entry_a.id) not in {i["id"] for i in parent["items"]}


def test_a_view_read_in_a_writing_transaction_is_never_kept(session, world) -> None:
    built: list[int] = []

    def build() -> int:
        built.append(1)
        return len(built)

    actor = Actor(world.worker_a)
    for _ in range(2):
        reuse.view(session, actor, ("test",), lambda: (), build)
    assert len(built) == 2
    with db.new_session(read_only=True) as reader:
        assert reuse.view(reader, actor, ("test",), lambda: (), build) == 3
        assert reuse.view(reader, actor, ("test",), lambda: (), build) == 3
    assert len(built) == 3


def test_nothing_is_kept_when_turned_off(world, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "views_kept", 0)
    actor = Actor(world.worker_a)
    with db.new_session(read_only=True) as reader:
        for _ in range(2):
            reuse.view(reader, actor, ("test",), lambda: (), object)
    assert len(reuse.kept) == 0


def test_the_least_recently_used_view_goes_first(world, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "views_kept", 2)
    actor = Actor(world.worker_a)
    with db.new_session(read_only=True) as reader:
        views = [reuse.view(reader, actor, (n,), lambda: (), object) for n in range(3)]
        assert len(reuse.kept) == 2
        assert reuse.view(reader, actor, (2,), lambda: (), object) is views[2]
        assert reuse.view(reader, actor, (0,), lambda: (), object) is not views[0]
