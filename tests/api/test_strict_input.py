"""Strict input on the API: whole-number scores, bounded integers, visible level text,
one window for evidence dates, one rule for control characters."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from app.models.account import User
from tests.api.test_entries import body as entry_body
from tests.api.test_goals import goal_body
from tests.api.test_incentives import decision
from tests.factories import World

ApiAs = Callable[[User], TestClient]
ANCIENT = "0001-01-01"


def _field_of(answer: object) -> str:
    detail = answer.json()["detail"]  # type: ignore[attr-defined]
    if isinstance(detail, list):
        return ".".join(str(p) for p in detail[0]["loc"])
    return str(detail)


@pytest.mark.parametrize("score", ["1", True, 1.0, "one"])
def test_gas_score_must_be_a_whole_number(world: World, api_as: ApiAs, score: object) -> None:
    api = api_as(world.worker_a)
    r = api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry_body(gas_score=score))
    assert r.status_code == 422, r.text
    assert "gas_score" in _field_of(r)


def test_amending_a_score_is_as_strict(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    entry = api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry_body()).json()
    r = api.post(
        f"/api/v1/entries/{entry['id']}/amendments", json={"reason": "Misread", "gas_score": "2"}
    )
    assert r.status_code == 422, r.text


def test_audit_before_id_past_the_id_column_is_422(world: World, api_as: ApiAs) -> None:
    api = api_as(world.lead_a)
    url = f"/api/v1/families/{world.family_a.id}/audit"
    for value in ("9223372036854775808", "100000000000000000000", str(2**31)):
        r = api.get(url, params={"before_id": value})
        assert r.status_code == 422, r.text
        assert "before_id" in _field_of(r)
    assert api.get(url, params={"before_id": str(2**31 - 1)}).status_code == 200


def test_whitespace_only_levels_are_refused(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/assessments/{world.assessment_a.id}/goals"
    for field in ("level_minus_2", "level_0", "level_plus_2", "title"):
        for blank in (" ", "\u00a0\u2003", "\u200b"):
            r = api.post(url, json=goal_body(world.mother_a.id) | {field: blank})
            assert r.status_code == 422, (field, blank, r.text)
            assert field in _field_of(r) or field in r.text
    # an edit cannot blank one either
    goal = api.post(url, json=goal_body(world.mother_a.id)).json()
    r = api.patch(f"/api/v1/goals/{goal['id']}", json={"version": 1, "level_plus_1": "   "})
    assert r.status_code == 422, r.text


def test_milestone_outcome_date_window(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/milestones/{world.milestone_a.id}/outcome"
    before_involvement = (world.family_a.involved_since - timedelta(days=1)).isoformat()  # type: ignore[operator]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for day in (ANCIENT, "1899-12-31", before_involvement, tomorrow):
        r = api.post(url, json={"version": 1, "status": "achieved", "occurred_on": day})
        assert r.status_code == 422, (day, r.text)
        assert "occurred_on" in _field_of(r) or "occurred_on" in r.text


@pytest.mark.parametrize("kind", ["rewards", "consequences"])
def test_reward_and_consequence_decision_date_window(
    world: World, api_as: ApiAs, kind: str
) -> None:
    api = api_as(world.worker_a)
    r = api.post(
        f"/api/v1/families/{world.family_a.id}/{kind}",
        json={"goal_id": str(world.goal_a.id), "description": "As agreed"},
    )
    assert r.status_code == 201, r.text
    url = f"/api/v1/{kind}/{r.json()['id']}/decision"
    status = "earned" if kind == "rewards" else "due"
    for day in (ANCIENT, "1899-12-31"):
        r = api.post(url, json=decision(status, 1) | {"occurred_on": day})
        assert r.status_code == 422, (day, r.text)
    assert api.post(url, json=decision(status, 1)).status_code == 200


def test_evidence_before_the_familys_involvement_is_refused(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    since = world.family_a.involved_since
    assert since is not None
    url = f"/api/v1/goals/{world.goal_a.id}/entries"
    r = api.post(url, json=entry_body(occurred_on=(since - timedelta(days=1)).isoformat()))
    assert r.status_code == 422, r.text
    assert api.post(url, json=entry_body(occurred_on=since.isoformat())).status_code == 201


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_refused_everywhere(world: World, api_as: ApiAs, char: str) -> None:
    api = api_as(world.worker_a)
    text = f"Kitchen tidy{char}[31m"
    r = api.post(f"/api/v1/goals/{world.goal_a.id}/entries", json=entry_body(observation=text))
    assert r.status_code == 422, r.text
    r = api.post(
        f"/api/v1/assessments/{world.assessment_a.id}/goals",
        json=goal_body(world.mother_a.id) | {"title": text},
    )
    assert r.status_code == 422, r.text
    r = api.get("/api/v1/families", params={"search": text})
    assert r.status_code == 422, r.text
    # tab and line breaks are ordinary text
    ok = api.post(
        f"/api/v1/goals/{world.goal_a.id}/entries",
        json=entry_body(observation="Kitchen tidy.\r\n\tBedrooms tidy."),
    )
    assert ok.status_code == 201, ok.text
