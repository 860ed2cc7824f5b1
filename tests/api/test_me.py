from fastapi.testclient import TestClient


def test_me_needs_a_token(client: TestClient) -> None:
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_me_with_token(world, api_as) -> None:
    r = api_as(world.worker_a).get("/api/v1/me")
    assert r.status_code == 200
    assert r.json()["email"] == world.worker_a.email


def test_bad_token(client: TestClient) -> None:
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer cct_nope"})
    assert r.status_code == 401
