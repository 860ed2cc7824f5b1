"""The group writer of reads' audit events: acknowledges only what it has committed."""

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import col, func, select

from app.db import get_engine, read_session
from app.models.audit import AuditEvent, NewAuditEvent
from app.services import audit
from app.services.audit import group
from app.services.audit import trail as audit_trail
from app.services.context import Actor


def _reads_of(entity: str) -> int:
    """Counted in a read transaction of its own: committed events only, never waiting."""
    for reader in read_session():
        return reader.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == entity)
        ).one()
    raise AssertionError


@pytest.fixture
def writer_gate() -> Iterator[threading.Event]:
    """Holds the audit writer just before its COMMIT until the test opens the gate."""
    gate = threading.Event()

    def hold(conn: Any) -> None:
        if threading.current_thread().name == "cct-audit-writer":
            assert gate.wait(30)

    sa.event.listen(get_engine(), "commit", hold)
    yield gate
    gate.set()
    sa.event.remove(get_engine(), "commit", hold)


def test_a_read_returns_only_after_its_event_is_committed(world, session, writer_gate) -> None:
    returned = threading.Event()

    def read() -> None:
        for s in read_session():
            audit.record_now(s, Actor(world.worker_a), "read", "gated", "", world.family_a.id)
        returned.set()

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.5)
    # the writer has linked and inserted the event, but not committed it: the read waits
    assert not returned.is_set()
    assert _reads_of("gated") == 0
    writer_gate.set()
    reader.join(10)
    assert returned.is_set()
    assert _reads_of("gated") == 1


@pytest.fixture
def failing_disk() -> Iterator[None]:
    """Every insert of an audit event fails as on a read-only or failing disk."""

    def fail(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO auditevent"):
            raise get_engine().dialect.loaded_dbapi.OperationalError(
                "attempt to write a readonly database"
            )

    sa.event.listen(get_engine(), "before_cursor_execute", fail)
    yield
    sa.event.remove(get_engine(), "before_cursor_execute", fail)


def test_a_failed_commit_is_never_acknowledged(world, session, failing_disk) -> None:
    for s in read_session():
        with pytest.raises(sa.exc.OperationalError):
            audit.record_now(s, Actor(world.worker_a), "read", "failing", "", world.family_a.id)
    assert _reads_of("failing") == 0


def test_many_readers_at_once_share_commits_and_the_chain_verifies(world, session) -> None:
    writer = group.writer_for(get_engine())
    batches_before = writer.batches
    errors: list[BaseException] = []

    def read(n: int) -> None:
        try:
            for s in read_session():
                family = world.family_a if n % 2 else world.family_b
                worker = world.worker_a if n % 2 else world.worker_b
                audit.record_now(s, Actor(worker), "read", "crowd", n + 1, family.id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert _reads_of("crowd") == 40
    assert writer.batches - batches_before <= 40
    ids = session.exec(select(AuditEvent.entity_id).where(AuditEvent.entity == "crowd")).all()
    assert sorted(int(i) for i in ids) == list(range(1, 41))
    session.rollback()
    _, breaks = audit_trail.verify(session)
    assert breaks == []
    seqs = session.exec(
        select(AuditEvent.seq)
        .where(AuditEvent.chain == str(world.family_a.id))
        .order_by(col(AuditEvent.seq))
    ).all()
    assert list(seqs) == list(range(1, len(seqs) + 1))


def test_a_new_event_carries_every_column_of_an_audit_row() -> None:
    # new events go in with Core, column by column: a column the record lacked
    # would fail every insert, one it had in excess would be dropped unseen
    columns = {c.name for c in sa.inspect(AuditEvent).local_table.columns} - {"id"}
    assert set(NewAuditEvent.__dataclass_fields__) == columns
