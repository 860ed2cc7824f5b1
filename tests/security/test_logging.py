"""Logs carry ids, never names."""

import logging

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import logging as app_logging


def test_request_logs_hold_no_family_names(world, api_as, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    worker = api_as(world.worker_a)
    family = world.family_a.id
    for path in (
        "/api/v1/families",
        f"/api/v1/families/{family}",
        f"/api/v1/families/{family}/members",
        f"/api/v1/families/{world.family_b.id}/members",  # a denial is logged too
        "/api/v1/families?search=Ashdown",
    ):
        worker.get(path)
    api_as(world.lead_a).get(f"/api/v1/families/{family}/audit")
    # the test's own HTTP client logs what it sends: that is not the service's log
    lines = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    assert lines or caplog.records
    names = [world.mother_a.full_name, world.father_a.full_name, world.child_a.full_name]
    names += ["Ashdown", "Brockley", world.worker_a.display_name, world.worker_a.email]
    assert [line for line in lines if any(name in line for name in names)] == []


def test_log_lines_carry_the_request_id(caplog) -> None:
    app = FastAPI()
    app_logging.install(app)

    @app.middleware("http")
    async def set_id(request, call_next):  # stands in for app.main's request-id middleware
        request.state.request_id = "req-123"
        return await call_next(request)

    @app.get("/ping")
    def ping() -> dict[str, str]:
        logging.getLogger("cct.test").warning("pinged")
        return {}

    handler_filter = app_logging.RequestIdFilter()
    caplog.handler.addFilter(handler_filter)
    TestClient(app).get("/ping")
    record = next(r for r in caplog.records if r.getMessage() == "pinged")
    assert record.request_id == "req-123"


def test_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1", "GET", "/api/v1/families?search=Ashdown", "1.1", 200),
        None,
    )
    app_logging.NoQueryString().filter(record)
    assert "Ashdown" not in record.getMessage() and "/api/v1/families" in record.getMessage()
    app_logging.configure_logging("WARNING")
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
