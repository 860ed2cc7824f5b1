def test_parent_comments(world, api_as) -> None:
    url = f"/api/v1/families/{world.family_a.id}/comments"
    parent = api_as(world.parent_a)
    r = parent.post(
        url, json={"entry_id": str(world.shared_entry_a.id), "stance": "disagree", "text": "No"}
    )
    assert r.status_code == 201, r.text
    comment = r.json()
    assert comment["author_name"] == "Jo Ashdown" and comment["recorded_at"]
    r = parent.post(url, json={"goal_id": str(world.goal_a.id), "entry_id": None, "text": "x"})
    assert r.status_code == 201
    both = {"goal_id": str(world.goal_a.id), "entry_id": str(world.shared_entry_a.id), "text": "x"}
    assert parent.post(url, json=both).status_code == 422
    assert parent.post(url, json={"text": "x"}).status_code == 422
    internal = {"entry_id": str(world.internal_entry_a.id), "text": "x"}
    assert parent.post(url, json=internal).status_code == 422
    for who in (world.worker_a, world.lead_a):
        staff = api_as(who)
        assert (
            staff.post(url, json={"goal_id": str(world.goal_a.id), "text": "x"}).status_code == 404
        )
    other_family = f"/api/v1/families/{world.family_b.id}/comments"
    r = parent.post(other_family, json={"goal_id": str(world.goal_b.id), "text": "x"})
    assert r.status_code == 404
    # no route edits or deletes a comment
    for method in ("put", "patch", "delete"):
        assert getattr(parent, method)(f"{url}/{comment['id']}").status_code in (404, 405)

    worker = api_as(world.worker_a)
    r = worker.get(url, params={"unseen_only": True})
    assert r.json()["total"] == 2
    r = worker.post(f"{url}/seen", json={"comment_ids": [comment["id"]]})
    assert r.status_code == 200 and r.json() == {"marked": 1}
    assert worker.get(url, params={"unseen_only": True}).json()["total"] == 1
    assert worker.post(f"{url}/seen", json={}).json() == {"marked": 1}
    assert parent.post(f"{url}/seen", json={}).status_code == 404
    assert api_as(world.parent_a2).get(url).json()["total"] == 0
