"""Group commit for the audit events of reads.

Auditing every read turns every page view into a write. Instead of one
transaction and one fsync per read, requests hand their events to one writer
thread per process and database. It takes every event waiting, links them into
their hash chains and commits them in one transaction: one fsync for the
batch. Each request waits until its own batch has committed before it answers,
so no read is answered before its audit event is on disk; if the commit fails,
the request fails too (``OperationalError``: 503), never answering 200.

Writes keep their audit events in their own transaction, atomic with the work
they describe; only reads (and denials, which have no other work) come here.
"""

import threading
import weakref
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.models.audit import AuditEvent

# a request gives up waiting (503) after this; its event may still commit later,
# which over-reports a read but never acknowledges an unrecorded one
_WAIT_SECONDS = 60.0
# the writer thread ends after this long without work; the next event starts another
_IDLE_SECONDS = 5.0
# bounds one transaction's size under a flood of reads
_MOST_PER_BATCH = 1000


@dataclass
class _Waiting:
    events: list[AuditEvent]
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class GroupWriter:
    """One writer of read events for one engine in this process."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wake = threading.Condition()
        self._queue: list[_Waiting] = []
        self._thread: threading.Thread | None = None
        self.batches = 0
        self.events = 0

    def commit(self, events: list[AuditEvent]) -> None:
        """Return once these events are committed; raise ``OperationalError`` if they are not."""
        waiting = _Waiting(events)
        with self._wake:
            self._queue.append(waiting)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cct-audit-writer", daemon=True
                )
                self._thread.start()
            self._wake.notify()
        if not waiting.done.wait(_WAIT_SECONDS):
            raise OperationalError(
                "audit group commit", None, TimeoutError("the audit writer did not answer")
            )
        if waiting.error is not None:
            if isinstance(waiting.error, OperationalError):
                raise waiting.error
            raise OperationalError("audit group commit", None, waiting.error)

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
        # imported here: the audit package imports this module
        from app.services.audit import append

        try:
            with Session(self._engine, expire_on_commit=False) as session:
                for waiting in batch:
                    for audit_event in waiting.events:
                        append(session, audit_event)
                session.commit()
        except BaseException as exc:  # every waiter must hear of it, whatever it is
            for waiting in batch:
                waiting.error = exc
                waiting.done.set()
            if not isinstance(exc, Exception):
                with self._wake:
                    self._thread = None
                raise
            return
        self.batches += 1
        self.events += sum(len(w.events) for w in batch)
        for waiting in batch:
            waiting.done.set()


_writers: "weakref.WeakKeyDictionary[Engine, GroupWriter]" = weakref.WeakKeyDictionary()
_writers_lock = threading.Lock()


def writer_for(engine: Engine) -> GroupWriter:
    with _writers_lock:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = GroupWriter(engine)
        return writer
