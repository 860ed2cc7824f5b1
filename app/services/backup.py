"""Backups of the embedded SQLite database, and restoring one after checking it.

The copy is taken with SQLite's online backup API, so it is consistent even
while the service keeps writing. PostgreSQL is backed up with its own tools
(``pg_dump``; see the README).
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.services import audit
from app.services.errors import DomainError

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


class BackupError(DomainError):
    """A backup or restore that cannot be done, with the reason for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"The database is {url.get_backend_name()}, not the embedded SQLite file: "
            "back it up with pg_dump (see 'Backups' in the README)"
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up")
    return Path(url.database)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def backup(session: Session, database_url: str, destination: Path) -> Path:
    """A consistent copy of the live database at ``destination`` (refuses to overwrite).

    Audited as an export of everything; the copy holds its own audit event.
    """
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"There is no database at {source}")
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose a new file name")
    audit.record_anonymous(session, "export", "database", destination.name, request_id="cli")
    session.commit()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(source)) as src, closing(sqlite3.connect(destination)) as dst:
        src.backup(dst)
        # a single self-contained file, whatever the live database's journal mode
        dst.execute("PRAGMA journal_mode=DELETE")
    check(destination)
    return destination


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def check(path: Path) -> str:
    """Raise BackupError unless the file is a sound CCT database at the current schema."""
    if not path.is_file():
        raise BackupError(f"There is no file at {path}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupError(f"{path} is damaged: {result[0][0]}")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a CCT database ({exc})") from exc
    expected = head_revision()
    if revision is None or revision[0] != expected:
        found = revision[0] if revision else "none"
        raise BackupError(
            f"{path} has schema revision {found}, but this version of CCT needs {expected}: "
            "restore it with the version of CCT that made it, then run 'cct db upgrade'"
        )
    return str(revision[0])


def restore(session: Session, database_url: str, source: Path) -> None:
    """Replace the live database's contents with a checked backup.

    Uses the backup API in reverse, so it takes the database's write lock and
    replaces every page in one step; stop the service first all the same.
    """
    target = sqlite_path(database_url)
    check(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(_connect(target)) as dst,
    ):
        src.backup(dst)
        result = dst.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupError(f"The restored database failed its check: {result[0][0]}")
    session.rollback()
    session.expire_all()
    audit.record_anonymous(session, "restore", "database", source.name, request_id="cli")
    session.commit()
