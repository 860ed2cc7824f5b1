import pytest

from tests import factories


def test_scores_api(session, world, api_as) -> None:
    fam = factories.family(session, world.team_a, "CCT-A-0200", "Fernley family", world.worker_a)
    mum = factories.member(session, fam, "Cass Fernley")
    a = factories.assessment(session, fam)
    g1 = factories.goal(session, a, [mum], title="Safe home")
    g2 = factories.goal(session, a, [mum], title="School every day")
    factories.entry(session, g1, world.worker_a, score=1, days_ago=4)
    factories.entry(session, g2, world.worker_a, score=0, days_ago=2)
    session.commit()
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{fam.id}/scores"
    r = api.get(url)
    assert r.status_code == 200, r.text
    assert r.json()["t_score"] == pytest.approx(56.20, abs=0.005)
    r = api.get(url, params=[("goal_id", str(g1.id)), ("goal_id", str(g2.id))])
    assert r.json()["t_score"] == pytest.approx(56.20, abs=0.005)
    r = api.get(url, params={"goal_id": str(g2.id), "member_id": str(mum.id)})
    assert r.json()["t_score"] == 50.0
    assert [g["level_text"] for g in r.json()["goals"]] == [g2.level_0]
    assert api.get(url, params={"goal_id": str(world.goal_b.id)}).status_code == 422
    assert api.get(url, params={"at": "99999-01-01"}).status_code == 422
    weekly = api.get(f"{url}/weekly", params={"from": "2026-01-01", "to": "2025-01-01"})
    assert weekly.status_code == 422
    weekly = api.get(f"{url}/weekly", params={"from": "1900-01-01", "to": "2999-12-31"})
    assert weekly.status_code == 422
    assert api_as(world.worker_b).get(url).status_code == 404
