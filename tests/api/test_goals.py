from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models.account import User
from app.models.audit import AuditEvent
from tests.factories import World

ApiAs = Callable[[User], TestClient]


def goal_body(*parent_ids: object) -> dict[str, object]:
    return {
        "domain": "Routines",
        "title": "Get the children to school on time",
        "why_it_matters": "Kit has missed a third of school this term.",
        "level_minus_2": "Late or absent most days",
        "level_minus_1": "Late two or three days a week",
        "level_0": "On time four days a week",
        "level_plus_1": "On time every day for a month",
        "level_plus_2": "On time every day for a term",
        "baseline_level": -2,
        "target_date": (date.today() + timedelta(weeks=10)).isoformat(),
        "parent_ids": [str(p) for p in parent_ids],
    }


def test_goal_from_proposal_to_parent_view(session: Session, world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    parent = api_as(world.parent_a)
    url = f"/api/v1/assessments/{world.assessment_a.id}/goals"
    r = worker.post(url, json=goal_body(world.mother_a.id))
    assert r.status_code == 201, r.text
    goal = r.json()
    assert goal["lifecycle_status"] == "proposed" and goal["parent_ids"] == [str(world.mother_a.id)]
    goal_url = f"/api/v1/goals/{goal['id']}"
    assert parent.get(goal_url).status_code == 404
    assert goal["id"] not in [g["id"] for g in parent.get(url).json()]
    lead = api_as(world.lead_a)
    r = lead.post(f"{goal_url}/sign-off", json={"version": 1, "decision": "changes_requested"})
    assert r.status_code == 422
    r = lead.post(
        f"{goal_url}/sign-off",
        json={"version": 1, "decision": "changes_requested", "comment": "Name the school"},
    )
    assert r.status_code == 200 and r.json()["signed_off_at"] is None
    assert (
        worker.post(f"{goal_url}/sign-off", json={"version": 1, "decision": "approve"}).status_code
        == 404
    )
    assert (
        api_as(world.lead_b)
        .post(f"{goal_url}/sign-off", json={"version": 1, "decision": "approve"})
        .status_code
        == 404
    )
    r = lead.post(f"{goal_url}/sign-off", json={"version": 1, "decision": "approve"})
    assert r.status_code == 200
    assert r.json()["lifecycle_status"] == "active" and r.json()["signed_off_at"]
    seen = parent.get(goal_url)
    assert seen.status_code == 200 and seen.json()["parent_ids"] == [str(world.mother_a.id)]
    reads = session.exec(
        select(AuditEvent).where(AuditEvent.action == "read", AuditEvent.entity_id == goal["id"])
    ).all()
    assert [e.actor_id for e in reads] == [world.parent_a.id]


def test_goal_rules_over_http(world: World, api_as: ApiAs) -> None:
    worker = api_as(world.worker_a)
    url = f"/api/v1/assessments/{world.assessment_a.id}/goals"
    r = worker.post(url, json=goal_body(world.child_a.id))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "parent_ids"]
    assert worker.post(url, json=goal_body()).status_code == 422
    goal_url = f"/api/v1/goals/{world.goal_a.id}"
    r = worker.patch(goal_url, json={"version": 1, "level_plus_2": "Something else"})
    assert r.status_code == 409
    assert "cannot change once progress has been recorded" in r.json()["detail"]
    r = worker.patch(goal_url, json={"version": 1, "title": "Keep every room safe"})
    assert r.status_code == 200 and r.json()["signed_off_at"] is None and r.json()["version"] == 2
    stale = worker.patch(goal_url, json={"version": 1, "domain": "Home"})
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2
    assert api_as(world.parent_a).patch(goal_url, json={"version": 2}).status_code == 404
    assert api_as(world.worker_b).get(goal_url).status_code == 404
    assert worker.patch(goal_url, json={"version": 2, "weight": 1e308}).status_code == 422
    assert worker.patch(goal_url, json={"version": 2, "title": None}).status_code == 422
