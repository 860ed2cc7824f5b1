from datetime import date, timedelta


def review(**kw):
    data = {
        "occurred_on": (date.today() - timedelta(days=2)).isoformat(),
        "kind": "plo_review",
        "attendees": "Sam Okoro; Jo Ashdown; Lee Ashdown; family solicitor",
        "summary": "Progress on home conditions; contact attendance still patchy.",
        "decisions": "Continue pre-proceedings for six weeks.",
        "next_review_on": (date.today() + timedelta(weeks=6)).isoformat(),
        "visibility": "shared",
    }
    data.update(kw)
    return data


def test_review_flow(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/reviews"
    r = api.post(url, json=review(assessment_id=str(world.assessment_a.id)))
    assert r.status_code == 201, r.text
    created = r.json()
    r = api.post(
        f"/api/v1/reviews/{created['id']}/amendments",
        json={"reason": "Solicitor's name added", "attendees": "Sam Okoro; Jo; Lee; A. Solicitor"},
    )
    assert r.status_code == 201
    assert r.json()["summary"] == created["summary"]
    history = api.get(f"/api/v1/reviews/{created['id']}").json()
    assert len(history["versions"]) == 2
    assert api.get(url).json()["total"] == 1
    parent = api_as(world.parent_a)
    assert parent.get(url).json()["total"] == 1
    assert parent.post(url, json=review()).status_code == 404


def test_review_rules(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/reviews"
    r = api.post(url, json=review(next_review_on=(date.today() - timedelta(days=5)).isoformat()))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "next_review_on"
    r = api.post(url, json=review(assessment_id=str(world.goal_b.assessment_id)))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "assessment_id"
    assert api.post(url, json=review(kind="party")).status_code == 422
    assert api_as(world.worker_b).get(url).status_code == 404
