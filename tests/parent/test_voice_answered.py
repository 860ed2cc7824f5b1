"""A parent's view is answered: staff see what it is about and reply; the parent reads the reply."""

import io
from collections.abc import Callable, Iterator

import pypdf
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.main import app
from app.models.account import User
from app.models.audit import AuditEvent
from tests.factories import World
from tests.parent.helpers import sign_in

VIEW = "The stair gate was fitted the week before"
ANSWER = "Thank you, I have added this to your record"


@pytest.fixture
def web(session: Session) -> Iterator[Callable[[User], tuple[TestClient, str]]]:
    clients: list[TestClient] = []

    def make(user: User) -> tuple[TestClient, str]:
        client = TestClient(app)
        clients.append(client)
        return client, sign_in(client, session, user)

    yield make
    for client in clients:
        client.close()


def _view(api_as: Callable[[User], TestClient], world: World, **target: str) -> str:
    made = api_as(world.parent_a).post(
        f"/api/v1/families/{world.family_a.id}/comments",
        json={"stance": "disagree", "text": VIEW, **target},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _pdf(client: TestClient) -> str:
    reader = pypdf.PdfReader(io.BytesIO(client.get("/your-plan.pdf").content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_staff_see_what_each_view_is_about(
    world: World, api_as: Callable[[User], TestClient], web: Callable
) -> None:
    """Regression: "New views from parents" did not say which goal or entry a view was on."""
    on_entry = _view(api_as, world, entry_id=str(world.shared_entry_a.id))
    worker, _ = web(world.worker_a)
    page = worker.get(f"/families/{world.family_a.id}").text
    assert f'href="/entries/{world.shared_entry_a.id}"' in page
    assert f'href="/comments/{on_entry}/response"' in page
    assert world.goal_a.title in page.split('id="parents-views"')[1].split("</section>")[0]


def test_a_worker_answers_a_view_and_the_parent_reads_it(
    session: Session, world: World, api_as: Callable[[User], TestClient], web: Callable
) -> None:
    """Regression: staff could only mark a view as seen, never answer it."""
    view_id = _view(api_as, world, goal_id=str(world.goal_a.id))
    worker, csrf = web(world.worker_a)
    form = worker.get(f"/comments/{view_id}/response")
    assert form.status_code == 200
    assert VIEW in form.text
    # an empty answer: the GOV.UK error summary, the form kept
    empty = worker.post(
        f"/comments/{view_id}/response",
        data={"text": "  ", "significant": "yes", "csrf_token": csrf},
        headers={"X-CSRF-Token": csrf},
    )
    assert empty.status_code == 422
    assert "Enter your answer to this view" in empty.text
    assert 'value="yes" checked' in empty.text
    sent = worker.post(
        f"/comments/{view_id}/response",
        data={"text": ANSWER, "csrf_token": csrf},
        headers={"X-CSRF-Token": csrf},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    created = session.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == world.worker_a.id, AuditEvent.entity == "viewresponse"
        )
    ).all()
    session.commit()
    assert [e.action for e in created] == ["create"]
    # the parent sees it beside their view: goal page, progress, API, the printed plan
    mother, _ = web(world.parent_a)
    for path in (f"/your-plan/goals/{world.goal_a.id}", "/your-progress"):
        text = mother.get(path).text
        assert ANSWER in text
        assert VIEW in text
    listed = api_as(world.parent_a).get(f"/api/v1/families/{world.family_a.id}/comments").json()
    assert listed["items"][0]["responses"][0]["text"] == ANSWER
    timeline = api_as(world.parent_a).get(f"/api/v1/families/{world.family_a.id}/timeline")
    assert "view_response" in timeline.text
    # the other parent never sees the answer to her view
    father, _ = web(world.parent_a2)
    assert ANSWER not in father.get("/your-progress").text
    assert (
        ANSWER
        not in api_as(world.parent_a2).get(f"/api/v1/families/{world.family_a.id}/timeline").text
    )


def test_the_printed_plan_has_the_parents_views_and_answers(
    world: World, api_as: Callable[[User], TestClient], web: Callable
) -> None:
    """Regression: the plan PDF left out the parent's own views."""
    view_id = _view(api_as, world, goal_id=str(world.goal_a.id))
    mother, _ = web(world.parent_a)
    assert VIEW in _pdf(mother)
    answered = api_as(world.worker_a).post(
        f"/api/v1/comments/{view_id}/responses", json={"text": ANSWER}
    )
    assert answered.status_code == 201, answered.text
    printed = _pdf(mother)
    assert VIEW in printed
    assert ANSWER in printed


def test_a_significant_view_goes_into_the_chronology_with_its_answer(
    world: World, api_as: Callable[[User], TestClient]
) -> None:
    worker = api_as(world.worker_a)
    routine = _view(api_as, world, goal_id=str(world.goal_a.id))
    assert worker.post(f"/api/v1/comments/{routine}/responses", json={"text": "Noted"}).is_success
    chronology = f"/api/v1/families/{world.family_a.id}/reports/chronology.csv"
    assert VIEW not in worker.get(chronology).text
    significant = _view(api_as, world, entry_id=str(world.shared_entry_a.id))
    answered = worker.post(
        f"/api/v1/comments/{significant}/responses", json={"text": ANSWER, "significant": True}
    )
    assert answered.status_code == 201
    text = worker.get(chronology).text
    assert VIEW in text
    assert ANSWER in text
    staff_timeline = worker.get(
        f"/api/v1/families/{world.family_a.id}/timeline?significant_only=true"
    ).json()
    assert [i["text"] for i in staff_timeline["items"] if i["kind"] == "view_response"] == [ANSWER]


def test_only_staff_answer_views(world: World, api_as: Callable[[User], TestClient]) -> None:
    view_id = _view(api_as, world, goal_id=str(world.goal_a.id))
    for user in (world.parent_a, world.admin):
        refused = api_as(user).post(f"/api/v1/comments/{view_id}/responses", json={"text": "x"})
        assert refused.status_code == 404
    outsider = api_as(world.worker_b).post(
        f"/api/v1/comments/{view_id}/responses", json={"text": "x"}
    )
    assert outsider.status_code == 404
    empty = api_as(world.worker_a).post(f"/api/v1/comments/{view_id}/responses", json={"text": ""})
    assert empty.status_code == 422
    assert "text" in empty.text
