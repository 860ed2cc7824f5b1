from datetime import date, timedelta

from fastapi.testclient import TestClient

from app.main import app


def body(**kw: object) -> dict[str, object]:
    data: dict[str, object] = {
        "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
        "gas_score": 1,
        "observation": "All rooms safe at the unannounced visit.",
        "source": "home_visit",
        "visibility": "shared",
    }
    data.update(kw)
    return data


def test_record_amend_and_mark_in_error(world, api_as) -> None:
    api = api_as(world.worker_a)
    r = api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=body())
    assert r.status_code == 201, r.text
    entry = r.json()
    assert entry["backdated"] is True
    assert entry["recorded_by_name"] == "Sam Okoro"
    r = api.post(
        f"/api/v1/entries/{entry['id']}/amendments", json={"reason": "Typo", "gas_score": 2}
    )
    assert r.status_code == 201, r.text
    amended = r.json()
    assert amended["amends_id"] == entry["id"] and amended["gas_score"] == 2
    assert amended["observation"] == entry["observation"]
    r = api.post(f"/api/v1/entries/{entry['id']}/amendments", json={"reason": "Again"})
    assert r.status_code == 409
    assert r.json()["current"]["id"] == amended["id"]
    r = api.get(f"/api/v1/entries/{entry['id']}")
    assert r.status_code == 200
    history = r.json()
    assert history["entry"]["gas_score"] == 1  # the original stays readable
    assert [v["id"] for v in history["versions"]] == [entry["id"], amended["id"]]
    r = api.post(f"/api/v1/entries/{amended['id']}/entered-in-error", json={"reason": "Wrong goal"})
    assert r.status_code == 200 and r.json()["entered_in_error"] is True
    r = api.post(f"/api/v1/entries/{amended['id']}/entered-in-error", json={"reason": "Again"})
    assert r.status_code == 409
    r = api.post(f"/api/v1/entries/{amended['id']}/entered-in-error", json={"reason": ""})
    assert r.status_code == 422


def test_no_route_changes_or_deletes_an_entry(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/entries/{world.shared_entry_a.id}"
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)(url).status_code == 405
    for path, item in TestClient(app).get("/api/v1/openapi.json").json()["paths"].items():
        if "entries" in path or "stage-ratings" in path or "reviews" in path or "comments" in path:
            assert not {"put", "patch", "delete"} & set(item), path


def test_bad_input_is_422_naming_the_field(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/goals/{world.goal_a.id}/entries"
    cases = {
        "occurred_on": body(occurred_on=(date.today() + timedelta(days=3)).isoformat()),
        "gas_score": body(gas_score=3),
        "observation": body(observation="bad \x00 byte"),
        "parent_ids": body(parent_ids=[str(world.child_a.id)]),
        "source": body(source="gossip"),
    }
    for field, payload in cases.items():
        r = api.post(url, json=payload)
        assert r.status_code == 422, (field, r.text)
        assert field in r.json()["detail"][0]["loc"], (field, r.json())
    r = api.post(url, json=body(occurred_on="9999-12-31"))
    assert r.status_code == 422
    family = f"/api/v1/families/{world.family_a.id}/entries"
    for query in ("limit=100000", "offset=-1", "offset=99999999999999999999", "from=0001-01-01"):
        assert api.get(f"{family}?{query}").status_code == 422, query
    assert api.get("/api/v1/entries/not-a-uuid").status_code == 422


def test_access(world, api_as) -> None:
    parent = api_as(world.parent_a)
    r = parent.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=body())
    assert r.status_code == 404
    r = parent.post(
        f"/api/v1/entries/{world.shared_entry_a.id}/amendments", json={"reason": "mine"}
    )
    assert r.status_code == 404
    r = parent.post(
        f"/api/v1/entries/{world.shared_entry_a.id}/entered-in-error", json={"reason": "no"}
    )
    assert r.status_code == 404
    other = api_as(world.worker_b)
    assert other.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=body()).status_code == 404
    assert other.get(f"/api/v1/entries/{world.shared_entry_a.id}").status_code == 404
    assert other.get(f"/api/v1/families/{world.family_a.id}/entries").status_code == 404
    assert api_as(world.admin).get(f"/api/v1/entries/{world.shared_entry_a.id}").status_code == 404


def test_parents_never_receive_an_internal_entry(world, api_as) -> None:
    worker = api_as(world.worker_a)
    # a shared entry later amended to internal: the new version must stay hidden
    r = worker.post(
        f"/api/v1/entries/{world.shared_entry_a.id}/amendments",
        json={"reason": "Contains third-party detail", "visibility": "internal"},
    )
    assert r.status_code == 201
    hidden = {str(world.internal_entry_a.id), r.json()["id"]}
    parent = api_as(world.parent_a)
    # the old, shared version's id answers as if it did not exist
    assert parent.get(f"/api/v1/entries/{world.shared_entry_a.id}").status_code == 404
    responses = [
        parent.get(f"/api/v1/families/{world.family_a.id}/entries"),
        parent.get(f"/api/v1/families/{world.family_a.id}/timeline"),
        parent.get(f"/api/v1/families/{world.family_a.id}/timeline?significant_only=true"),
    ]
    for response in responses:
        assert response.status_code == 200
        text = response.text
        assert not any(h in text for h in hidden), response.url
        assert "third-party" not in text
    assert parent.get(f"/api/v1/entries/{world.internal_entry_a.id}").status_code == 404


def test_list_entries(world, api_as) -> None:
    api = api_as(world.worker_a)
    r = api.get(
        f"/api/v1/families/{world.family_a.id}/entries",
        params={"significance": "significant", "limit": 10},
    )
    assert r.status_code == 200
    page = r.json()
    assert [e["id"] for e in page["items"]] == [str(world.internal_entry_a.id)]
    assert page["total"] == 1
