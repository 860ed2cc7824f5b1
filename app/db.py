"""Engine and sessions.

SQLite is tuned for an evidence store: WAL so readers never block the writer,
``synchronous=FULL`` so an acknowledged commit survives power loss, and every
transaction opened with ``BEGIN IMMEDIATE``. Every request writes at least an
audit row, so a deferred transaction would read, then fail at its first write
with "database is locked" whatever the busy timeout.
"""

import threading
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from app import clock
from app.config import get_settings

_HOLDS_WRITER = "cct_holds_writer_lock"
_WRITER_WAIT_SECONDS = 30


def _uk_date(stored: str | None) -> str | None:
    if stored is None:
        return None
    return clock.local_date(datetime.fromisoformat(stored)).isoformat()


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # hand transaction control to the "begin" hook below
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # generous: under a burst of writers a request queues rather than failing
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()
        # the UK date of a stored UTC timestamp, which SQLite's own functions cannot tell
        dbapi_conn.create_function("uk_date", 1, _uk_date, deterministic=True)

    # SQLite has one write lock, and its busy handler retries by sleeping: with
    # dozens of threads waiting, throughput collapses. Threads of this process
    # queue on a lock of our own instead, and only its holder asks SQLite.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not writer.acquire(timeout=_WRITER_WAIT_SECONDS):
            raise OperationalError("BEGIN IMMEDIATE", None, TimeoutError("database is busy"))
        conn.info[_HOLDS_WRITER] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn)
            raise

    def _release(conn: Any) -> None:
        if conn.info.pop(_HOLDS_WRITER, False):
            writer.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            # a connection per session: opening one costs well under a millisecond,
            # and a fixed pool would make a burst of writers wait for connections
            # while they already queue for SQLite's single write lock
            poolclass=NullPool,
        )
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().sqlalchemy_url)


def get_session() -> Iterator[Session]:
    # expire_on_commit=False: services return objects that are read after commit
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
