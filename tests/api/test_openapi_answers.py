"""The OpenAPI document lists, for every route, the answers it can really give.

A role refusal is a 404 everywhere, so 403 is documented only where a service raises
``NotAllowed`` (the caller may see the record and is told why); malformed JSON is a
422, so no route documents 400; every write documents 409 and 422.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import app

PREFIX = "/api/v1"
WRITES = {"post", "put", "patch", "delete"}
# the routes whose service raises NotAllowed, each answered 403 with its reason
NOT_ALLOWED = {
    ("post", f"{PREFIX}/users/{{user_id}}/disable"),  # your own account
    ("post", f"{PREFIX}/users/{{user_id}}/enable"),
    ("post", f"{PREFIX}/assessments/{{assessment_id}}/report/approve"),  # you submitted it
    ("post", f"{PREFIX}/assessments/{{assessment_id}}/report/return"),
}
# no token needed, yet a wrong password is answered 401
SIGNS_IN = {("post", f"{PREFIX}/tokens")}
# routes that read a password or a code, and count failures against the throttle
THROTTLED = {("post", f"{PREFIX}/tokens"), ("post", f"{PREFIX}/me/password")}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    paths = TestClient(app).get(f"{PREFIX}/openapi.json").json()["paths"]
    return [(method, path, op) for path, item in paths.items() for method, op in item.items()]


def _problems(method: str, path: str, op: dict[str, Any]) -> list[str]:
    codes = set(op["responses"])
    where = (method, path)
    problems = []
    if "403" in codes and where not in NOT_ALLOWED:
        problems.append("documents 403, but its refusals are 404s")
    if where in NOT_ALLOWED and "403" not in codes:
        problems.append("answers 403 with a reason, undocumented")
    if "400" in codes:
        problems.append("documents 400, but malformed JSON answers 422")
    if ("401" in codes) != (bool(op.get("security")) or where in SIGNS_IN):
        problems.append("401 documented without a token to check, or missing with one")
    if ("429" in codes) != (where in THROTTLED):
        problems.append("429 documented where nothing is throttled, or missing")
    if method in WRITES and not {"409", "422"} <= codes:
        problems.append("a write route without 409 and 422")
    if method == "get" and "409" in codes:
        problems.append("a read documents 409")
    if "{" in path and "404" not in codes:
        problems.append("names a record but does not document 404")
    if "503" not in codes:
        problems.append("does not document 503 (the database is busy)")
    invalid = op["responses"].get("422", {}).get("description", "")
    if "422" in codes and not ("field" in invalid and "reason" in invalid):
        problems.append("its 422 does not say it gives the field and the reason")
    return problems


def test_every_route_documents_what_it_can_answer() -> None:
    operations = _operations()
    wrong = {
        f"{method.upper()} {path}": found
        for method, path, op in operations
        if (found := _problems(method, path, op))
    }
    assert wrong == {}
    assert len(operations) > 80
    assert {(m, p) for m, p, _ in operations} >= NOT_ALLOWED | SIGNS_IN | THROTTLED


def test_the_checks_catch_a_stale_403_and_a_write_without_409() -> None:
    op = {"responses": {"200": {}, "401": {}, "403": {}, "404": {}, "503": {}}, "security": [{}]}
    found = _problems("post", f"{PREFIX}/goals/{{goal_id}}/milestones", op)
    assert "documents 403, but its refusals are 404s" in found
    assert "a write route without 409 and 422" in found


@pytest.mark.parametrize("action", ["disable", "enable"])
def test_the_documented_403_is_really_answered(world, api_as, action: str) -> None:
    admin = api_as(world.admin)
    own = admin.post(f"{PREFIX}/users/{world.admin.id}/{action}")
    assert own.status_code == 403 and "your own account" in own.json()["detail"]
    # a refusal for want of the role (another team's lead) is a 404 on the same route
    assert api_as(world.lead_b).post(
        f"{PREFIX}/users/{world.worker_a.id}/{action}"
    ).status_code == (404)


def test_a_password_link_route_needs_no_token_and_never_answers_401() -> None:
    answer = TestClient(app).post(
        f"{PREFIX}/account/password", json={"token": "x" * 40, "password": "p" * 12}
    )
    assert answer.status_code == 422
