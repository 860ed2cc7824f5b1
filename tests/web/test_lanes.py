"""Requests take turns: one request's work at a time, and a slow one gives up its place."""

import asyncio
import threading
import time
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request

from app.config import Settings
from app.http import lanes
from app.http.routing import AuditedRoute


class _Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.now -= 1


def _thread_kind() -> str:
    """Where sync work runs: on the event loop's thread or in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return "worker thread"
    return "event loop"


def _app(counter: _Counter) -> FastAPI:
    router = APIRouter(route_class=AuditedRoute)

    @router.get("/quick")
    def quick() -> dict[str, str]:
        with counter:
            time.sleep(0.02)
        return {"ok": "yes"}

    @router.post("/write")
    def write() -> dict[str, str]:
        with counter:
            time.sleep(0.02)
        return {"ok": "written"}

    async def where(request: Request) -> str:
        return await lanes.run_sync(_thread_kind)

    @router.get("/where", response_model=None)
    def where_read(dependency: Annotated[str, Depends(where)]) -> dict[str, str]:
        return {"dependency": dependency, "route": _thread_kind()}

    @router.post("/where", response_model=None)
    def where_write(dependency: Annotated[str, Depends(where)]) -> dict[str, str]:
        return {"dependency": dependency, "route": _thread_kind()}

    async def brief(request: Request) -> str:
        return await lanes.run_brief(_thread_kind)

    @router.get("/where-brief", response_model=None)
    def where_brief_read(sign_in: Annotated[str, Depends(brief)]) -> dict[str, str]:
        return {"sign_in": sign_in, "route": _thread_kind()}

    @router.post("/where-brief", response_model=None)
    def where_brief_write(sign_in: Annotated[str, Depends(brief)]) -> dict[str, str]:
        return {"sign_in": sign_in, "route": _thread_kind()}

    @router.get("/where-slow", response_model=None)
    @lanes.in_a_thread
    def where_slow(dependency: Annotated[str, Depends(where)]) -> dict[str, str]:
        return {"dependency": dependency, "route": _thread_kind()}

    @router.get("/slow")
    @lanes.in_a_thread
    def slow() -> dict[str, str]:
        time.sleep(1.0)
        return {"ok": "late"}

    app = FastAPI()
    app.include_router(router)
    return app


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lanes")


def test_the_lane_is_one_request_wide_on_sqlite_and_off_on_postgresql(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def width(url: str, at_once: str | None = None) -> int:
        monkeypatch.setenv("CCT_DATABASE_URL", url)
        if at_once is None:
            monkeypatch.delenv("CCT_REQUESTS_AT_ONCE", raising=False)
        else:
            monkeypatch.setenv("CCT_REQUESTS_AT_ONCE", at_once)
        return Settings().lane_width

    assert width("sqlite:////tmp/x.db") == 1
    assert width("postgresql+psycopg://u@h/db") == 0
    assert width("postgresql+psycopg://u@h/db", "3") == 3
    assert width("sqlite:////tmp/x.db", "0") == 0


@pytest.fixture
def one_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lane as on SQLite, whichever database the suite runs on."""
    monkeypatch.setattr(Settings, "lane_width", property(lambda _: 1))


@pytest.mark.usefixtures("one_wide")
def test_quick_requests_run_one_at_a_time() -> None:
    counter = _Counter()

    async def go() -> list[int]:
        async with _client(_app(counter)) as client:
            answers = await asyncio.gather(*(client.get("/quick") for _ in range(6)))
        return [a.status_code for a in answers]

    assert asyncio.run(go()) == [200] * 6
    assert counter.most == 1


@pytest.mark.usefixtures("one_wide")
def test_a_slow_request_holds_the_others_up_no_longer_than_the_hold() -> None:
    async def go() -> tuple[float, float]:
        async with _client(_app(_Counter())) as client:
            t0 = time.perf_counter()

            async def timed(path: str) -> float:
                answer = await client.get(path)
                assert answer.status_code == 200
                return time.perf_counter() - t0

            slow = asyncio.ensure_future(timed("/slow"))
            await asyncio.sleep(0.01)  # the slow one has the lane
            quick = await timed("/quick")
            return quick, await slow

    quick, slow = asyncio.run(go())
    assert quick < lanes.HOLD_SECONDS + 0.4 < slow


@pytest.mark.usefixtures("one_wide")
def test_a_place_is_given_back_when_the_work_fails_or_is_cancelled() -> None:
    async def fails() -> None:
        raise ValueError("no")

    async def forever() -> None:
        await asyncio.Event().wait()

    async def go() -> str:
        with pytest.raises(ValueError):
            await lanes.take_turns(fails())
        waiting = asyncio.ensure_future(lanes.take_turns(forever()))
        await asyncio.sleep(0.01)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

        async def done() -> str:
            return "done"

        # a held place would keep this waiting for the hold; it gets in at once
        return await asyncio.wait_for(lanes.take_turns(done()), lanes.HOLD_SECONDS / 2)

    assert asyncio.run(go()) == "done"


def _where(method: str, path: str) -> dict[str, str]:
    async def go() -> dict[str, str]:
        async with _client(_app(_Counter())) as client:
            answer = await client.request(method, path)
        assert answer.status_code == 200
        return dict(answer.json())

    return asyncio.run(go())


@pytest.mark.usefixtures("one_wide")
def test_in_a_one_wide_lane_a_read_runs_on_the_event_loop_and_a_write_in_a_thread() -> None:
    loop = {"dependency": "event loop", "route": "event loop"}
    thread = {"dependency": "worker thread", "route": "worker thread"}
    assert _where("GET", "/where") == loop
    assert _where("POST", "/where") == thread
    # a read marked as slow keeps to a worker thread, with its dependencies
    assert _where("GET", "/where-slow") == thread


@pytest.mark.usefixtures("one_wide")
def test_in_a_one_wide_lane_the_sign_in_check_runs_on_the_event_loop_for_a_write_too() -> None:
    # a hop to a worker thread and back cost a write more than the check itself
    assert _where("GET", "/where-brief") == {"sign_in": "event loop", "route": "event loop"}
    assert _where("POST", "/where-brief") == {"sign_in": "event loop", "route": "worker thread"}


def test_with_no_lane_every_request_runs_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Settings, "lane_width", property(lambda _: 0))
    thread = {"dependency": "worker thread", "route": "worker thread"}
    assert _where("GET", "/where") == thread
    assert _where("POST", "/where") == thread
    assert _where("POST", "/where-brief") == {"sign_in": "worker thread", "route": "worker thread"}


@pytest.mark.usefixtures("one_wide")
def test_writes_still_take_turns() -> None:
    counter = _Counter()

    async def go() -> list[int]:
        async with _client(_app(counter)) as client:
            answers = await asyncio.gather(*(client.post("/write") for _ in range(6)))
        return [a.status_code for a in answers]

    assert asyncio.run(go()) == [200] * 6
    assert counter.most == 1


def test_a_read_route_keeps_its_name_parameters_and_response_model() -> None:
    schema = _app(_Counter()).openapi()
    read = schema["paths"]["/where"]["get"]
    assert read["operationId"].startswith("where_read")
    assert read["summary"] == "Where Read"
    quick = schema["paths"]["/quick"]["get"]
    assert quick["responses"]["200"]["content"]["application/json"]["schema"] == {
        "additionalProperties": {"type": "string"},
        "type": "object",
        "title": "Response Quick Quick Get",
    }
