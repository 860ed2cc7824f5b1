from fastapi.testclient import TestClient

from app.main import app

MINE = ("entries", "stage-ratings", "reviews", "comments", "timeline", "scores")


def test_routes_are_documented_with_their_errors() -> None:
    paths = TestClient(app).get("/api/v1/openapi.json").json()["paths"]
    checked = 0
    for path, item in paths.items():
        if not any(f"/{part}" in path for part in MINE):
            continue
        for method, op in item.items():
            checked += 1
            assert op.get("summary"), (method, path)
            codes = set(op["responses"])
            assert {"401", "404", "422"} <= codes, (method, path, codes)
            if method == "post" and ("amendments" in path or "entered-in-error" in path):
                assert "409" in codes and "403" not in codes, (method, path, codes)
    assert checked >= 20
