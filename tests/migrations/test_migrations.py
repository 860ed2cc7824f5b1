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
