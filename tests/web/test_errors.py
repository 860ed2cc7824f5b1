import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.main import app
from app.models.audit import AuditEvent
from app.services.views import caseload


def test_unknown_page_is_a_gov_uk_404(world, web_as) -> None:
    r = web_as(world.worker_a).get("/no-such-page")
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert "Page not found" in r.text


def test_another_teams_family_is_page_not_found_and_audited(world, web_as, session) -> None:
    r = web_as(world.worker_a).get(f"/families/{world.family_b.id}")
    assert r.status_code == 404
    assert "Page not found" in r.text
    assert "Brockley" not in r.text
    denied = session.exec(
        select(AuditEvent).where(AuditEvent.outcome == "denied", AuditEvent.entity == "family")
    ).all()
    assert [e.actor_id for e in denied] == [world.worker_a.id]


def test_missing_family_and_malformed_id_look_the_same(world, web_as) -> None:
    c = web_as(world.worker_a)
    missing = c.get(f"/families/{uuid.uuid4()}")
    malformed = c.get("/families/not-an-id")
    assert missing.status_code == malformed.status_code == 404
    assert "Page not found" in malformed.text


def test_api_keeps_json_errors(world, api_as, client) -> None:
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == {"detail": "Sign in with a valid API token"}
    r = api_as(world.worker_a).get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/json"


def test_parent_cannot_open_staff_pages(world, web_as) -> None:
    c = web_as(world.parent_a)
    for path in ("/caseload", "/team"):
        r = c.get(path)
        assert r.status_code == 404
        assert "Page not found" in r.text
    assert c.get(f"/families/{world.family_b.id}").status_code == 404


def test_admin_sees_no_case_records(world, web_as) -> None:
    c = web_as(world.admin)
    assert c.get("/caseload").status_code == 404
    assert c.get(f"/families/{world.family_a.id}").status_code == 404


def test_unexpected_failure_is_a_sorry_page_without_details(
    world, web_as, monkeypatch, session: Session
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals: table xyz")

    monkeypatch.setattr(caseload, "my_caseload", broken)
    token_client = web_as(world.worker_a)
    with TestClient(app, raise_server_exceptions=False, cookies=token_client.cookies) as c:
        r = c.get("/caseload")
    assert r.status_code == 500
    assert "Sorry, there is a problem with the service" in r.text
    assert "secret internals" not in r.text
    assert "RuntimeError" not in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_page_for_another_role_is_missing_and_audited(world, web_as, session) -> None:
    paths = [
        (world.parent_a, f"/families/{world.family_a.id}/reports"),
        (world.admin, "/caseload"),
        (world.worker_a, "/team"),
        (world.lead_a, "/accounts"),
    ]
    for user, path in paths:
        r = web_as(user).get(path, follow_redirects=False)
        assert r.status_code == 404, path
        assert "Page not found" in r.text
        denied = session.exec(
            select(AuditEvent).where(AuditEvent.actor_id == user.id, AuditEvent.outcome == "denied")
        ).all()
        assert [(e.entity, e.entity_id) for e in denied] == [("page", path)]
