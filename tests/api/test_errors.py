"""Bad input gets a 422 naming the field and the reason, never a 500."""


def test_unpaired_surrogate_is_a_clean_422(world, api_as) -> None:
    client = api_as(world.lead_a)
    body = '{"case_reference": "\\ud800", "family_name": "x", "legal_status": "child_in_need"}'
    r = client.post("/api/v1/families", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert all("input" not in err for err in r.json()["detail"])


def test_validation_error_names_field_and_reason(world, api_as) -> None:
    client = api_as(world.lead_a)
    r = client.post("/api/v1/families", json={"family_name": "Test family"})
    assert r.status_code == 422
    fields = {tuple(err["loc"]) for err in r.json()["detail"]}
    assert ("body", "case_reference") in fields
    assert all(err["msg"] for err in r.json()["detail"])


def test_malformed_json_is_422_naming_the_body(world, api_as) -> None:
    r = api_as(world.lead_a).post(
        "/api/v1/families", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    # as the OpenAPI document says: no route answers 400
    assert r.status_code == 422
    [problem] = r.json()["detail"]
    assert problem["loc"][0] == "body" and problem["type"] == "json_invalid" and problem["msg"]


def test_unexpected_failure_is_a_json_500_answered_by_the_api(world, api_as, monkeypatch) -> None:
    from app.api.routes import me

    class Broken:
        @staticmethod
        def model_validate(*args: object, **kwargs: object) -> None:
            raise RuntimeError("secret internals")

    monkeypatch.setattr(me, "UserRead", Broken)
    # the API answers its own failure: nothing escapes to the pages' handlers
    r = api_as(world.worker_a).get("/api/v1/me")
    assert r.status_code == 500
    assert r.json() == {"detail": "Internal server error"}
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-request-id"]


def test_a_body_that_is_not_utf8_is_422_naming_the_body(world, api_as) -> None:
    r = api_as(world.lead_a).post(
        "/api/v1/families", content=b"\xff2", headers={"Content-Type": "application/json"}
    )
    # FastAPI's own answer was a 400 that no route documents
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {
            "loc": ["body"],
            "msg": "The body could not be read: send JSON in UTF-8",
            "type": "body_unreadable",
        }
    ]
