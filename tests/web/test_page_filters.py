"""An invalid filter on a staff page is a GOV.UK error (summary and message by the filter,
422, the other filters kept), never silently dropped with a 200. The API answers 422
naming the parameter."""

import uuid

import pytest

INJECTION = "' OR 1=1--"
TRAVERSAL = "../../etc/passwd"


def test_caseload_refuses_filters_it_does_not_have(world, web_as) -> None:
    worker = web_as(world.worker_a)
    assert worker.get("/caseload").status_code == 200
    page = worker.get("/caseload", params={"goal": INJECTION})
    assert page.status_code == 422
    assert "govuk-error-summary" in page.text
    assert "This page has no filter called ‘goal’" in page.text
    # the caseload itself is still shown
    assert "Ashdown family" in page.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"show": INJECTION}, "show", "Choose which families to show"),
        ({"show": TRAVERSAL}, "show", "Choose which families to show"),
        ({"worker": INJECTION}, "worker", "Choose a worker from the list"),
        ({"worker": str(uuid.uuid4())}, "worker", "Choose a worker from the list"),
    ],
)
def test_team_dashboard_bad_filter_is_an_error(world, web_as, params, field, message) -> None:
    page = web_as(world.lead_a).get("/team", params=params)
    assert page.status_code == 422
    assert "govuk-error-summary" in page.text
    assert f'href="#{field}"' in page.text
    assert f'id="{field}-error"' in page.text and message in page.text


def test_team_dashboard_keeps_the_good_filter(world, web_as) -> None:
    lead = web_as(world.lead_a)
    page = lead.get("/team", params={"show": "overdue", "worker": TRAVERSAL})
    assert page.status_code == 422
    assert "Families with overdue milestones" in page.text
    assert 'value="overdue" selected' in page.text
    good = lead.get("/team", params={"show": "all", "worker": str(world.worker_a.id)})
    assert good.status_code == 200 and "govuk-error-summary" not in good.text
    assert "(Sam Okoro)" in good.text


def test_timeline_bad_goal_is_an_error_and_the_rest_applies(world, web_as) -> None:
    worker = web_as(world.worker_a)
    base = f"/families/{world.family_a.id}/timeline"
    page = worker.get(base, params={"goal": INJECTION, "significance": "significant"})
    assert page.status_code == 422
    assert 'href="#filter-goal"' in page.text and 'id="filter-goal-error"' in page.text
    assert "Choose a goal from the list" in page.text
    # the other filter stays chosen
    assert (
        'id="filter-significant" name="significance" type="checkbox" value="significant" checked'
        in (page.text)
    )
    other_family = worker.get(base, params={"goal": str(world.goal_b.id)})
    assert other_family.status_code == 422
    assert "Choose a goal from the list" in other_family.text
    fine = worker.get(base, params={"goal": str(world.goal_a.id)})
    assert fine.status_code == 200 and "govuk-error-summary" not in fine.text


@pytest.mark.parametrize(
    "params",
    [
        {"from-day": "1", "from-month": "1", "from-year": TRAVERSAL},
        {"to-day": INJECTION, "to-month": "1", "to-year": "2025"},
        {"significance": INJECTION},
        {"page": "100000000000000000000"},
        {"page": "0"},
        {"page": INJECTION},
    ],
)
def test_timeline_other_bad_filters(world, web_as, params) -> None:
    page = web_as(world.worker_a).get(f"/families/{world.family_a.id}/timeline", params=params)
    assert page.status_code == 422
    assert "govuk-error-summary" in page.text


def test_timeline_filter_by_htmx_shows_the_summary_in_the_fragment(world, web_as) -> None:
    fragment = web_as(world.worker_a).get(
        f"/families/{world.family_a.id}/timeline",
        params={"goal": INJECTION},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 422
    assert "<html" not in fragment.text
    assert "govuk-error-summary" in fragment.text and "Choose a goal from the list" in fragment.text


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/families/{family}/audit", {"before_id": INJECTION}, "before_id"),
        ("/api/v1/families/{family}/timeline", {"from": TRAVERSAL}, "from"),
        ("/api/v1/families/{family}/entries", {"limit": INJECTION}, "limit"),
        ("/api/v1/users", {"role": INJECTION}, "role"),
    ],
)
def test_api_bad_filter_is_422_naming_the_parameter(world, api_as, path, params, field) -> None:
    user = world.admin if path == "/api/v1/users" else world.lead_a
    answer = api_as(user).get(path.format(family=world.family_a.id), params=params)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", field]
