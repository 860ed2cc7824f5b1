"""Group commit for the audit events of reads.

Auditing every read turns every page view into a write. Instead of one
transaction and one fsync per read, requests hand their events to one writer
thread per process and database. It takes every event waiting, links them into
their hash chains and commits them in one transaction: one fsync for the
batch. Each request waits until its own batch has committed before it answers,
so no read is answered before its audit event is on disk; if the commit fails,
the request fails too (``OperationalError``: 503), never answering 200.

A request served by the application waits on the event loop, not in its
worker thread (``Pending``): the route hands its events over and goes on
building the page while the batch commits, and the answer goes out once the
batch is on disk. So the worker threads are never parked on the audit, and
the server can run with few of them (``CCT_REQUEST_THREADS``): many threads
all wanting Python's interpreter lock cost a read a third more CPU under load.

Writes keep their audit events in their own transaction, atomic with the work
they describe (linked with ``write_linked`` as that transaction commits); only
reads (and denials, which have no other work) come here. On SQLite the batch's
commit returns once the ``-wal`` file is flushed (``app.wal``), as a write's does.

The batch is written with SQLAlchemy Core, not the ORM unit of work: one
SELECT of the chains' heads (locked), one multi-row INSERT of the events and
one executemany UPDATE of the heads, from statements built once. Under load the
ORM flush of the same batch was about a tenth of a read's busy time (py-spy).
"""

import asyncio
import threading
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from app.models.audit import GENESIS_HASH, READ_ACTIONS, AuditChainHead, AuditEvent, Linkable

# a request gives up waiting (503) after this; its event may still commit later,
# which over-reports a read but never acknowledges an unrecorded one
_WAIT_SECONDS = 60.0
# the writer thread ends after this long without work; the next event starts another
_IDLE_SECONDS = 5.0
# bounds one transaction's size under a flood of reads
_MOST_PER_BATCH = 1000


@dataclass
class _Waiting:
    events: list[Linkable]
    # called in the writer's thread once ``done`` is set
    on_done: Callable[[], None] | None = None
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None

    def finish(self, error: BaseException | None = None) -> None:
        self.error = error
        self.done.set()
        if self.on_done is not None:
            self.on_done()

    def check(self) -> None:
        """Raise ``OperationalError`` unless the events were committed."""
        if self.error is not None:
            if isinstance(self.error, OperationalError):
                raise self.error
            raise OperationalError("audit group commit", None, self.error)


class GroupWriter:
    """One writer of read events for one engine in this process."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wake = threading.Condition()
        self._queue: list[_Waiting] = []
        self._thread: threading.Thread | None = None
        self.batches = 0
        self.events = 0

    def commit(self, events: list[Linkable]) -> None:
        """Return once these events are committed; raise ``OperationalError`` if they are not."""
        waiting = self.submit(events)
        if not waiting.done.wait(_WAIT_SECONDS):
            raise _timed_out()
        waiting.check()

    def submit(self, events: list[Linkable], on_done: Callable[[], None] | None = None) -> _Waiting:
        """Hand these events over; ``on_done`` is called once their batch has ended."""
        waiting = _Waiting(events, on_done)
        with self._wake:
            self._queue.append(waiting)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cct-audit-writer", daemon=True
                )
                self._thread.start()
            self._wake.notify()
        return waiting

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue:
                    self._wake.wait(_IDLE_SECONDS)
                    if not self._queue:
                        self._thread = None
                        return
                batch = self._queue[:_MOST_PER_BATCH]
                del self._queue[:_MOST_PER_BATCH]
            self._write(batch)

    def _write(self, batch: list[_Waiting]) -> None:
        try:
            with self._engine.begin() as conn:
                write_linked(conn, [e for waiting in batch for e in waiting.events])
        except BaseException as exc:  # every waiter must hear of it, whatever it is
            for waiting in batch:
                waiting.finish(exc)
            if not isinstance(exc, Exception):
                with self._wake:
                    self._thread = None
                raise
            return
        self.batches += 1
        self.events += sum(len(w.events) for w in batch)
        for waiting in batch:
            waiting.finish()


def _timed_out() -> OperationalError:
    return OperationalError(
        "audit group commit", None, TimeoutError("the audit writer did not answer")
    )


class Pending:
    """The read events one request handed to group writers, awaited before it answers.

    Made on the event loop when the request starts; its routes' worker threads
    ``submit`` to it, and the request awaits ``settle`` before its answer goes out.
    """

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._lock = threading.Lock()
        self._waiting: list[_Waiting] = []
        self._left = 0
        self._changed = asyncio.Event()

    def submit(self, writer: "GroupWriter", events: list[Linkable]) -> None:
        with self._lock:
            self._left += 1
        self._waiting.append(writer.submit(events, self._one_done))

    def _one_done(self) -> None:  # in the writer's thread
        with self._lock:
            self._left -= 1
            last = self._left == 0
        if last:
            self._loop.call_soon_threadsafe(self._changed.set)

    async def settle(self) -> None:
        """Return once every event handed over is committed; else raise ``OperationalError``."""
        if not self._waiting:
            return
        deadline = self._loop.time() + _WAIT_SECONDS
        while True:
            with self._lock:
                if self._left == 0:
                    break
                self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), deadline - self._loop.time())
            except TimeoutError:
                raise _timed_out() from None
        for waiting in self._waiting:
            waiting.check()


# the current request's pending reads; None outside a request (the command line,
# tests calling services): there ``record_now`` waits in its own thread
pending_reads: ContextVar[Pending | None] = ContextVar("cct_pending_reads", default=None)


_EVENTS: Any = sa.inspect(AuditEvent).local_table
_HEADS: Any = sa.inspect(AuditChainHead).local_table
# the heads of some chains, locked for the transaction (in a fixed order: no deadlocks)
_LOAD_HEADS = (
    sa.select(_HEADS.c.chain, _HEADS.c.seq, _HEADS.c.hash, _HEADS.c.changed)
    .where(_HEADS.c.chain.in_(sa.bindparam("chains", expanding=True)))
    .order_by(_HEADS.c.chain)
    .with_for_update()
)
_MOVE_HEAD = (
    _HEADS.update()
    .where(_HEADS.c.chain == sa.bindparam("b_chain"))
    .values(
        seq=sa.bindparam("b_seq"), hash=sa.bindparam("b_hash"), changed=sa.bindparam("b_changed")
    )
)
_INSERT_EVENTS = _EVENTS.insert()
_EVENT_COLUMNS = [c.name for c in _EVENTS.columns if c.name != "id"]


# a chain's head: its last event's position and hash, and the hash of its last change
_Head = tuple[int, str, str | None]


def _lock_heads(conn: Connection, chains: list[str]) -> dict[str, _Head]:
    rows = conn.execute(_LOAD_HEADS, {"chains": chains})
    heads = {r.chain: (r.seq, r.hash, r.changed) for r in rows}
    missing = [c for c in chains if c not in heads]
    if missing:
        # two writers may start the same chain at once: the second insert does nothing
        insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(
            insert(_HEADS)
            .values([{"chain": c, "seq": 0, "hash": GENESIS_HASH} for c in missing])
            .on_conflict_do_nothing()
        )
        rows = conn.execute(_LOAD_HEADS, {"chains": missing})
        heads.update({r.chain: (r.seq, r.hash, r.changed) for r in rows})
    return heads


def write_linked(conn: Connection, events: list[Linkable]) -> None:
    """Link these events into their chains, in order, and insert them (no commit)."""
    # imported here: the audit package imports this module
    from app.services.audit import chain_of, event_hash

    for audit_event in events:
        audit_event.chain = chain_of(audit_event.family_id)
    heads = _lock_heads(conn, sorted({e.chain for e in events}))
    for audit_event in events:
        seq, prev, changed = heads[audit_event.chain]
        audit_event.seq = seq + 1
        audit_event.prev_hash = prev
        new_hash = event_hash(prev, audit_event)
        if audit_event.action not in READ_ACTIONS:
            changed = new_hash
        heads[audit_event.chain] = (audit_event.seq, new_hash, changed)
    conn.execute(
        _INSERT_EVENTS, [{name: getattr(e, name) for name in _EVENT_COLUMNS} for e in events]
    )
    conn.execute(
        _MOVE_HEAD,
        [
            {"b_chain": chain, "b_seq": seq, "b_hash": h, "b_changed": changed}
            for chain, (seq, h, changed) in heads.items()
        ],
    )


_writers: "weakref.WeakKeyDictionary[Engine, GroupWriter]" = weakref.WeakKeyDictionary()
_writers_lock = threading.Lock()


def writer_for(engine: Engine) -> GroupWriter:
    with _writers_lock:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = GroupWriter(engine)
        return writer
