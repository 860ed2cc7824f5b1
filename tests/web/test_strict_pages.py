"""Pages: out-of-range page numbers are bad input, not a failure; every 500 names its request."""

from fastapi.testclient import TestClient

from app.main import app
from app.services.evidence import entries
from app.services.views import caseload, parent_view
from tests.factories import World

HUGE = "100000000000000000000"


def test_huge_page_numbers_on_parent_pages_are_422(world: World, web_as) -> None:
    parent = web_as(world.parent_a)
    for path in ("/your-progress", f"/your-plan/goals/{world.goal_a.id}"):
        for page in (HUGE, "9223372036854775808", "0", "-1"):
            r = parent.get(path, params={"page": page})
            assert r.status_code == 422, (path, page, r.status_code)
            assert "There is a problem" in r.text
        assert parent.get(path, params={"page": "2"}).status_code == 200


def test_an_unexpected_failure_carries_the_request_id(
    world: World, web_as, api_as, monkeypatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(caseload, "my_caseload", broken)
    monkeypatch.setattr(parent_view, "progress", broken)
    monkeypatch.setattr(entries, "list_entries", broken)
    worker = web_as(world.worker_a)
    with TestClient(app, raise_server_exceptions=False, cookies=worker.cookies) as c:
        page = c.get("/caseload")
    api = api_as(world.worker_a)
    with TestClient(app, raise_server_exceptions=False, headers=api.headers) as c:
        answer = c.get(f"/api/v1/families/{world.family_a.id}/entries")
    for r in (page, answer):
        assert r.status_code == 500
        rid = r.headers.get("x-request-id", "")
        assert len(rid) == 32, r.headers
