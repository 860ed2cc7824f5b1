"""Sign-in throttling: 5 failures an account, 20 an address, in 15 minutes, for all processes."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.db import make_engine
from app.models.audit import AuditEvent
from app.models.base import utcnow
from app.services.errors import NotSignedIn, TooManyAttempts
from app.services.identity import auth, throttle
from tests.conftest import DATABASE_URL
from tests.factories import PASSWORD


def _fail(session: Session, email: str, address: str = "198.51.100.7") -> None:
    with pytest.raises(NotSignedIn):
        auth.authenticate(session, email, "wrong-password-here", address)


def test_sixth_attempt_gets_429_with_retry_after(world, client) -> None:
    body = {"email": world.worker_a.email, "password": "not-the-password"}
    for _ in range(5):
        assert client.post("/api/v1/tokens", json=body).status_code == 401
    # even the right password is refused now
    answer = client.post("/api/v1/tokens", json={**body, "password": PASSWORD})
    assert answer.status_code == 429
    assert 1 <= int(answer.headers["Retry-After"]) <= 15 * 60


def test_counters_are_shared_between_processes(world, session) -> None:
    """Two engines stand for two app processes: failures in either count against both."""
    other_engine = make_engine(DATABASE_URL)
    try:
        with Session(other_engine) as other:
            for _ in range(3):
                _fail(other, world.lead_a.email)
        for _ in range(2):
            _fail(session, world.lead_a.email)
        with Session(other_engine) as other, pytest.raises(TooManyAttempts):
            auth.authenticate(other, world.lead_a.email, PASSWORD, "198.51.100.7")
    finally:
        other_engine.dispose()


def test_address_limit_covers_every_account(world, session) -> None:
    for n in range(20):
        _fail(session, f"nobody{n}@example.test", "203.0.113.9")
    with pytest.raises(TooManyAttempts):
        auth.authenticate(session, world.worker_b.email, PASSWORD, "203.0.113.9")
    # another address is not affected
    assert auth.authenticate(session, world.worker_b.email, PASSWORD, "203.0.113.10")


def test_window_slides_and_success_starts_afresh(world, session, monkeypatch) -> None:
    for _ in range(5):
        _fail(session, world.worker_a2.email)
    with pytest.raises(TooManyAttempts) as refused:
        auth.authenticate(session, world.worker_a2.email, PASSWORD, "198.51.100.7")
    assert refused.value.retry_after_seconds > 14 * 60
    later = utcnow() + timedelta(minutes=15, seconds=5)
    monkeypatch.setattr(throttle, "utcnow", lambda: later)
    assert auth.authenticate(session, world.worker_a2.email, PASSWORD, "198.51.100.7")
    # the success cleared the account's counter
    _fail(session, world.worker_a2.email)
    assert auth.authenticate(session, world.worker_a2.email, PASSWORD, "198.51.100.7")


def test_sign_ins_are_audited_without_the_email(world, session) -> None:
    _fail(session, world.worker_a.email, "198.51.100.8")
    auth.authenticate(session, world.worker_a.email, PASSWORD, "198.51.100.8")
    for _ in range(4):
        _fail(session, world.worker_a.email, "198.51.100.8")
    _fail(session, world.worker_a.email, "198.51.100.8")
    with pytest.raises(TooManyAttempts):
        auth.authenticate(session, world.worker_a.email, PASSWORD, "198.51.100.8")
    outcomes = session.exec(
        select(AuditEvent.outcome)
        .where(AuditEvent.action == "sign_in", AuditEvent.entity_id == str(world.worker_a.id))
        .order_by(AuditEvent.id)
    ).all()
    assert outcomes == [
        "denied",
        "ok",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "throttled",
    ]
    addresses = set(
        session.exec(select(AuditEvent.client_address).where(AuditEvent.action == "sign_in"))
    )
    assert addresses == {"198.51.100.8"}
    keys = session.exec(select(throttle.ThrottleHit.key)).all()
    assert keys and not any(world.worker_a.email in k for k in keys)
