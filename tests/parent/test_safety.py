"""Safety and privacy of the parent pages: titles, addresses, the JSON API, query counts."""

import re
from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.account import User
from app.models.plan import Milestone
from tests import factories
from tests.factories import World
from tests.parent.helpers import sign_in


def _parent_pages(world: World) -> list[str]:
    return [
        "/your-plan",
        f"/your-plan/goals/{world.goal_a.id}",
        "/your-progress",
        f"/your-progress/entries/{world.shared_entry_a.id}",
    ]


def _case_words(world: World) -> list[str]:
    """Names and case details that must never be in a title or an address."""
    return [
        "Ashdown",
        "Jo",
        "Lee",
        "Kit",
        world.family_a.case_reference,
        world.goal_a.title,
        world.worker_a.display_name,
        "Brockley",
    ]


def test_titles_and_addresses_carry_no_names(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    for path in _parent_pages(world):
        page = client.get(path)
        assert page.status_code == 200
        title = re.search(r"<title>(.*?)</title>", page.text, re.S)
        assert title is not None
        assert title.group(1).strip().endswith("– Capacity to Change Tracker")
        addresses = re.findall(r'(?:href|action)="(/[^"]*)"', page.text)
        for word in _case_words(world):
            assert word not in title.group(1), (path, word)
            assert word not in path
            assert all(word not in a for a in addresses), (path, word)
        assert 'id="exit-this-page"' in page.text


def test_json_api_never_gives_a_parent_internal_or_other_family_data(
    api_as: Callable[[User], TestClient], world: World
) -> None:
    from app.main import app

    api = api_as(world.parent_a)
    # what to try for each kind of id in an address: own, internal or unsigned, other family
    candidates = {
        "family_id": [world.family_a.id, world.family_b.id],
        "goal_id": [world.goal_a.id, world.goal_a_unsigned.id, world.goal_b.id],
        "entry_id": [world.shared_entry_a.id, world.internal_entry_a.id, world.entry_b.id],
        "milestone_id": [world.milestone_a.id],
        "reward_id": [world.reward_a.id],
        "consequence_id": [world.consequence_a.id],
        "assessment_id": [world.assessment_a.id],
    }
    secrets = [
        world.internal_entry_a.observation,
        world.goal_a_unsigned.title,
        world.goal_b.title,
        world.family_b.case_reference,
        "Brockley",
        str(world.internal_entry_a.id),
        str(world.entry_b.id),
    ]
    seen_ok = 0
    # every GET of the JSON API, from its schema (so new routes are covered too)
    paths = [
        p
        for p, methods in TestClient(app).get("/api/v1/openapi.json").json()["paths"].items()
        if "get" in methods
    ]
    assert len(paths) > 10
    for api_path in paths:
        if api_path.endswith((".pdf", ".docx")) or "/reports" in api_path:
            continue
        names = re.findall(r"\{([^}]+)\}", api_path)
        tries = candidates.get(names[0], [world.family_b.id]) if names else [None]
        for some_id in tries:
            path = re.sub(r"\{[^}]+\}", str(some_id), api_path)
            response = api.get(path)
            seen_ok += response.status_code == 200
            for secret in secrets:
                assert secret not in response.text, (path, secret)
    assert seen_ok > 0


def _add_goals(session: Session, world: World, count: int) -> None:
    for n in range(count):
        goal = factories.goal(session, world.assessment_a, [world.mother_a], title=f"Goal {n}")
        session.add(
            Milestone(
                goal_id=goal.id,
                family_id=goal.family_id,
                description="A step",
                due_on=date.today() + timedelta(days=n),
            )
        )
        factories.entry(session, goal, world.worker_a, score=n % 5 - 2)
    session.commit()


def test_your_plan_costs_the_same_queries_for_1_or_6_goals(
    client: TestClient, session: Session, world: World, count_queries
) -> None:
    sign_in(client, session, world.parent_a)
    client.get("/your-plan")  # warm up
    with count_queries() as one_goal:
        assert client.get("/your-plan").status_code == 200
    _add_goals(session, world, 5)
    with count_queries() as six_goals:
        page = client.get("/your-plan")
    assert page.text.count('id="open-goal-') == 6
    assert six_goals.count == one_goal.count
    print(f"\n/your-plan: {one_goal.count} queries")


def test_welsh_choice_is_remembered_on_the_account(
    client: TestClient, session: Session, world: World
) -> None:
    csrf = sign_in(client, session, world.parent_a)
    assert 'lang="en"' in client.get("/your-plan").text
    response = client.post(
        "/language",
        data={"csrf_token": csrf, "language": "cy", "next": "/your-plan"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/your-plan"
    session.refresh(world.parent_a)
    assert world.parent_a.language == "cy"
    # a new browser (no language cookie) still gets Welsh
    client.cookies.clear()
    sign_in(client, session, world.parent_a)
    page = client.get("/your-plan")
    assert 'lang="cy"' in page.text
    assert "<title>Eich cynllun – Traciwr Gallu i Newid</title>" in page.text
    assert "Gadael y dudalen hon" in page.text
    assert "Your plan" not in page.text


def test_welsh_before_sign_in_is_kept_in_a_cookie(client: TestClient, world: World) -> None:
    from app.web import cookies

    sign_in_page = client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', sign_in_page.text)
    assert token is not None
    response = client.post(
        "/language",
        data={"csrf_token": token.group(1), "language": "cy", "next": "/sign-in"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.cookies.get(cookies.name("cct_language")) == "cy"
    assert 'lang="cy"' in client.get("/sign-in").text


def test_language_switch_needs_the_csrf_token(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    response = client.post("/language", data={"language": "cy"}, follow_redirects=False)
    assert response.status_code == 403
    session.refresh(world.parent_a)
    assert world.parent_a.language == "en"


def test_exit_link_works_without_javascript(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a)
    page = client.get("/your-progress").text
    assert re.search(
        r'<a href="https://www.bbc.co.uk/weather"[^>]*govuk-exit-this-page__button', page
    ) or ('href="https://www.bbc.co.uk/weather"' in page and "govuk-exit-this-page__button" in page)
