"""One history, reversible step by step, and in step with the models."""

import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from tests.conftest import DATABASE_URL, alembic_config


@pytest.fixture
def scratch_url(tmp_path):
    """An empty database of the same kind as the test database."""
    url = make_url(DATABASE_URL)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    name = f"cct_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, script.get_heads()


def test_stairway_up_down_up(scratch_url: str) -> None:
    """Each revision upgrades, downgrades and upgrades again cleanly."""
    config = alembic_config(scratch_url)
    script = ScriptDirectory.from_config(config)
    revisions = list(reversed(list(script.walk_revisions("base", "heads"))))
    for rev in revisions:
        command.upgrade(config, rev.revision)
        command.downgrade(config, rev.down_revision or "base")  # type: ignore[arg-type]
        command.upgrade(config, rev.revision)


def test_models_match_migrations(scratch_url: str) -> None:
    """`alembic check`: no difference between the tables and the models."""
    command.upgrade(alembic_config(scratch_url), "head")
    engine = sa.create_engine(scratch_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def _fill(conn: sa.Connection, table_name: str, **given: object) -> uuid.UUID:
    """Insert a row with every required column filled in (``given`` wins); its id."""
    from datetime import UTC, date, datetime

    reflected = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    # ids as the app stores them (sa.Uuid: 32 hex characters on SQLite, uuid on PostgreSQL)
    table = sa.table(
        table_name,
        *(
            sa.column(c.name, sa.Uuid() if c.name == "id" or c.name.endswith("_id") else c.type)
            for c in reflected.columns
        ),
    )
    row: dict[str, object] = {}
    for column in reflected.columns:
        if column.nullable or column.server_default is not None:
            continue
        if column.name == "id" or column.name.endswith("_id"):
            kind: type = uuid.UUID
        elif isinstance(column.type, sa.Enum | sa.String | sa.Text):
            kind = str
        else:
            kind = column.type.python_type
        row[column.name] = {
            uuid.UUID: uuid.uuid4(),
            int: 1,
            float: 1.0,
            bool: False,
            date: date(2026, 6, 1),
            datetime: datetime(2026, 6, 1, tzinfo=UTC),
        }.get(kind, "x")
    row.update(given)
    conn.execute(table.insert().values(**row))
    return row["id"]  # type: ignore[return-value]


def test_written_analysis_becomes_the_first_drafts(scratch_url: str) -> None:
    """The assessment's old analysis and recommendation survive as version 1 of their
    sections, written by the family's allocated worker."""
    config = alembic_config(scratch_url)
    command.upgrade(config, "3b7e9d2c4f61")  # the revision before the report workflow
    engine = sa.create_engine(scratch_url)
    with engine.begin() as conn:
        team = _fill(conn, "team", id=uuid.uuid4(), name="Mig team")
        worker = _fill(conn, "user", id=uuid.uuid4(), role="social_worker", team_id=team)
        family = _fill(conn, "family", id=uuid.uuid4(), team_id=team, status="open")
        _fill(conn, "allocation", id=uuid.uuid4(), family_id=family, user_id=worker)
        _fill(
            conn,
            "assessment",
            id=uuid.uuid4(),
            family_id=family,
            status="closed",
            analysis="Both parents engaged.",
            recommendation="",
        )
    command.upgrade(config, "head")
    with engine.connect() as conn:
        drafts = conn.execute(
            sa.text("SELECT section, number, text, written_by_id FROM sectiondraft")
        ).all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("assessment")}
    engine.dispose()
    assert [(d[0], d[1], d[2]) for d in drafts] == [("analysis", 1, "Both parents engaged.")]
    assert uuid.UUID(str(drafts[0][3])) == worker
    assert "analysis" not in columns and "recommendation" not in columns
