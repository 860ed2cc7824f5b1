from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from tests import factories


def test_timeline_api(session, world, api_as, count_queries, no_views_kept) -> None:
    session.add(
        PlanEvent(
            family_id=world.family_a.id,
            kind=PlanEventKind.plan_signed_off,
            goal_id=world.goal_a.id,
            occurred_on=world.shared_entry_a.occurred_on,
            recorded_by_id=world.lead_a.id,
            summary="Plan signed off by the team lead",
            visibility=Visibility.shared,
        )
    )
    session.commit()
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/timeline"
    r = api.get(url)
    assert r.status_code == 200
    page = r.json()
    assert [i["kind"] for i in page["items"]] == ["progress_entry", "plan_event", "progress_entry"]
    assert page["total"] == 3 and page["has_more"] is False
    r = api.get(url, params={"significant_only": True, "limit": 1})
    assert r.json()["total"] == 2 and r.json()["has_more"] is True
    r = api.get(url, params={"from": "2999-12-31"})
    assert r.status_code == 200 and r.json()["items"] == []
    for bad in ({"limit": 0}, {"limit": 10**9}, {"offset": 10**12}, {"to": "10000-01-01"}):
        assert api.get(url, params=bad).status_code == 422, bad
    assert api_as(world.worker_b).get(url).status_code == 404
    assert api_as(world.parent_b).get(url).status_code == 404

    def counted() -> int:
        with count_queries() as q:
            assert api.get(url, params={"limit": 200}).status_code == 200
        return q.count

    counted()
    small = counted()
    for i in range(200):
        factories.entry(session, world.goal_a, world.worker_a, days_ago=i % 60)
    session.commit()
    assert counted() == small
