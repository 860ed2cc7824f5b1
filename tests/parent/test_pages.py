"""The parent pages: what they show, what they never show, and the parent's own view."""

import io
from datetime import date, timedelta

import pypdf
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models.audit import AuditEvent
from app.models.evidence import Stance
from app.models.family import TimescaleExtensionCreate
from app.services.cases import timescale
from app.services.context import Actor
from app.services.views import timeline
from tests.factories import World
from tests.parent.helpers import sign_in

PAGES = ["/your-plan", "/your-progress"]


def _all_parent_responses(client: TestClient, world: World) -> list[str]:
    texts = [client.get(p).text for p in PAGES]
    texts.append(client.get(f"/your-plan/goals/{world.goal_a.id}").text)
    texts.append(client.get(f"/your-progress/entries/{world.shared_entry_a.id}").text)
    pdf = client.get("/your-plan.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    texts.append("\n".join(page.extract_text() for page in reader.pages))
    return texts


def test_pages_show_own_plan(client: TestClient, session: Session, world: World) -> None:
    sign_in(client, session, world.parent_a)
    page = client.get("/your-plan")
    assert page.status_code == 200
    assert world.goal_a.title in page.text
    assert world.goal_a.level_0 in page.text
    assert "Sam Okoro" in page.text
    assert 'id="exit-this-page"' in page.text
    assert "https://www.bbc.co.uk/weather" in page.text
    assert "may be used in court" in page.text


def test_internal_unsigned_and_other_family_never_appear(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    texts = _all_parent_responses(client, world)
    pdf_text = texts[-1]
    assert world.goal_a.title.split()[0] in pdf_text
    for text in texts:
        assert world.internal_entry_a.observation not in text
        assert "Neighbour" not in text
        assert world.goal_a_unsigned.title not in text
        assert world.goal_b.title not in text
        assert world.entry_b.observation not in text or world.entry_b.observation in (
            world.shared_entry_a.observation
        )
        assert "Brockley" not in text
        assert world.family_a.case_reference not in text


def test_other_familys_goal_and_entry_are_not_found(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    assert client.get(f"/your-plan/goals/{world.goal_b.id}").status_code == 404
    assert client.get(f"/your-plan/goals/{world.goal_a_unsigned.id}").status_code == 404
    assert client.get(f"/your-progress/entries/{world.entry_b.id}").status_code == 404
    assert client.get(f"/your-progress/entries/{world.internal_entry_a.id}").status_code == 404


def test_disagreement_reaches_staff_timeline(
    client: TestClient, session: Session, world: World
) -> None:
    csrf = sign_in(client, session, world.parent_a)
    response = client.post(
        f"/your-plan/goals/{world.goal_a.id}/your-view",
        data={"csrf_token": csrf, "stance": "disagree", "text": "The stair gate was fitted."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    # the top of the goal's page, where the banner is, not the list of views below
    assert response.headers["location"] == f"/your-plan/goals/{world.goal_a.id}"
    staff = timeline.family_timeline(session, Actor(world.worker_a), world.family_a.id)
    comments = [i for i in staff.items if i.kind == "parent_comment"]
    assert [(c.label, c.text, c.recorded_by_name) for c in comments] == [
        (Stance.disagree.value, "The stair gate was fitted.", "Jo Ashdown")
    ]
    page = client.get(f"/your-plan/goals/{world.goal_a.id}")
    assert "The stair gate was fitted." in page.text
    assert "You did not agree" in page.text


def test_view_on_shared_entry(client: TestClient, session: Session, world: World) -> None:
    csrf = sign_in(client, session, world.parent_a)
    response = client.post(
        f"/your-progress/entries/{world.shared_entry_a.id}/your-view",
        data={"csrf_token": csrf, "stance": "agree", "text": "Yes, that is right."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    staff = timeline.family_timeline(session, Actor(world.worker_a), world.family_a.id)
    assert any(i.text == "Yes, that is right." for i in staff.items)


def test_bad_view_shows_errors_and_keeps_text(
    client: TestClient, session: Session, world: World
) -> None:
    csrf = sign_in(client, session, world.parent_a)
    response = client.post(
        f"/your-plan/goals/{world.goal_a.id}/your-view",
        data={"csrf_token": csrf, "stance": "", "text": "Kept words"},
    )
    assert response.status_code == 422
    assert "govuk-error-summary" in response.text
    assert 'href="#stance"' in response.text
    assert "Kept words" in response.text
    empty = client.post(
        f"/your-plan/goals/{world.goal_a.id}/your-view",
        data={"csrf_token": csrf, "stance": "agree", "text": "   "},
    )
    assert empty.status_code == 422
    assert 'href="#your-view"' in empty.text


def test_view_without_csrf_token_is_refused(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    response = client.post(
        f"/your-plan/goals/{world.goal_a.id}/your-view",
        data={"stance": "agree", "text": "Hello"},
    )
    assert response.status_code == 403


def test_staff_cannot_open_parent_pages(client: TestClient, session: Session, world: World) -> None:
    """A parent's page asked for by staff looks missing (404), and the refusal is audited."""
    sign_in(client, session, world.worker_a)
    for path in ("/your-plan", "/your-progress"):
        assert client.get(path).status_code == 404
    refused = session.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == world.worker_a.id, AuditEvent.outcome == "denied"
        )
    ).all()
    assert len(refused) >= 2


def test_plan_states_the_timescale_rule_and_extension(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    rule = "The law gives the court 26 weeks to decide what is best for your child"
    assert rule in client.get("/your-plan").text
    extension = TimescaleExtensionCreate(granted_on=date.today(), weeks=3, reason="Expert late")
    timescale.record_extension(session, Actor(world.worker_a), world.family_a.id, extension)
    page = client.get("/your-plan").text
    assert "The court has added 3 weeks." in page
    issued = world.family_a.proceedings_issued_on
    due = issued + timedelta(days=181 + 21)  # type: ignore[operator]
    assert f"{due.day} {due:%B %Y}" in page
