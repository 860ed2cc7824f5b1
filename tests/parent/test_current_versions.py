"""A parent reaches only the current, shared version of a record, and nothing derived from more."""

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.account import User
from app.models.plan import Consequence, Trigger
from tests.factories import World
from tests.parent.helpers import sign_in


def _amend(api: TestClient, entry_id: object, **changes: object) -> str:
    r = api.post(f"/api/v1/entries/{entry_id}/amendments", json={"reason": "r", **changes})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_an_entry_amended_to_internal_is_gone_by_its_old_id(
    session: Session, world: World, client: TestClient, api_as: Callable[[User], TestClient]
) -> None:
    """Regression: the earlier, shared version stayed readable by its old id (API and page)."""
    old = world.shared_entry_a
    _amend(api_as(world.worker_a), old.id, visibility="internal")
    sign_in(client, session, world.parent_a)
    assert api_as(world.parent_a).get(f"/api/v1/entries/{old.id}").status_code == 404
    page = client.get(f"/your-progress/entries/{old.id}")
    assert page.status_code == 404
    assert old.observation not in page.text


def test_an_entry_entered_in_error_is_gone_by_its_id(
    session: Session, world: World, client: TestClient, api_as: Callable[[User], TestClient]
) -> None:
    """Regression: the earlier version of an entry later marked in error stayed readable."""
    old = world.shared_entry_a
    worker = api_as(world.worker_a)
    new_id = _amend(worker, old.id, gas_score=0)
    marked = worker.post(f"/api/v1/entries/{new_id}/entered-in-error", json={"reason": "Wrong"})
    assert marked.status_code == 200, marked.text
    sign_in(client, session, world.parent_a)
    for entry_id in (old.id, new_id):
        assert api_as(world.parent_a).get(f"/api/v1/entries/{entry_id}").status_code == 404
        assert client.get(f"/your-progress/entries/{entry_id}").status_code == 404


def test_an_old_shared_version_offers_no_view_and_the_current_one_does(
    session: Session, world: World, client: TestClient, api_as: Callable[[User], TestClient]
) -> None:
    """Regression: an old version carried no "corrected" mark and still offered "Add your view"."""
    old = world.shared_entry_a
    new_id = _amend(api_as(world.worker_a), old.id, observation="Kitchen tidy; gate fitted.")
    csrf = sign_in(client, session, world.parent_a)
    assert client.get(f"/your-progress/entries/{old.id}").status_code == 404
    refused = client.post(
        f"/your-progress/entries/{old.id}/your-view",
        data={"stance": "agree", "text": "Yes", "csrf_token": csrf},
        headers={"X-CSRF-Token": csrf},
    )
    assert refused.status_code in (404, 422)
    current = client.get(f"/your-progress/entries/{new_id}")
    assert current.status_code == 200
    assert "Kitchen tidy; gate fitted." in current.text
    assert 'name="stance"' in current.text


def test_a_relapse_note_never_quotes_an_entry_the_parent_may_not_see(
    session: Session, world: World, client: TestClient, api_as: Callable[[User], TestClient]
) -> None:
    """Regression: a shared relapse note quoted the score and date of an internal entry."""
    internal = world.internal_entry_a  # scored 0, three days ago, internal
    day = f"{internal.occurred_on.day} {internal.occurred_on:%B %Y}"  # the one typography
    quoted = f"level: 0 on {day}"
    worker = api_as(world.worker_a)
    consequence = Consequence(
        family_id=world.family_a.id,
        goal_id=world.goal_a.id,
        description="Contact supervised again after a relapse",
        trigger=Trigger.relapse,
    )
    session.add(consequence)
    session.commit()
    made = worker.post(
        f"/api/v1/goals/{world.goal_a.id}/entries",
        json={
            "occurred_on": date.today().isoformat(),
            "gas_score": -1,
            "observation": "Kitchen unsafe again",
            "source": "home_visit",
            "visibility": "shared",
        },
    )
    assert made.status_code == 201, made.text
    staff = worker.get(f"/api/v1/families/{world.family_a.id}/timeline").text
    assert quoted in staff  # the worker sees the relapse and why
    sign_in(client, session, world.parent_a)
    parent = api_as(world.parent_a)
    for text in (
        parent.get(f"/api/v1/families/{world.family_a.id}/timeline").text,
        client.get("/your-progress").text,
        client.get(f"/your-plan/goals/{world.goal_a.id}").text,
    ):
        assert "Kitchen unsafe again" in text
        assert quoted not in text
        assert day not in text
    # the consequence the relapse set off is due for the worker; for the parent it rests
    # on an entry they may not see, so it shows as what was agreed
    path = f"/api/v1/consequences/{consequence.id}"
    assert worker.get(path).json()["status"] == "due"
    assert parent.get(path).json()["status"] == "agreed"
    listed = parent.get(f"/api/v1/families/{world.family_a.id}/consequences").json()
    assert {c["status"] for c in listed if c["id"] == str(consequence.id)} == {"agreed"}
