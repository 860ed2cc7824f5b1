"""Two-step sign-in: enrolment, codes within ±1 step and never twice, recovery codes."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import select

from app.config import get_settings
from app.crypto import generate_key
from app.models.audit import AuditEvent
from app.models.credentials import RecoveryCode
from app.services.context import Actor
from app.services.errors import Invalid, TooManyAttempts
from app.services.identity import totp
from tests.factories import PASSWORD

T0 = datetime(2026, 11, 26, 9, 0, 0, tzinfo=UTC)  # a multiple of 30 seconds


@pytest.fixture
def clock(monkeypatch):
    """Frozen time for the TOTP service; ``clock.now`` can be moved."""

    class Clock:
        now = T0

    monkeypatch.setattr(totp, "utcnow", lambda: Clock.now)
    return Clock


def _code(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


def _enrol(session, user, clock) -> tuple[str, list[str]]:
    enrolment = totp.begin_enrolment(session, Actor(user))
    codes = totp.confirm_enrolment(session, Actor(user), _code(enrolment.secret, clock.now))
    return enrolment.secret, codes


def test_enrolment_gives_uri_qr_and_ten_recovery_codes(world, session, clock) -> None:
    enrolment = totp.begin_enrolment(session, Actor(world.worker_a))
    assert enrolment.uri.startswith("otpauth://totp/")
    assert f"secret={enrolment.secret}" in enrolment.uri
    assert enrolment.qr_svg.startswith("<svg") and "<script" not in enrolment.qr_svg
    assert not totp.is_enrolled(session, world.worker_a)
    with pytest.raises(Invalid):
        totp.confirm_enrolment(session, Actor(world.worker_a), "000000")
    codes = totp.confirm_enrolment(
        session, Actor(world.worker_a), _code(enrolment.secret, clock.now)
    )
    assert len(codes) == 10 == len(set(codes))
    assert totp.is_enrolled(session, world.worker_a)
    hashes = session.exec(select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(hashes)  # hashed at rest


def test_code_accepted_one_step_either_side_and_never_twice(world, session, clock) -> None:
    secret, _ = _enrol(session, world.worker_a, clock)
    user = world.worker_a
    clock.now = T0 + timedelta(minutes=5)
    # two steps old: refused
    with pytest.raises(Invalid):
        totp.verify_second_step(session, user, _code(secret, clock.now - timedelta(seconds=60)))
    # one step old: accepted
    previous = _code(secret, clock.now - timedelta(seconds=30))
    totp.verify_second_step(session, user, previous)
    # the same code again, still within its window: refused
    with pytest.raises(Invalid):
        totp.verify_second_step(session, user, previous)
    current = _code(secret, clock.now)
    totp.verify_second_step(session, user, current)
    with pytest.raises(Invalid):
        totp.verify_second_step(session, user, current)
    # one step ahead (a phone clock slightly fast): accepted
    totp.verify_second_step(session, user, _code(secret, clock.now + timedelta(seconds=30)))


def test_recovery_code_works_once(world, session, clock) -> None:
    _, codes = _enrol(session, world.lead_a, clock)
    totp.verify_second_step(session, world.lead_a, codes[3].upper())
    with pytest.raises(Invalid):
        totp.verify_second_step(session, world.lead_a, codes[3])
    assert totp.remaining_recovery_codes(session, world.lead_a) == 9


def test_wrong_codes_count_towards_throttling(world, session, clock) -> None:
    _enrol(session, world.worker_b, clock)
    for _ in range(5):
        with pytest.raises(Invalid):
            totp.verify_second_step(session, world.worker_b, "123456", client_address="192.0.2.1")
    with pytest.raises(TooManyAttempts):
        totp.verify_second_step(session, world.worker_b, "123456", client_address="192.0.2.1")
    outcomes = session.exec(
        select(AuditEvent.outcome).where(AuditEvent.action == "second_step")
    ).all()
    # the attempt refused while locked out is audited too, as for passwords
    assert sorted(outcomes) == ["denied"] * 5 + ["throttled"]


def test_who_must_use_two_step(world, session, clock, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "require_two_step_for_staff", True)
    for staff in (world.worker_a, world.lead_a, world.admin):
        assert totp.two_step_required(session, staff)
    assert not totp.two_step_required(session, world.parent_a)
    _enrol(session, world.parent_a, clock)  # a parent may choose it
    assert totp.two_step_required(session, world.parent_a)
    monkeypatch.setattr(get_settings(), "require_two_step_for_staff", False)
    assert not totp.two_step_required(session, world.worker_a)


def test_production_requires_it_by_default(monkeypatch) -> None:
    from app.config import Settings

    monkeypatch.delenv("CCT_REQUIRE_TWO_STEP_FOR_STAFF", raising=False)
    assert Settings(
        environment="production", secret_key="k" * 40, encryption_key=generate_key()
    ).require_two_step_for_staff
    assert not Settings(environment="development").require_two_step_for_staff


def test_api_token_needs_the_second_step(world, client, session, clock) -> None:
    secret, _ = _enrol(session, world.lead_b, clock)
    body = {"email": world.lead_b.email, "password": PASSWORD}
    missing = client.post("/api/v1/tokens", json=body)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "code"]
    wrong = client.post("/api/v1/tokens", json={**body, "code": "000000"})
    assert wrong.status_code == 422
    clock.now += timedelta(minutes=1)  # the enrolment's own code can't be used again
    good = client.post("/api/v1/tokens", json={**body, "code": _code(secret, clock.now)})
    assert good.status_code == 201
    token = good.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == str(world.lead_b.id)


def test_only_an_admin_resets_enrolment_and_it_is_audited(world, api_as, session, clock) -> None:
    _enrol(session, world.worker_a, clock)
    session.rollback()
    path = f"/api/v1/users/{world.worker_a.id}/two-step"
    assert api_as(world.lead_a).delete(path).status_code == 404
    assert api_as(world.admin).delete(path).status_code == 204
    session.expire_all()
    assert not totp.is_enrolled(session, world.worker_a)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "reset_two_step")).one()
    assert event.actor_id == world.admin.id and event.entity_id == str(world.worker_a.id)
