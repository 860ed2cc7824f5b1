"""Group commit at the fsync: one flush of SQLite's write-ahead log covers many commits.

SQLite runs with ``synchronous=NORMAL`` in WAL mode: a COMMIT appends the
transaction's pages to the ``-wal`` file and returns without an fsync, so the
write lock is held only for the transaction's own work. Before a write is
acknowledged its commit waits here for an fsync of the ``-wal`` file that
*started after that commit finished*. One such fsync covers every commit
before it, so while one committer (the leader) flushes, the commits that
finish meanwhile queue, and the next flush covers them all: under load one
fsync serves many writes, as databases group their log flushes.

Why an acknowledged write survives a crash, power cut included: its pages and
its commit frame were in the ``-wal`` file before the fsync began, so they are
on disk when the fsync returns; SQLite's recovery replays every valid frame up
to the last commit frame, and the frames before ours were written earlier, so
they are there too. The ``-wal`` file is restarted (written again from the
top) only after a checkpoint has copied every frame into the database file
and fsynced it (SQLite still fsyncs at every checkpoint with ``NORMAL``), so
frames overwritten by a restart are already durable in the database file. The
file is opened by its path for each flush, so a ``-wal`` file removed and
created afresh (the last connection closing checkpoints and removes it) is the
one flushed; a new file's directory entry is flushed once too.

A failed fsync fails the commits waiting on it (``sqlite3.OperationalError``:
the request answers 503) and every commit after it, until the process
restarts: after a failed fsync Linux may drop the unwritten pages and report
the next fsync as a success, and WAL frames after a lost one are not
recovered, so no later flush can prove a write durable.
"""

import logging
import os
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class WalSyncer:
    """Flushes one SQLite database's ``-wal`` file for the commits of this process."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.wal = database.with_name(database.name + "-wal")
        self._cond = threading.Condition()
        self._committed = 0  # commits that finished, in order
        self._synced = 0  # every commit up to this one is on disk
        self._flushing = False
        self._broken: OSError | None = None
        self._held: int | None = None  # the file last flushed, kept open
        self.flushes = 0

    def wait_durable(self) -> None:
        """Call right after a write's COMMIT returned: returns once the commit is on disk.

        Raises ``sqlite3.OperationalError`` if it cannot be made durable.
        """
        with self._cond:
            self._committed += 1
            mine = self._committed
            while True:
                self._raise_if_broken()
                if self._synced >= mine:
                    return
                if not self._flushing:
                    break
                self._cond.wait()
            # the leader: this flush starts now, after every commit numbered up to here
            self._flushing = True
            covers = self._committed
        flushed, failure = False, None
        try:
            self._flush()
            flushed = True
        except OSError as exc:
            log.critical("fsync of %s failed: writes refused until a restart", self.wal)
            failure = exc
        finally:  # whatever happened, the next committer may lead
            with self._cond:
                if flushed:
                    self._synced = covers
                    self.flushes += 1
                if failure is not None:
                    self._broken = failure
                self._flushing = False
                self._cond.notify_all()
        self._raise_if_broken()

    def _raise_if_broken(self) -> None:
        if self._broken is not None:
            raise sqlite3.OperationalError(
                f"disk I/O error: the write-ahead log could not be flushed ({self._broken})"
            ) from self._broken

    def _flush(self) -> None:
        fd: int | None
        try:
            fd = os.open(self.wal, os.O_RDONLY)
        except FileNotFoundError:
            # no log: the last connection to close checkpointed it into the database
            # file (fsynced) and removed it; flushing the database file is harmless
            fd = os.open(self.database, os.O_RDONLY)
        try:
            os.fsync(fd)
            if self._held is not None and os.path.samestat(os.fstat(fd), os.fstat(self._held)):
                return
            # a file new since the last flush: its name in the directory must be on disk
            # too. The last one flushed is held open, so a new file cannot reuse its inode
            # number and pass for it.
            directory = os.open(self.database.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
            fd, self._held = self._held, fd
        finally:
            if fd is not None:
                os.close(fd)
