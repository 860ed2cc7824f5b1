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


def test_malformed_json_is_400(world, api_as) -> None:
    r = api_as(world.lead_a).post(
        "/api/v1/families", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 422)
    assert r.status_code < 500
