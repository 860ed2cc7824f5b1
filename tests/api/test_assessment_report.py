"""The assessment report as a workflow through the API: drafts, submission, approval."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.models.account import Role, User
from app.models.audit import AuditEvent
from app.models.report import SectionDraft
from tests import factories
from tests.factories import World

ApiAs = Callable[[User], TestClient]
SECTIONS = ("lived_experience", "parents_views", "analysis", "recommendation")


def _url(world: World, tail: str = "") -> str:
    return f"/api/v1/assessments/{world.assessment_a.id}/report{tail}"


def _write_all(api: TestClient, world: World) -> dict:
    body: dict = {}
    for section in SECTIONS:
        r = api.put(
            _url(world, f"/sections/{section}"), json={"text": f"About {section}.", "version": 0}
        )
        assert r.status_code == 200, r.text
        body = r.json()
    return body


def test_every_draft_is_kept_and_a_stale_save_is_refused(
    session: Session, world: World, api_as: ApiAs
) -> None:
    api = api_as(world.worker_a)
    r = api.get(_url(world))
    assert r.status_code == 200
    assert r.json()["status"] == "draft" and r.json()["version"] == 0
    assert r.json()["missing"] == list(SECTIONS)
    url = _url(world, "/sections/analysis")
    first = api.put(url, json={"text": "Jo engages well.", "version": 0})
    assert first.status_code == 200 and first.json()["sections"][0]["number"] == 1
    second = api.put(url, json={"text": "Jo engages well; Sam does not.", "version": 1})
    assert second.status_code == 200
    # someone who started from version 1 too is told, with the current text
    stale = api_as(world.lead_a).put(url, json={"text": "Overwrite", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["sections"]["analysis"]["text"] == (
        "Jo engages well; Sam does not."
    )
    body = api.get(_url(world)).json()
    assert [d["text"] for d in body["drafts"]] == [
        "Jo engages well.",
        "Jo engages well; Sam does not.",
    ]
    assert body["sections"][0]["written_by_name"] == world.worker_a.display_name
    rows = session.exec(select(SectionDraft).order_by(col(SectionDraft.number))).all()
    assert [d.number for d in rows] == [1, 2]  # nothing overwritten


def test_bad_input_names_the_field(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    url = _url(world, "/sections/analysis")
    for body, field in (
        ({"text": "   ", "version": 0}, "text"),
        ({"text": "bad \x00 text", "version": 0}, "text"),
        ({"text": "x" * 50_001, "version": 0}, "text"),
        ({"text": "fine", "version": -1}, "version"),
        ({"text": "fine"}, "version"),
    ):
        r = api.put(url, json=body)
        assert r.status_code == 422, body
        assert r.json()["detail"][0]["loc"][-1] == field
    assert (
        api.put(_url(world, "/sections/nonsense"), json={"text": "x", "version": 0}).status_code
        == 422
    )
    r = api.post(_url(world, "/submit"), json={"version": 0})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "sections"]
    assert "lived experience" in r.json()["detail"][0]["msg"]


def test_submit_return_resubmit_approve(session: Session, world: World, api_as: ApiAs) -> None:
    worker, lead = api_as(world.worker_a), api_as(world.lead_a)
    written = _write_all(worker, world)
    assert written["missing"] == [] and written["version"] == 4
    assert worker.post(_url(world, "/submit"), json={"version": 3}).status_code == 409
    r = worker.post(_url(world, "/submit"), json={"version": 4})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert r.json()["author"]["name"] == world.worker_a.display_name
    # locked while the team lead has it
    locked = worker.put(_url(world, "/sections/analysis"), json={"text": "New", "version": 1})
    assert locked.status_code == 409
    # the worker cannot approve; another team's lead and parents cannot see it
    # a social worker may not decide: answered as missing, like any refusal by role
    assert worker.post(_url(world, "/approve"), json={"version": 5}).status_code == 404
    assert (
        api_as(world.lead_b).post(_url(world, "/approve"), json={"version": 5}).status_code == 404
    )
    assert api_as(world.lead_b).get(_url(world)).status_code == 404
    assert api_as(world.parent_a).get(_url(world)).status_code == 404
    assert (
        api_as(world.parent_a).post(_url(world, "/approve"), json={"version": 5}).status_code == 404
    )
    assert api_as(world.admin).get(_url(world)).status_code in (403, 404)
    # returning needs a comment
    r = lead.post(_url(world, "/return"), json={"version": 5, "comment": " "})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "comment"]
    r = lead.post(_url(world, "/return"), json={"version": 5, "comment": "Say more about Sam."})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    r = worker.put(_url(world, "/sections/analysis"), json={"text": "About Sam too.", "version": 1})
    assert r.status_code == 200 and r.json()["version"] == 7
    assert worker.post(_url(world, "/submit"), json={"version": 7}).status_code == 200
    # the team lead approves the version they read, not an older one
    assert lead.post(_url(world, "/approve"), json={"version": 7}).status_code == 409
    r = lead.post(_url(world, "/approve"), json={"version": 8})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "approved"
    assert body["approver"]["name"] == world.lead_a.display_name
    assert body["approver"]["role"] == "Team lead"
    assert [d["action"] for d in body["decisions"]] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert body["decisions"][1]["comment"] == "Say more about Sam."
    # final once approved
    late = worker.put(_url(world, "/sections/analysis"), json={"text": "Later", "version": 2})
    assert late.status_code == 409
    assert lead.post(_url(world, "/approve"), json={"version": 9}).status_code == 409
    assert lead.get(_url(world)).json()["status"] == "approved"
    actions = session.exec(
        select(AuditEvent.action).where(AuditEvent.entity == "assessmentreport")
    ).all()
    assert {"submitted", "returned", "approved", "read"} <= set(actions)
    assert session.exec(
        select(AuditEvent).where(AuditEvent.entity == "sectiondraft", AuditEvent.action == "create")
    ).all()


def test_the_author_cannot_approve_their_own_report(
    session: Session, world: World, api_as: ApiAs
) -> None:
    lead = api_as(world.lead_a)
    _write_all(lead, world)
    assert lead.post(_url(world, "/submit"), json={"version": 4}).status_code == 200
    r = lead.post(_url(world, "/approve"), json={"version": 5})
    assert r.status_code == 403 and "another team lead" in r.json()["detail"]
    other = factories.user(session, "Ola Penrose", Role.team_lead, world.team_a)
    session.commit()
    r = api_as(other).post(_url(world, "/approve"), json={"version": 5})
    assert r.status_code == 200
    assert r.json()["author"]["name"] == world.lead_a.display_name
    assert r.json()["approver"]["name"] == "Ola Penrose"
