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
    assert r.json()["decision_date"] == (issued + timedelta(days=181)).isoformat()
    listed = api.get(family_url).json()
    assert [a["status"] for a in listed] == ["open", "closed"]


def test_assessment_access_and_input(world: World, api_as: ApiAs) -> None:
    url = f"/api/v1/assessments/{world.assessment_a.id}"
    assert api_as(world.worker_b).get(url).status_code == 404
    assert api_as(world.parent_b).get(url).status_code == 404
    assert api_as(world.parent_a).patch(url, json={"version": 1}).status_code == 404
    api = api_as(world.worker_a)
    assert api.patch(url, json={"version": 1, "review_interval_weeks": 10**12}).status_code == 422
    assert api.patch(url, json={"version": 1, "decision_date": None}).status_code == 422
    r = api.patch(url, json={"version": 1, "outcome": "bad \x00 text"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "outcome"]


def test_record_and_correct_an_extension_through_the_api(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/timescale-extensions"
    issued = world.family_a.proceedings_issued_on
    body = {"granted_on": date.today().isoformat(), "weeks": 6, "reason": "Expert report due"}
    r = api.post(url, json=body)
    assert r.status_code == 201
    assert r.json()["extended_to"] == (issued + timedelta(days=181 + 42)).isoformat()
    a = api.get(f"/api/v1/assessments/{world.assessment_a.id}").json()
    assert a["decision_date"] == r.json()["extended_to"]
    too_long = api.post(url, json=body | {"weeks": 9})
    assert too_long.status_code == 422 and "weeks" in str(too_long.json())
    wrong = api.post(
        f"/api/v1/timescale-extensions/{r.json()['id']}/entered-in-error",
        json={"reason": "Wrong family"},
    )
    assert wrong.status_code == 200 and wrong.json()["entered_in_error_reason"] == "Wrong family"
    listed = api.get(url).json()
    assert [e["extended_to"] for e in listed] == [None]
    a = api.get(f"/api/v1/assessments/{world.assessment_a.id}").json()
    assert a["decision_date"] == (issued + timedelta(days=181)).isoformat()
    # another team's worker cannot see the family: 404 like a missing one
    assert api_as(world.worker_b).post(url, json=body).status_code == 404
