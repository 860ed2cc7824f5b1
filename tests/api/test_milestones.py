from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from app.models.account import User
from tests.factories import World

ApiAs = Callable[[User], TestClient]


def test_milestone_outcome_sets_off_rewards(world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    url = f"/api/v1/milestones/{world.milestone_a.id}"
    today = date.today().isoformat()
    r = worker.post(
        f"{url}/outcome",
        json={"version": 1, "status": "achieved", "occurred_on": today, "note": "Both rooms safe"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["milestone"]["status"] == "achieved" and body["milestone"]["achieved_on"] == today
    assert [x["id"] for x in body["rewards_earned"]] == [str(world.reward_a.id)]
    assert body["rewards_earned"][0]["status"] == "earned"
    assert body["consequences_due"] == []
    again = worker.post(
        f"{url}/outcome", json={"version": 2, "status": "missed", "occurred_on": today}
    )
    assert again.status_code == 409
    reward = worker.get(f"/api/v1/rewards/{world.reward_a.id}").json()
    assert reward["status"] == "earned"


def test_missed_milestone_makes_consequence_due(world: World, api_as: ApiAs) -> None:
    r = api_as(world.worker_a).post(
        f"/api/v1/milestones/{world.milestone_a.id}/outcome",
        json={"version": 1, "status": "missed", "occurred_on": date.today().isoformat()},
    )
    assert r.status_code == 200
    assert [x["status"] for x in r.json()["consequences_due"]] == ["due"]
    assert r.json()["rewards_earned"] == []


def test_milestone_input_and_access(world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    url = f"/api/v1/milestones/{world.milestone_a.id}"
    for bad in (
        {"version": 1, "status": "pending", "occurred_on": "2026-01-01"},
        {"version": 1, "status": "achieved", "occurred_on": "9999-12-31"},
        {"version": 0, "status": "achieved", "occurred_on": "2026-01-01"},
    ):
        assert worker.post(f"{url}/outcome", json=bad).status_code == 422, bad
    r = worker.post(
        f"/api/v1/goals/{world.goal_a_unsigned.id}/milestones",
        json={"description": "Two sessions in a row", "due_on": "2999-01-01"},
    )
    assert r.status_code == 201
    hidden = r.json()["id"]
    parent = api_as(world.parent_a2)
    assert parent.get(f"/api/v1/milestones/{hidden}").status_code == 404
    assert parent.get(f"/api/v1/goals/{world.goal_a_unsigned.id}/milestones").status_code == 404
    assert [m["id"] for m in parent.get(f"/api/v1/goals/{world.goal_a.id}/milestones").json()] == [
        str(world.milestone_a.id)
    ]
    outcome = {"version": 1, "status": "achieved", "occurred_on": date.today().isoformat()}
    assert parent.post(f"{url}/outcome", json=outcome).status_code == 404
    assert api_as(world.parent_b).get(url).status_code == 404
    r = worker.patch(
        f"/api/v1/milestones/{hidden}",
        json={"version": 1, "due_on": (date.today() + timedelta(days=3)).isoformat()},
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    assert worker.patch(f"/api/v1/milestones/{hidden}", json={"version": 1}).status_code == 409
