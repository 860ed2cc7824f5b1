from datetime import date, timedelta


def rating(member_id, **kw):
    data = {
        "member_id": str(member_id),
        "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
        "stage": "preparation",
        "motivation": 8,
        "ability": 4,
        "note": "Booked onto the parenting course.",
        "visibility": "shared",
    }
    data.update(kw)
    return data


def test_rating_flow(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/stage-ratings"
    r = api.post(url, json=rating(world.mother_a.id))
    assert r.status_code == 201, r.text
    created = r.json()
    r = api.post(
        f"/api/v1/stage-ratings/{created['id']}/amendments",
        json={"reason": "Stage misread", "stage": "relapse"},
    )
    assert r.status_code == 201 and r.json()["stage"] == "relapse"
    assert r.json()["motivation"] == 8
    again = api.post(f"/api/v1/stage-ratings/{created['id']}/amendments", json={"reason": "x"})
    assert again.status_code == 409
    history = api.get(f"/api/v1/stage-ratings/{created['id']}").json()
    assert [v["stage"] for v in history["versions"]] == ["preparation", "relapse"]
    latest = history["versions"][-1]["id"]
    r = api.post(f"/api/v1/stage-ratings/{latest}/entered-in-error", json={"reason": "Dup"})
    assert r.status_code == 200
    page = api.get(url).json()
    assert [(i["id"], i["entered_in_error"]) for i in page["items"]] == [(latest, True)]


def test_rating_rules(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/stage-ratings"
    r = api.post(url, json=rating(world.child_a.id))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "member_id"
    for bad in ({"motivation": 11}, {"ability": -1}, {"stage": "denial"}):
        assert api.post(url, json=rating(world.mother_a.id, **bad)).status_code == 422, bad
    assert api_as(world.parent_a).post(url, json=rating(world.mother_a.id)).status_code == 404
    assert api_as(world.worker_b).post(url, json=rating(world.mother_a.id)).status_code == 404
    internal = api.post(url, json=rating(world.father_a.id, visibility="internal")).json()
    parent = api_as(world.parent_a)
    assert parent.get(f"/api/v1/stage-ratings/{internal['id']}").status_code == 404
    assert internal["id"] not in parent.get(url).text
