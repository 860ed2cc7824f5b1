import uuid
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models.account import User
from app.models.evidence import PlanEvent
from tests.factories import World

ApiAs = Callable[[User], TestClient]


def decision(
    status: str, version: int, note: str = "As agreed at the meeting"
) -> dict[str, object]:
    return {
        "version": version,
        "status": status,
        "occurred_on": date.today().isoformat(),
        "note": note,
    }


def test_reward_from_agreed_to_given(session: Session, world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    r = worker.post(
        f"/api/v1/families/{world.family_a.id}/rewards",
        json={"goal_id": str(world.goal_a.id), "description": "Choose the weekend outing"},
    )
    assert r.status_code == 201 and r.json()["trigger"] == "manual"
    url = f"/api/v1/rewards/{r.json()['id']}"
    assert worker.post(f"{url}/decision", json=decision("given", 1)).status_code == 409
    assert worker.post(f"{url}/decision", json=decision("earned", 1, note="")).status_code == 422
    assert worker.post(f"{url}/decision", json=decision("earned", 1)).json()["status"] == "earned"
    stale = worker.post(f"{url}/decision", json=decision("given", 1))
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2
    given = worker.post(f"{url}/decision", json=decision("given", 2))
    assert given.status_code == 200 and given.json()["status"] == "given"
    events = session.exec(
        select(PlanEvent.kind).where(PlanEvent.reward_id == uuid.UUID(r.json()["id"]))
    ).all()
    assert sorted(events) == ["reward_earned", "reward_given"]
    parent = api_as(world.parent_a)
    assert parent.get(url).json()["status"] == "given"
    assert parent.post(f"{url}/decision", json=decision("withdrawn", 3)).status_code == 404


def test_consequence_routes(world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    url = f"/api/v1/consequences/{world.consequence_a.id}"
    r = worker.post(f"{url}/decision", json=decision("due", 1))
    assert r.status_code == 409 and "when its milestone is missed" in r.json()["detail"]
    r = worker.patch(url, json={"version": 1, "description": "Raised at the PLO meeting"})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = worker.post(f"{url}/decision", json=decision("waived", 2))
    assert r.status_code == 200 and r.json()["status"] == "waived"
    assert worker.patch(url, json={"version": 3, "description": "Too late"}).status_code == 409
    listed = worker.get(f"/api/v1/families/{world.family_a.id}/consequences").json()
    assert [c["status"] for c in listed] == ["waived"]


def test_links_and_visibility(world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    rewards = f"/api/v1/families/{world.family_a.id}/rewards"
    r = worker.post(rewards, json={"goal_id": str(world.goal_b.id), "description": "Cinema"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "goal_id"]
    assert worker.post(rewards, json={"description": "Unlinked"}).status_code == 422
    hidden = worker.post(
        rewards, json={"goal_id": str(world.goal_a_unsigned.id), "description": "Pizza night"}
    ).json()
    parent = api_as(world.parent_a)
    assert [x["id"] for x in parent.get(rewards).json()] == [str(world.reward_a.id)]
    assert parent.get(f"/api/v1/rewards/{hidden['id']}").status_code == 404
    assert api_as(world.parent_b).get(rewards).status_code == 404
    assert api_as(world.worker_b).get(f"/api/v1/rewards/{world.reward_a.id}").status_code == 404
    filtered = worker.get(rewards, params={"goal_id": str(world.goal_a_unsigned.id)}).json()
    assert [x["id"] for x in filtered] == [hidden["id"]]
