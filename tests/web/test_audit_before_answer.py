"""A request's read events are committed before its answer goes out, and waited for
on the event loop rather than in the route's worker thread."""

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from sqlmodel import func, select
from starlette.routing import Mount

from app.db import get_engine, read_session
from app.http.routing import AuditedRoute
from app.models.audit import AuditEvent
from app.services.audit import group


def _events_of(entity: str) -> int:
    for reader in read_session():
        return reader.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == entity)
        ).one()
    raise AssertionError


@pytest.fixture
def writer_gate() -> Iterator[threading.Event]:
    """Holds the audit writer just before its COMMIT until the test opens the gate."""
    gate = threading.Event()

    def hold(conn: Any) -> None:
        if threading.current_thread().name == "cct-audit-writer":
            assert gate.wait(30)

    sa.event.listen(get_engine(), "commit", hold)
    yield gate
    gate.set()
    sa.event.remove(get_engine(), "commit", hold)


def _in_thread(fn: Any) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: out.setdefault("response", fn()))
    thread.start()
    return thread, out


def test_a_page_answers_only_once_its_read_is_committed(world, session, web_as, writer_gate):
    page = web_as(world.worker_a)
    before = _events_of("family_page")
    thread, out = _in_thread(lambda: page.get(f"/families/{world.family_a.id}"))
    time.sleep(0.5)
    # the page is built and its event inserted, but not committed: no answer yet
    assert "response" not in out
    assert _events_of("family_page") == before
    writer_gate.set()
    thread.join(20)
    assert out["response"].status_code == 200
    assert _events_of("family_page") == before + 1


def test_a_json_read_answers_only_once_committed(world, session, api_as, writer_gate):
    api = api_as(world.worker_a)
    before = _events_of("timeline")
    thread, out = _in_thread(lambda: api.get(f"/api/v1/families/{world.family_a.id}/timeline"))
    time.sleep(0.5)
    assert "response" not in out
    assert _events_of("timeline") == before
    writer_gate.set()
    thread.join(20)
    assert out["response"].status_code == 200
    assert _events_of("timeline") == before + 1


@pytest.fixture
def connections_held() -> Iterator[dict[int, str]]:
    """The pool's connections checked out now, each with the thread that took it."""
    held: dict[int, str] = {}

    def out(dbapi: Any, record: Any, proxy: Any) -> None:
        held[id(dbapi)] = threading.current_thread().name

    def back(dbapi: Any, record: Any) -> None:
        held.pop(id(dbapi), None)

    sa.event.listen(get_engine(), "checkout", out)
    sa.event.listen(get_engine(), "checkin", back)
    yield held
    sa.event.remove(get_engine(), "checkout", out)
    sa.event.remove(get_engine(), "checkin", back)


@pytest.mark.parametrize("kind", ["page", "json"])
def test_a_read_waits_for_its_audit_holding_no_connection(
    world, session, web_as, api_as, writer_gate, connections_held, kind
):
    """Held through the wait, a burst of reads took every connection in the pool, and
    the audit writer they were waiting for could not get one."""
    if kind == "page":
        client: Any = web_as(world.worker_a)
        path = f"/families/{world.family_a.id}"
    else:
        client = api_as(world.worker_a)
        path = f"/api/v1/families/{world.family_a.id}/timeline"
    session.close()
    thread, out = _in_thread(lambda: client.get(path))
    time.sleep(0.5)
    assert "response" not in out  # waiting for the audit writer, held at the gate
    assert sorted(connections_held.values()) == ["cct-audit-writer"]
    writer_gate.set()
    thread.join(20)
    assert out["response"].status_code == 200


def test_a_page_whose_event_failed_answers_503_with_nothing_of_the_record(world, session, web_as):
    page = web_as(world.worker_a)
    assert page.get(f"/families/{world.family_a.id}").status_code == 200

    def fail(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO auditevent"):
            raise get_engine().dialect.loaded_dbapi.OperationalError("disk I/O error")

    sa.event.listen(get_engine(), "before_cursor_execute", fail)
    try:
        response = page.get(f"/families/{world.family_a.id}")
    finally:
        sa.event.remove(get_engine(), "before_cursor_execute", fail)
    assert response.status_code == 503
    # the page was built before the commit failed; none of it is sent
    assert world.family_a.case_reference not in response.text


def test_settle_waits_for_every_event_and_reports_a_failure() -> None:
    class Writer:
        def __init__(self) -> None:
            self.waiting: list[group._Waiting] = []

        def submit(self, events: list[Any], on_done: Any = None) -> group._Waiting:
            waiting = group._Waiting(events, on_done)
            self.waiting.append(waiting)
            return waiting

    async def scenario() -> None:
        writer = Writer()
        pending = group.Pending()
        pending.submit(writer, [])  # type: ignore[arg-type]
        pending.submit(writer, [])  # type: ignore[arg-type]
        settled = asyncio.ensure_future(pending.settle())
        await asyncio.sleep(0.05)
        assert not settled.done()
        await asyncio.to_thread(writer.waiting[0].finish)
        await asyncio.sleep(0.05)
        assert not settled.done()  # one of two committed is not enough
        await asyncio.to_thread(writer.waiting[1].finish, OSError("disk full"))
        with pytest.raises(sa.exc.OperationalError):
            await settled

    asyncio.run(scenario())


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if isinstance(route, Mount):
            yield from _routes(route.routes)
        elif hasattr(route, "original_router"):  # a router included in another
            yield from _routes(route.original_router.routes)
        else:
            yield route


def test_every_route_waits_for_its_reads_audit() -> None:
    from app.main import app

    api_routes = [r for r in _routes(app.routes) if isinstance(r, APIRoute)]
    assert len(api_routes) > 100
    assert [r.path for r in api_routes if not isinstance(r, AuditedRoute)] == []
