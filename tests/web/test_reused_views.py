"""Pages whose views are reused (app.services.views.reuse) show a change at once."""

from datetime import UTC, date, datetime, timedelta

from app.services.cases import allocations
from app.services.context import Actor
from app.services.views import reuse


def entry(observation: str) -> dict[str, object]:
    return {
        "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
        "gas_score": 1,
        "observation": observation,
        "source": "home_visit",
        "visibility": "shared",
    }


def test_the_timeline_page_shows_a_new_entry_at_once(world, web_as, api_as) -> None:
    web = web_as(world.worker_a)
    url = f"/families/{world.family_a.id}/timeline"
    assert "Curtains open by nine" not in web.get(url).text
    assert "Curtains open by nine" not in web.get(url).text  # kept
    api_as(world.worker_a).post(
        f"/api/v1/goals/{world.goal_a.id}/entries", json=entry("Curtains open by nine")
    )
    assert "Curtains open by nine" in web.get(url).text


def test_a_reallocation_moves_the_family_between_caseloads_at_once(session, world, web_as) -> None:
    first, second = web_as(world.worker_a), web_as(world.worker_a2)
    reference = world.family_a.case_reference
    assert reference in first.get("/caseload").text
    assert reference not in second.get("/caseload").text
    assert reference in first.get("/caseload").text  # kept
    allocations.allocate(
        session,
        Actor(world.lead_a),
        world.family_a.id,
        allocations.AllocationCreate(user_id=world.worker_a2.id),
    )
    session.commit()
    assert reference not in first.get("/caseload").text
    assert reference in second.get("/caseload").text


def test_the_summary_is_worked_out_again_on_a_new_day(world, web_as, frozen_clock) -> None:
    web = web_as(world.worker_a)
    url = f"/families/{world.family_a.id}"
    frozen_clock(datetime.now(UTC))
    assert web.get(url).status_code == 200
    kept = len(reuse.kept)
    assert web.get(url).status_code == 200
    assert len(reuse.kept) == kept
    frozen_clock(datetime.now(UTC) + timedelta(days=1))
    assert web.get(url).status_code == 200
    assert len(reuse.kept) > kept
