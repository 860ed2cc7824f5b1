from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.models.audit import AuditEvent


def test_family_page_shows_members_status_and_clock(world, web_as, session) -> None:
    r = web_as(world.worker_a).get(f"/families/{world.family_a.id}")
    assert r.status_code == 200
    html = r.text
    assert '<h1 class="govuk-heading-l">Ashdown family</h1>' in html
    assert "CCT-A-0001" in html
    assert "Care proceedings" in html
    assert "18 weeks left" in html
    for name in ("Jo Ashdown", "Lee Ashdown", "Kit Ashdown"):
        assert name in html
    assert "Child (son)" in html
    reads = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "family", AuditEvent.action == "read")
    ).all()
    assert [(e.actor_id, e.family_id) for e in reads] == [(world.worker_a.id, world.family_a.id)]


def test_team_lead_opens_a_team_family_but_not_another_teams(world, web_as) -> None:
    lead = web_as(world.lead_a)
    assert lead.get(f"/families/{world.family_a.id}").status_code == 200
    assert lead.get(f"/families/{world.family_b.id}").status_code == 404


def test_app_starts_before_assets_are_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from app.web import setup

    monkeypatch.setattr(setup, "STATIC_DIR", tmp_path / "missing")
    from app.main import create_app

    with TestClient(create_app()) as c:
        assert c.get("/sign-in").status_code == 200
        assert c.get("/static/vendor/htmx.min.js").status_code == 404
        assert c.get("/assets/fonts/bold-b542beb274-v2.woff2").status_code == 404
