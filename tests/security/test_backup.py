"""Backups: a consistent online copy, and a restore that checks the file first."""

import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from alembic import command
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.db import make_engine
from app.models.account import Team
from app.models.audit import AuditEvent
from app.services import backup
from tests.conftest import alembic_config


@pytest.fixture
def live(tmp_path: Path):
    """A SQLite database of its own, at the current schema, with one team."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as s:
        s.add(Team(name="Before Team"))
        s.commit()
    yield url, engine
    engine.dispose()


def _teams(engine) -> set[str]:
    with Session(engine) as s:
        return set(s.exec(select(Team.name)).all())


def test_round_trip(live, tmp_path: Path) -> None:
    url, engine = live
    copy = tmp_path / "backups" / "one.db"
    with Session(engine) as s:
        backup.backup(s, url, copy)
    with Session(engine) as s:
        s.add(Team(name="After Team"))
        s.commit()
    assert _teams(engine) == {"Before Team", "After Team"}
    with Session(engine) as s:
        backup.restore(s, url, copy)
    assert _teams(engine) == {"Before Team"}
    with Session(engine) as s:
        actions = s.exec(select(AuditEvent.action).where(AuditEvent.entity == "database")).all()
    # the backup's own export event came back with it; the restore is recorded after
    assert actions == ["export", "restore"]


def test_backup_is_consistent_during_writes(live, tmp_path: Path) -> None:
    url, engine = live
    done = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
        for n in range(150):
            conn.execute(
                "INSERT INTO team (id, name, created_at) VALUES (?, ?, '2026-01-01 00:00:00')",
                (uuid.uuid4().hex, f"Team {n}"),
            )
            conn.commit()
        conn.close()
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    copy = tmp_path / "during.db"
    with Session(engine) as s:
        backup.backup(s, url, copy)
    writer.join()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        count = conn.execute("SELECT count(*) FROM team").fetchone()[0]
    assert 1 <= count <= 151 and done.is_set()


def test_restore_refuses_a_damaged_or_foreign_file(live, tmp_path: Path) -> None:
    url, engine = live
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with Session(engine) as s, pytest.raises(backup.BackupError, match="not a CCT database"):
        backup.restore(s, url, junk)
    old = tmp_path / "old.db"
    with Session(engine) as s:
        backup.backup(s, url, old)
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'abc123'")
    with Session(engine) as s, pytest.raises(backup.BackupError, match="schema revision abc123"):
        backup.restore(s, url, old)
    assert _teams(engine) == {"Before Team"}
    with Session(engine) as s, pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(s, url, old)


def test_postgresql_points_to_pg_dump() -> None:
    with pytest.raises(backup.BackupError, match="pg_dump"):
        backup.sqlite_path("postgresql+psycopg://cct@db.example.test/cct")


def test_cli_backup_and_restore(live, tmp_path: Path, monkeypatch) -> None:
    from app.cli import app as cli
    from app.cli import backup as backup_cli

    url, engine = live
    monkeypatch.setattr(backup_cli, "get_engine", lambda: engine)
    monkeypatch.setattr(backup_cli, "get_settings", lambda: type("S", (), {"sqlalchemy_url": url}))
    copy = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["backup", str(copy)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["restore", str(tmp_path / "nothing.db"), "--yes"])
    assert result.exit_code == 1 and "There is no file" in result.output
