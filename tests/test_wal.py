"""Group commit at the fsync: no write is acknowledged before the -wal file is flushed."""

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from app import clock, wal
from app.db import get_engine, make_engine, read_session
from app.models.evidence import ProgressEntry
from app.services.audit import trail as audit_trail
from tests.conftest import DATABASE_URL

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("sqlite"), reason="SQLite's write-ahead log only"
)

_real_fsync = os.fsync


class Journal:
    """What happened, in order, across threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.steps: list[tuple[str, int]] = []

    def note(self, what: str, n: int) -> None:
        with self.lock:
            self.steps.append((what, n))

    def at(self, what: str, n: int) -> int:
        return self.steps.index((what, n))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE note (n INTEGER)")
    yield engine
    engine.dispose()


def test_sqlite_commits_without_fsync_and_the_syncer_flushes(engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        syncer = conn.connection.dbapi_connection.syncer
    assert syncer.wal.name == "wal.db-wal"


def test_the_write_lock_is_held_until_sqlite_has_committed(engine) -> None:
    """Released before COMMIT, the next writer would find SQLite's lock still held and
    sleep in SQLite's busy handler."""
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO note VALUES (1)")
        raw = conn.connection.dbapi_connection
        lock = raw.holds
        assert lock is not None and lock.locked()
        seen: list[tuple[str, bool]] = []
        raw.set_trace_callback(lambda sql: seen.append((sql, lock.locked())))
        conn.commit()
        raw.set_trace_callback(None)
    assert seen == [("COMMIT", True)]
    assert not lock.locked()


def test_a_failed_begin_frees_the_write_lock_once(engine) -> None:
    def fail(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement == "BEGIN IMMEDIATE":
            raise sqlite3.OperationalError("disk I/O error")

    sa.event.listen(engine, "before_cursor_execute", fail)
    with engine.connect() as conn, pytest.raises(sa.exc.OperationalError):
        conn.exec_driver_sql("INSERT INTO note VALUES (1)")
    sa.event.remove(engine, "before_cursor_execute", fail)
    with engine.begin() as conn:  # the lock is free again
        conn.exec_driver_sql("INSERT INTO note VALUES (2)")


def test_no_commit_returns_before_an_fsync_that_started_after_it(engine, monkeypatch) -> None:
    journal = Journal()
    flushes = iter(range(1_000_000))

    def slow_fsync(fd: int) -> None:
        n = next(flushes)
        journal.note("fsync started", n)
        time.sleep(0.005)  # a slow disk: commits pile up behind the flush
        _real_fsync(fd)
        journal.note("fsync ended", n)

    original = wal.WalSyncer.wait_durable

    def committed(self: wal.WalSyncer) -> None:
        journal.note("committed", threading.get_ident())
        original(self)

    monkeypatch.setattr(wal.os, "fsync", slow_fsync)
    monkeypatch.setattr(wal.WalSyncer, "wait_durable", committed)
    acknowledged: list[tuple[int, int]] = []

    def write(n: int) -> None:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"INSERT INTO note VALUES ({n})")
            conn.commit()
            journal.note("acknowledged", threading.get_ident())
            with journal.lock:
                acknowledged.append((n, len(journal.steps) - 1))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(acknowledged) == 30

    steps = journal.steps
    for thread_id in {t.ident for t in threads}:
        done = steps.index(("committed", thread_id))
        acked = steps.index(("acknowledged", thread_id))
        # an fsync that started after this commit and ended before its acknowledgement
        flushed = [
            n
            for what, n in steps[done:acked]
            if what == "fsync started" and journal.at("fsync ended", n) < acked
        ]
        assert flushed, f"commit acknowledged without a flush after it: {steps[done : acked + 1]}"
    flushes_done = sum(1 for what, _ in steps if what == "fsync ended")
    assert flushes_done < 30  # one flush covered several commits
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM note").scalar() == 30


def _fsynced_paths(monkeypatch: Any) -> list[str]:
    paths: list[str] = []

    def recording(fd: int) -> None:
        paths.append(os.readlink(f"/proc/self/fd/{fd}"))
        _real_fsync(fd)

    monkeypatch.setattr(wal.os, "fsync", recording)
    return paths


def test_a_new_wal_file_has_its_directory_entry_flushed(tmp_path, monkeypatch) -> None:
    database = tmp_path / "fresh.db"
    syncer = wal.WalSyncer(database)
    database.write_bytes(b"")
    syncer.wal.write_bytes(b"frames")
    paths = _fsynced_paths(monkeypatch)
    syncer.wait_durable()
    syncer.wait_durable()
    assert paths == [str(syncer.wal), str(tmp_path), str(syncer.wal)]
    # removed by the last connection's checkpoint and created afresh: a new file
    syncer.wal.unlink()
    syncer.wal.write_bytes(b"frames again")
    paths.clear()
    syncer.wait_durable()
    assert paths == [str(syncer.wal), str(tmp_path)]
    # no log at all: the database file holds everything, and is flushed instead
    syncer.wal.unlink()
    paths.clear()
    syncer.wait_durable()
    assert paths[0] == str(database)


@pytest.fixture
def failing_fsync(monkeypatch) -> Iterator[dict[str, Any]]:
    """fsync fails (EIO) once ``disk["fails"]`` is set; ``disk["restart"]()`` makes the syncer
    whole again, as restarting the process does (and so does the end of the test)."""
    disk: dict[str, Any] = {"fails": False}

    def fsync(fd: int) -> None:
        if disk["fails"]:
            raise OSError(errno.EIO, "Input/output error")
        _real_fsync(fd)

    with get_engine().connect() as conn:
        syncer = conn.connection.dbapi_connection.syncer
    monkeypatch.setattr(syncer, "_broken", None)  # restored to whole at the end
    monkeypatch.setattr(wal.os, "fsync", fsync)
    disk["restart"] = lambda: setattr(syncer, "_broken", None)
    yield disk


def _entries() -> int:
    for reader in read_session():
        return reader.exec(select(func.count()).select_from(ProgressEntry)).one()
    raise AssertionError


def test_a_write_whose_fsync_fails_answers_503(world, session, api_as, failing_fsync) -> None:
    api = api_as(world.worker_a)
    entry = {
        "occurred_on": clock.today().isoformat(),
        "gas_score": 1,
        "observation": "Home visit.",
        "source": "home_visit",
    }
    assert api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry).status_code == 201
    failing_fsync["fails"] = True
    answer = api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry)
    assert answer.status_code == 503, answer.text
    assert "id" not in answer.json()
    # a read's audit event waits for the same flush: the read is not answered either
    assert api.get(f"/api/v1/families/{world.family_a.id}/timeline").status_code == 503
    # the disk answers again, but what it dropped cannot be known: writes stay refused
    failing_fsync["fails"] = False
    before = _entries()
    assert api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry).status_code == 503
    assert _entries() == before + 1  # committed, never acknowledged
    # restarted, the process trusts the disk again; the chains are whole
    failing_fsync["restart"]()
    assert api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry).status_code == 201
    session.rollback()
    assert audit_trail.verify(session)[1] == []
