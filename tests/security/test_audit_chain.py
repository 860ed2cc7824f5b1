"""The audit trail: hash chains per family, verification, access, export, append-only."""

import csv
import itertools
import re
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app as cli
from app.db import get_engine
from app.models.audit import NO_FAMILY_CHAIN, AuditChainHead, AuditEvent
from app.services import audit
from app.services.audit import trail as audit_trail
from app.services.context import Actor

ROOT = Path(__file__).resolve().parents[2]


def _some_events(session: Session, world, n: int = 4) -> None:
    for i in range(n):
        audit.record_now(session, Actor(world.worker_a), "read", "family", i, world.family_a.id)
        audit.record_now(session, Actor(world.worker_b), "read", "family", i, world.family_b.id)
    audit.record_now(session, Actor(world.admin), "sign_in", "user", world.admin.id)


def _chain(session: Session, family_id) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(AuditEvent.chain == str(family_id)).order_by(AuditEvent.seq)
        )
    )


def test_each_family_has_its_own_unbroken_chain(world, session) -> None:
    _some_events(session, world)
    events = _chain(session, world.family_a.id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == "0" * 64
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == audit.event_hash(before.prev_hash, before)
    head = session.get(AuditChainHead, str(world.family_a.id))
    assert head.seq == len(events)
    assert session.get(AuditChainHead, NO_FAMILY_CHAIN) is not None
    session.rollback()
    count, breaks = audit_trail.verify(session)
    assert breaks == [] and count == 3


def test_verify_names_an_edited_event(world, session) -> None:
    _some_events(session, world)
    target = _chain(session, world.family_a.id)[2].id
    session.rollback()  # ends the read (and expires what it loaded)
    with get_engine().begin() as conn:
        conn.execute(sa.update(AuditEvent).where(AuditEvent.id == target).values(action="update"))
    _, breaks = audit_trail.verify(session)
    assert len(breaks) == 1
    assert breaks[0].chain == str(world.family_a.id)
    assert f"event {target} " in breaks[0].reason and "changed" in breaks[0].reason
    session.rollback()
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "BROKEN: family CCT-A-0001" in result.output
    # the other family's chain is still sound
    assert audit_trail.verify(session, world.family_b.id)[1] == []


def test_verify_finds_a_deleted_event_and_a_deleted_tail(world, session) -> None:
    _some_events(session, world)
    events_a = [e.id for e in _chain(session, world.family_a.id)]
    events_b = [e.id for e in _chain(session, world.family_b.id)]
    session.rollback()
    with get_engine().begin() as conn:
        conn.execute(sa.delete(AuditEvent).where(AuditEvent.id == events_a[1]))
        conn.execute(sa.delete(AuditEvent).where(AuditEvent.id == events_b[-1]))
    _, breaks = audit_trail.verify(session)
    by_chain = {b.chain: b for b in breaks}
    assert by_chain[str(world.family_a.id)].event_id == events_a[2]
    assert "missing" in by_chain[str(world.family_a.id)].reason
    assert "at the end are missing" in by_chain[str(world.family_b.id)].reason


def test_concurrent_writers_keep_chains_whole(world) -> None:
    errors: list[Exception] = []

    def write(user, family_id) -> None:
        try:
            with Session(get_engine()) as s:
                for i in range(15):
                    audit.record_now(s, Actor(user), "read", "family", i, family_id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(u, f))
        for u, f in [
            (world.worker_a, world.family_a.id),
            (world.lead_a, world.family_a.id),
            (world.worker_b, world.family_b.id),
            (world.lead_b, world.family_b.id),
        ]
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(get_engine()) as s:
        assert audit_trail.verify(s)[1] == []
        assert len(_chain(s, world.family_a.id)) == 30


def test_audit_api_for_team_lead_and_admin_only(world, api_as, session, count_queries) -> None:
    _some_events(session, world)
    path = f"/api/v1/families/{world.family_a.id}/audit"
    lead = api_as(world.lead_a)
    answer = lead.get(path)
    assert answer.status_code == 200
    events = answer.json()
    assert events and {e["family_id"] for e in events} == {str(world.family_a.id)}
    assert api_as(world.admin).get(path).status_code == 200
    assert api_as(world.lead_b).get(path).status_code == 404
    assert api_as(world.worker_b).get(path).status_code == 404
    assert api_as(world.parent_b).get(path).status_code == 404
    assert api_as(world.worker_a).get(path).status_code == 404
    assert api_as(world.parent_a).get(path).status_code == 404
    # a fixed number of queries, whatever the trail's length
    with count_queries() as few:
        lead.get(path)
    _some_events(session, world, 20)
    with count_queries() as many:
        lead.get(path + "?limit=500")
    assert few.count == many.count
    outcomes = session.exec(
        select(AuditEvent.outcome).where(AuditEvent.entity == "audit_trail")
    ).all()
    assert "denied" in outcomes and "ok" in outcomes


def test_export_csv_is_written_and_audited(world, session, tmp_path) -> None:
    _some_events(session, world)
    session.rollback()
    out = tmp_path / "trail.csv"
    result = CliRunner().invoke(
        cli, ["audit", "export", "--family", "CCT-A-0001", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert rows and {r["family_id"] for r in rows} == {str(world.family_a.id)}
    assert [int(r["seq"]) for r in rows] == list(range(1, len(rows) + 1))
    exported = session.exec(
        select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.entity == "audit_trail")
    ).one()
    assert exported.family_id == world.family_a.id
    assert audit_trail.verify(session)[1] == []


def test_no_code_path_updates_or_deletes_audit_rows() -> None:
    forbidden = re.compile(
        r"(update|delete)\(\s*AuditEvent|AuditEvent\.__table__\.(update|delete)"
        r"|(UPDATE|DELETE\s+FROM)\s+\"?auditevent",
        re.IGNORECASE,
    )
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path}: {m.group(0)}" for m in forbidden.finditer(text)]
        # deleting through the session: any session.delete(...) of an audit event
        for m in re.finditer(r"\.delete\(([^)]*)\)", text):
            if "audit" in m.group(1).lower():
                offenders.append(f"{path}: {m.group(0)}")
    assert offenders == []


def test_an_audit_cursor_beyond_the_id_column_is_refused_not_a_500(world, api_as) -> None:
    lead = api_as(world.lead_a)
    path = f"/api/v1/families/{world.family_a.id}/audit"
    answer = lead.get(path, params={"before_id": 2**60})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "before_id"
    assert lead.get(path, params={"before_id": 2**31 - 1}).status_code == 200


def test_a_writes_events_take_the_chains_lock_last_just_before_commit(world, session) -> None:
    """On PostgreSQL every writer of one family queues on its chain's head row: the
    work the events describe is written before the row is locked."""
    statements: list[str] = []

    def note(conn, cursor, statement: str, *_) -> None:  # type: ignore[no-untyped-def]
        words = statement.split()
        if words[0] in ("SELECT", "INSERT", "UPDATE"):
            statements.append(f"{words[0]} {words[2 if words[0] == 'INSERT' else 1]}")

    sa.event.listen(get_engine(), "before_cursor_execute", note)
    try:
        audit.record(session, Actor(world.worker_a), "update", "family", "x", world.family_a.id)
        family = session.get(type(world.family_a), world.family_a.id)
        family.family_name = "Renamed"
        session.add(family)
        session.commit()
    finally:
        sa.event.remove(get_engine(), "before_cursor_execute", note)
    assert statements[-3:] == [
        "SELECT auditchainhead.chain,",
        "INSERT auditevent",
        "UPDATE auditchainhead",
    ], statements
    assert any(s.startswith("UPDATE family") for s in statements[:-3])
    assert audit_trail.verify(session)[1] == []


def test_events_of_a_rolled_back_savepoint_are_not_written(world, session) -> None:
    audit.record(session, Actor(world.worker_a), "read", "kept", "", world.family_a.id)
    savepoint = session.begin_nested()
    audit.record(session, Actor(world.worker_a), "create", "undone", "", world.family_a.id)
    savepoint.rollback()
    session.commit()
    entities = session.exec(select(AuditEvent.entity)).all()
    assert "kept" in entities and "undone" not in entities
    assert audit_trail.verify(session)[1] == []
