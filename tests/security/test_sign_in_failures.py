"""Administrators can list failed sign-ins and lockouts (API and cct audit sign-ins)."""

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app as cli
from app.models.audit import AuditEvent
from app.services.context import Actor
from app.services.errors import Invalid, NotSignedIn, TooManyAttempts
from app.services.identity import auth, sign_ins, totp
from app.services.identity.throttle import ACCOUNT_LIMIT
from tests.factories import World

ADDRESS = "198.51.100.7"


def _fail(session: Session, world: World) -> None:
    for n in range(ACCOUNT_LIMIT):
        with pytest.raises(NotSignedIn):
            auth.authenticate(session, world.worker_a.email, "wrong", ADDRESS, f"req-{n}")
    with pytest.raises(TooManyAttempts):
        auth.authenticate(session, world.worker_a.email, "wrong", ADDRESS, "req-locked")
    with pytest.raises(NotSignedIn):
        auth.authenticate(session, "nobody@example.invalid", "wrong", "203.0.113.9", "req-x")


def test_admin_lists_failures_and_lockouts(session: Session, world: World, api_as) -> None:
    _fail(session, world)
    answer = api_as(world.admin).get("/api/v1/sign-in-failures")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    mine = [f for f in body["failures"] if f["email"] == world.worker_a.email]
    assert [f["outcome"] for f in mine] == ["throttled"] + ["denied"] * ACCOUNT_LIMIT
    assert {f["client_address"] for f in mine} == {ADDRESS}
    assert {f["step"] for f in mine} == {"password"}
    unknown = [f for f in body["failures"] if f["request_id"] == "req-x"]
    assert unknown and unknown[0]["email"] is None and unknown[0]["user_id"] is None
    assert [(lock["kind"], lock["who"]) for lock in body["lockouts"]] == [
        ("account", world.worker_a.email)
    ]
    read = session.exec(select(AuditEvent).where(AuditEvent.entity == "sign_in_failures")).one()
    assert read.actor_id == world.admin.id


def test_only_administrators_and_bounded_queries(session: Session, world: World, api_as) -> None:
    for user in (world.worker_a, world.lead_a, world.parent_a):
        assert api_as(user).get("/api/v1/sign-in-failures").status_code == 404
    admin = api_as(world.admin)
    for params in ({"hours": "0"}, {"hours": "100000000000000000000"}, {"limit": "1001"}):
        assert admin.get("/api/v1/sign-in-failures", params=params).status_code == 422, params


def test_cct_audit_sign_ins(session: Session, world: World) -> None:
    _fail(session, world)
    session.commit()
    result = CliRunner().invoke(cli, ["audit", "sign-ins", "--hours", "1"])
    assert result.exit_code == 0, result.output
    assert "Locked out now:" in result.output
    assert f"account {world.worker_a.email}: {ACCOUNT_LIMIT} failures" in result.output
    assert f"{ACCOUNT_LIMIT + 2} failed sign-ins" in result.output
    assert f"from {ADDRESS}" in result.output and "throttled" in result.output


def test_second_step_failures_and_lockout_are_listed(session: Session, world: World) -> None:
    totp.begin_enrolment(session, Actor(world.lead_a))
    for _ in range(ACCOUNT_LIMIT):
        with pytest.raises(Invalid):
            totp.verify_second_step(session, world.lead_a, "000000", client_address=ADDRESS)
    with pytest.raises(TooManyAttempts):
        totp.verify_second_step(session, world.lead_a, "000000", client_address=ADDRESS)
    found = sign_ins.report(session, None, hours=1)
    steps = [(f.step, f.outcome) for f in found.failures if f.email == world.lead_a.email]
    assert steps == [("second step", "throttled")] + [("second step", "denied")] * ACCOUNT_LIMIT
