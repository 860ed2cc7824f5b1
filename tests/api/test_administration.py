"""The administrator's account and team actions in the API: admin only (404 to anyone
else, audited), 422 with the field and reason, 409 on a stale version."""

import pytest
from sqlmodel import select

from app.models.account import Role, User
from app.models.audit import AuditEvent
from app.services.errors import Invalid
from app.services.identity import accounts
from tests import factories


def test_list_filters_and_422_on_bad_filters(world, api_as) -> None:
    admin = api_as(world.admin)
    found = admin.get(
        "/api/v1/users", params={"role": "social_worker", "team_id": str(world.team_a.id)}
    )
    assert found.status_code == 200
    assert {u["display_name"] for u in found.json()} == {"Sam Okoro", "Ria Patel"}
    assert all("password_hash" not in u for u in found.json())
    for params, field in (
        ({"role": "' OR 1=1--"}, "role"),
        ({"team_id": "../../etc/passwd"}, "team_id"),
        ({"status": "gone"}, "status"),
    ):
        bad = admin.get("/api/v1/users", params=params)
        assert bad.status_code == 422
        assert bad.json()["detail"][0]["loc"] == ["query", field]


def test_everyone_else_gets_404_and_is_audited(world, api_as, session) -> None:
    for user in (world.lead_a, world.worker_a, world.parent_a):
        client = api_as(user)
        assert client.get("/api/v1/users").status_code == 404
        assert client.get("/api/v1/teams").status_code == 404
        assert client.post("/api/v1/teams", json={"name": "Sneaky"}).status_code == 404
        patch = client.patch(f"/api/v1/users/{world.worker_a.id}", json={"role": "admin"})
        assert patch.status_code == 404
        assert client.delete(f"/api/v1/users/{world.worker_a.id}/two-step").status_code == 404
    denied = session.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == world.parent_a.id, AuditEvent.outcome == "denied"
        )
    ).all()
    session.commit()
    assert len(denied) >= 5
    assert session.get(User, world.worker_a.id).role == Role.social_worker


def test_change_role_needs_confirmation_and_current_version(world, api_as, session) -> None:
    admin = api_as(world.admin)
    seen = admin.get(f"/api/v1/users/{world.worker_a.id}").json()
    body = {"role": "social_worker", "team_id": str(world.team_b.id), "version": seen["version"]}
    asked = admin.patch(f"/api/v1/users/{world.worker_a.id}", json=body)
    assert asked.status_code == 422
    assert asked.json()["detail"][0]["loc"] == ["body", "confirm_unallocated"]
    moved = admin.patch(
        f"/api/v1/users/{world.worker_a.id}", json=body | {"confirm_unallocated": True}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["unallocated_families"] == 1
    assert moved.json()["user"]["team_id"] == str(world.team_b.id)
    stale = admin.patch(f"/api/v1/users/{world.worker_a.id}", json=body | {"role": "team_lead"})
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == seen["version"] + 1
    assert "password_hash" not in stale.json()["current"]
    bad = admin.patch(f"/api/v1/users/{world.worker_a2.id}", json={"role": "boss"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "role"]
    parent = admin.patch(
        f"/api/v1/users/{world.parent_a.id}",
        json={"role": "social_worker", "team_id": str(world.team_a.id)},
    )
    assert parent.status_code == 422 and parent.json()["detail"][0]["loc"] == ["body", "role"]


def test_last_admin_is_kept(world, api_as, session) -> None:
    admin = api_as(world.admin)
    demote = admin.patch(
        f"/api/v1/users/{world.admin.id}",
        json={"role": "team_lead", "team_id": str(world.team_a.id)},
    )
    assert demote.status_code == 422
    assert "at least one active administrator" in demote.json()["detail"][0]["msg"]
    other = factories.user(session, "Bea Backup", Role.admin)
    session.commit()
    # with Bea there, Ada may be disabled; then Bea is the last and nobody can disable her
    bea = api_as(other)
    assert bea.post(f"/api/v1/users/{world.admin.id}/disable").status_code == 200
    with pytest.raises(Invalid) as refused:
        accounts.set_active(session, None, other.id, False)
    assert refused.value.field == "is_active" and "at least one" in refused.value.message


def test_disable_with_stale_version_is_409(world, api_as) -> None:
    admin = api_as(world.admin)
    answer = admin.post(f"/api/v1/users/{world.worker_a.id}/disable", json={"version": 99})
    assert answer.status_code == 409
    ok = admin.post(
        f"/api/v1/users/{world.worker_a.id}/disable", json={"version": world.worker_a.version}
    )
    assert ok.status_code == 200 and ok.json()["is_active"] is False


def test_teams(world, api_as) -> None:
    admin = api_as(world.admin)
    made = admin.post("/api/v1/teams", json={"name": "Northgate Team"})
    assert made.status_code == 201
    team_id = made.json()["id"]
    assert admin.post("/api/v1/teams", json={"name": "northgate team"}).status_code == 422
    blank = admin.post("/api/v1/teams", json={"name": "   "})
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"] == ["body", "name"]
    assert admin.patch(f"/api/v1/teams/{team_id}", json={"name": "Eastgate"}).json()["name"] == (
        "Eastgate"
    )
    listed = {t["name"]: t for t in admin.get("/api/v1/teams").json()}
    assert listed["Riverside Team"]["families"] == 1 and listed["Eastgate"]["members"] == 0
    busy = admin.delete(f"/api/v1/teams/{world.team_a.id}")
    assert busy.status_code == 422 and busy.json()["detail"][0]["loc"] == ["body", "team_id"]
    assert admin.delete(f"/api/v1/teams/{team_id}").status_code == 204
    assert admin.patch(f"/api/v1/teams/{team_id}", json={"name": "Again"}).status_code == 404
