"""Test database: SQLite in a temporary folder, or PostgreSQL when CCT_TEST_DATABASE_URL is set.

On PostgreSQL each run gets a database of its own, dropped at the end. An
unreachable server fails the run; it is never skipped.
"""

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

_TMP = Path(tempfile.mkdtemp(prefix="cct-test-"))
_BASE_URL = os.environ.get("CCT_TEST_DATABASE_URL", "")


def _make_database_url() -> str:
    if not _BASE_URL:
        return f"sqlite:///{_TMP / 'cct.db'}"
    url = make_url(_BASE_URL)
    name = f"cct_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # raises if PostgreSQL is unreachable: a failure, not a skip
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


DATABASE_URL = _make_database_url()
os.environ["CCT_DATABASE_URL"] = DATABASE_URL
os.environ["CCT_ENVIRONMENT"] = "test"
os.environ["CCT_DATA_DIR"] = str(_TMP)

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from app import clock  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.db import get_engine  # noqa: E402
from app.models.account import User  # noqa: E402
from app.services.identity import auth  # noqa: E402
from app.services.views import reuse  # noqa: E402
from tests import factories  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str = DATABASE_URL) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def pytest_sessionstart(session: pytest.Session) -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    command.upgrade(alembic_config(), "head")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    get_engine().dispose()
    if _BASE_URL:
        url = make_url(_BASE_URL)
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(
                f'DROP DATABASE IF EXISTS "{make_url(DATABASE_URL).database}" WITH (FORCE)'
            )
        admin.dispose()


def _wipe() -> None:
    engine = get_engine()
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    # DELETE, children first: far quicker than TRUNCATE for a test's handful of rows
    with engine.begin() as conn:
        for table in tables:
            conn.exec_driver_sql(f'DELETE FROM "{table}"')


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    yield
    _wipe()
    reuse.kept.clear()  # views of rows now gone


@pytest.fixture
def no_views_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page worked out afresh (``CCT_VIEWS_KEPT=0``): for tests of what a page
    costs to build, which a view reused from the request before would hide."""
    monkeypatch.setattr(get_settings(), "views_kept", 0)


@pytest.fixture
def frozen_clock() -> Iterator[Callable[[datetime], None]]:
    """Stop app.clock at a moment of the test's choosing: ``frozen_clock(datetime(...))``."""
    with ExitStack() as stack:
        yield lambda at: stack.enter_context(clock.freeze(at)) and None


@pytest.fixture
def session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def world(session: Session) -> factories.World:
    """Two teams, their leads and workers, families with plans, parents with accounts."""
    return factories.build_world(session)


class QueryCounter:
    """Counts the SQL statements the app sends while active."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            return
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def count_queries() -> Iterator[Callable[[], QueryCounter]]:
    """``with count_queries() as q: ...`` then ``q.count``."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        sa.event.listen(get_engine(), "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(get_engine(), "before_cursor_execute", counter)

    yield counting  # type: ignore[misc]


@pytest.fixture
def client() -> Iterator[TestClient]:
    from app.main import app

    with TestClient(app) as c:
        yield c


@pytest.fixture
def api_as(session: Session) -> Callable[[User], TestClient]:
    """A TestClient signed in with a fresh API token of the given user."""
    from app.main import app

    clients: list[TestClient] = []

    def make(user: User) -> TestClient:
        token = auth.create_api_token(session, user, f"test-{uuid.uuid4().hex[:6]}")
        c = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        clients.append(c)
        return c

    yield make  # type: ignore[misc]
    for c in clients:
        c.close()
