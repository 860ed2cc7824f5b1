from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from app.models.account import User
from tests.factories import World

ApiAs = Callable[[User], TestClient]


def test_assessment_lifecycle(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    family_url = f"/api/v1/families/{world.family_a.id}/assessments"
    r = api.post(family_url, json={"started_on": date.today().isoformat()})
    assert r.status_code == 409 and r.json()["current"]["status"] == "open"
    url = f"/api/v1/assessments/{world.assessment_a.id}"
    r = api.patch(url, json={"version": 1, "status": "closed", "outcome": "Enough change"})
    assert r.status_code == 200
    assert r.json()["closed_on"] == date.today().isoformat() and r.json()["version"] == 2
    assert api.patch(url, json={"version": 1, "outcome": "x"}).json()["current"]["version"] == 2
    r = api.post(family_url, json={"started_on": date.today().isoformat()})
    assert r.status_code == 201
    issued = world.family_a.proceedings_issued_on
    assert issued is not None
    assert r.json()["decision_date"] == (issued + timedelta(weeks=26)).isoformat()
    listed = api.get(family_url).json()
    assert [a["status"] for a in listed] == ["open", "closed"]


def test_assessment_access_and_input(world: World, api_as: ApiAs) -> None:
    url = f"/api/v1/assessments/{world.assessment_a.id}"
    assert api_as(world.worker_b).get(url).status_code == 404
    assert api_as(world.parent_b).get(url).status_code == 404
    assert api_as(world.parent_a).patch(url, json={"version": 1}).status_code == 403
    api = api_as(world.worker_a)
    assert api.patch(url, json={"version": 1, "review_interval_weeks": 10**12}).status_code == 422
    assert api.patch(url, json={"version": 1, "decision_date": None}).status_code == 422
    r = api.patch(url, json={"version": 1, "analysis": "bad \x00 text"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "analysis"]
