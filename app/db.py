"""Engine and sessions.

SQLite is tuned for an evidence store: WAL so readers never block the writer,
and every write on disk before it is acknowledged. With ``synchronous=NORMAL``
a COMMIT appends to the ``-wal`` file without an fsync, so the write lock is
held only for the transaction's work; then, outside the lock, the commit waits
for an fsync of the ``-wal`` file that started after it finished, one fsync
covering every commit before it (``app.wal``: why this keeps an acknowledged
write through a crash or a power cut). The wait is in the connection's
``commit()``, so every committer waits (requests, the audit group writer, the
command line), and a failed fsync fails the commit (``OperationalError``: 503).

Two kinds of transaction:

- a **write** transaction (the default) opens with ``BEGIN IMMEDIATE``: it takes
  the write lock before its first read, so what it read cannot go stale before
  it writes. A deferred transaction that reads and then writes fails with
  "database is locked" whatever the busy timeout, as soon as another connection
  has committed in between.
- a **read** transaction (a session from ``read_session`` or a GET request)
  opens with a deferred ``BEGIN``: a consistent snapshot that runs alongside
  other readers and the writer. It may not write; a read's audit event goes
  through the group writer (``app.services.audit.group``), and a read request
  that must write something opens a write transaction with ``writing``.

Connections are pooled, so the pragmas run once per connection.
"""

import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.base import Executable
from sqlmodel import Session, create_engine

from app import clock
from app.config import get_settings
from app.wal import WalSyncer

_DEFERRED = "cct_deferred"
# execution option: this connection's transactions only read
READ_ONLY = "cct_read_only"
_WRITER_WAIT_SECONDS = 30
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteInReadTransaction(RuntimeError):
    """A statement that writes, sent in a read (deferred) transaction: a programming error."""


@lru_cache(maxsize=8192)
def _uk_date(stored: str | None) -> str | None:
    if stored is None:
        return None
    # clock.local_date inlined and its answers kept: called once a row (the timeline's
    # comments and backdated flags), for the same few stored times request after request
    moment = datetime.fromisoformat(stored)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.LONDON).date().isoformat()


@lru_cache(maxsize=16384)
def _uuid_from_hex(stored: str | None) -> uuid.UUID | None:
    return None if stored is None else uuid.UUID(stored)


class _SharedUuid(sa.Uuid):  # type: ignore[type-arg]
    """SQLite keeps UUIDs as hex text; reading one back parses it in Python, about a
    microsecond each, and a page reads hundreds, mostly the same ones request after
    request (families, goals, members, users). UUIDs are immutable, so the parsed
    ones are shared."""

    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        if self.as_uuid and not (dialect.supports_native_uuid and self.native_uuid):
            return _uuid_from_hex
        return super().result_processor(dialect, coltype)  # type: ignore[no-untyped-call]


class DurableConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions end on disk, and free the write lock.

    ``commit()`` of a write transaction releases this process's write lock once
    SQLite's COMMIT has returned, then waits for the ``-wal`` file's fsync.
    """

    syncer: WalSyncer | None = None
    # this process's write lock, while this connection's write transaction holds it
    holds: "threading.Lock | None" = None

    def commit(self) -> None:
        held, self.holds = self.holds, None
        try:
            super().commit()
        finally:
            if held is not None:
                held.release()
        if held is not None and self.syncer is not None:
            self.syncer.wait_durable()

    def rollback(self) -> None:
        held, self.holds = self.holds, None
        try:
            super().rollback()
        finally:
            if held is not None:
                held.release()

    def close(self) -> None:
        held, self.holds = self.holds, None
        try:
            super().close()
        finally:
            if held is not None:
                held.release()


# one per database file in this process, shared by every engine on it
_syncers: dict[str, WalSyncer] = {}
_syncers_lock = threading.Lock()


def _syncer_for(dbapi_conn: Any) -> WalSyncer | None:
    rows = dbapi_conn.execute("PRAGMA database_list").fetchall()
    file = next((row[2] for row in rows if row[1] == "main"), "")
    if not file:
        return None  # in memory: nothing to make durable
    with _syncers_lock:
        if file not in _syncers:
            _syncers[file] = WalSyncer(Path(file))
        return _syncers[file]


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # hand transaction control to the "begin" hook below
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        wal = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
        cur.execute("PRAGMA foreign_keys=ON")
        # generous: under a burst of writers a request queues rather than failing
        cur.execute("PRAGMA busy_timeout=30000")
        syncer = _syncer_for(dbapi_conn) if wal else None
        if syncer is not None and isinstance(dbapi_conn, DurableConnection):
            # commits reach the -wal file without an fsync; app.wal flushes them
            cur.execute("PRAGMA synchronous=NORMAL")
            dbapi_conn.syncer = syncer
        else:
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()
        # the UK date of a stored UTC timestamp, which SQLite's own functions cannot tell
        dbapi_conn.create_function("uk_date", 1, _uk_date, deterministic=True)

    # SQLite has one write lock, and its busy handler retries by sleeping: with
    # dozens of threads waiting, throughput collapses. Threads of this process
    # queue on a lock of our own instead, and only its holder asks SQLite. The
    # lock is released when SQLite's COMMIT or ROLLBACK has returned
    # (``DurableConnection``), so the next writer never finds SQLite's lock held.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY):
            conn.info[_DEFERRED] = True
            conn.exec_driver_sql("BEGIN")
            return
        dbapi_conn = conn.connection.dbapi_connection
        if not writer.acquire(timeout=_WRITER_WAIT_SECONDS):
            raise OperationalError("BEGIN IMMEDIATE", None, TimeoutError("database is busy"))
        dbapi_conn.holds = writer
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            # released already if the failure rolled the connection back
            held, dbapi_conn.holds = dbapi_conn.holds, None
            if held is not None:
                held.release()
            raise

    @event.listens_for(engine, "before_cursor_execute")
    def _no_writes_in_reads(
        conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if conn.info.get(_DEFERRED) and statement.lstrip()[:7].upper().startswith(_WRITES):
            raise WriteInReadTransaction(
                "a write in a read transaction would fail under load: use db.writing(session)"
            )

    def _ended(conn: Any) -> None:
        conn.info.pop(_DEFERRED, None)

    event.listen(engine, "commit", _ended)
    event.listen(engine, "rollback", _ended)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "factory": DurableConnection},
            # more connections than request threads (CCT_REQUEST_THREADS) plus the
            # audit writer: a request never waits for a connection, and a
            # connection's pragmas run once, when it opens
            poolclass=QueuePool,
            pool_size=16,
            max_overflow=48,
            pool_timeout=60,
        )
        _tune_sqlite(engine)
        # this engine's UUID columns read through the shared UUIDs below
        engine.dialect.colspecs = {**engine.dialect.colspecs, sa.Uuid: _SharedUuid}
        return engine
    # more than request threads (CCT_REQUEST_THREADS), plus the audit writer
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=40)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().sqlalchemy_url)


def new_session(*, read_only: bool = False) -> Session:
    """A session (closed by the caller): ``read_only`` like ``read_session``'s, else writing."""
    options = {READ_ONLY: True} if read_only else {}
    # expire_on_commit=False: services return objects that are read after commit
    return Session(get_engine(), expire_on_commit=False, execution_options=options)


def get_session() -> Iterator[Session]:
    """A session whose transactions write (``BEGIN IMMEDIATE`` on SQLite)."""
    # expire_on_commit=False: services return objects that are read after commit
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


def read_session() -> Iterator[Session]:
    """A session whose transactions only read, alongside other readers and the writer."""
    with Session(
        get_engine(), expire_on_commit=False, execution_options={READ_ONLY: True}
    ) as session:
        yield session


def plain_rows(
    session: Session, statement: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[Any]:
    """The rows of a select of columns (no mapped objects), through the session's connection.

    ``session.execute`` puts even a select of plain columns through the ORM's per-row
    machinery: for a family's progress entries that was about 0.58 ms against 0.23 ms
    on the connection, the same rows. The session's transaction, read or write, is the
    one used, and it flushes first as ``session.execute`` would.
    """
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params).all()


def is_read_only(session: Session) -> bool:
    return bool(session.execution_options.get(READ_ONLY))


@contextmanager
def reading(session: Session) -> Iterator[Session]:
    """A read transaction, whatever the session's kind.

    For the sign-in check of a request that then writes: the check runs in one
    worker thread and the route in another, so it must end before the route
    starts, and it need not queue for the write lock. A read session's
    transaction goes on into the route's reads instead.
    """
    if is_read_only(session):
        yield session
        return
    previous = session.execution_options
    session.commit()
    session.execution_options = previous.union({READ_ONLY: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.execution_options = previous


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """A write transaction, committed on leaving (rolled back on error).

    In a read session it ends the read transaction first and opens a write
    transaction; afterwards the session reads again.
    """
    previous = session.execution_options
    if is_read_only(session):
        session.commit()
        # what the read loaded may be stale by now: the write reads it afresh
        session.expire_all()
        session.execution_options = previous.union({READ_ONLY: False})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.execution_options = previous
