"""The web sign-in hands over to the second step: no session until the code is right."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import get_settings
from app.models.account import User
from app.models.credentials import TotpEnrolment
from app.services.context import Actor
from app.services.identity import totp
from app.web import account, cookies
from tests.factories import PASSWORD
from tests.web.conftest import csrf_from, sign_in


@pytest.fixture
def browser() -> Iterator[TestClient]:
    from app.main import app

    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def staff_must_use_two_step(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CCT_REQUIRE_TWO_STEP_FOR_STAFF", "true")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def _enrol(session: Session, user: User, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    """Two-step sign-in set up a few minutes ago (so the code now is a new one)."""
    earlier = datetime.now(UTC) - timedelta(minutes=5)
    monkeypatch.setattr(totp, "utcnow", lambda: earlier)
    enrolment = totp.begin_enrolment(session, Actor(user))
    codes = totp.confirm_enrolment(session, Actor(user), pyotp.TOTP(enrolment.secret).at(earlier))
    monkeypatch.undo()
    return enrolment.secret, codes


def _signed_in(client: TestClient) -> bool:
    return bool(client.cookies.get(cookies.name(cookies.SESSION)))


def test_enrolled_user_needs_a_code_after_the_password(world, session, browser, monkeypatch):
    secret, _ = _enrol(session, world.lead_a, monkeypatch)
    first = sign_in(browser, world.lead_a.email, PASSWORD, next_path="/team/sign-off")
    assert first.status_code == 303
    assert first.headers["location"] == "/account/two-step?next=%2Fteam%2Fsign-off"
    assert not _signed_in(browser)
    assert browser.get("/team").status_code == 303  # still signed out: back to sign in
    page = browser.get(first.headers["location"])
    assert page.status_code == 200 and "Enter your security code" in page.text
    token = csrf_from(page.text)
    wrong = browser.post(
        "/account/two-step", data={"code": "000000", "csrf_token": token, "next": "/team/sign-off"}
    )
    assert wrong.status_code == 422 and not _signed_in(browser)
    done = browser.post(
        "/account/two-step",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": token, "next": "/team/sign-off"},
    )
    assert done.status_code == 303 and done.headers["location"] == "/team/sign-off"
    assert _signed_in(browser)
    assert browser.get("/team/sign-off").status_code == 200


def test_a_recovery_code_works_once(world, session, browser, monkeypatch):
    _, codes = _enrol(session, world.worker_a, monkeypatch)
    for attempt in range(2):
        browser.cookies.clear()
        assert sign_in(browser, world.worker_a.email, PASSWORD).status_code == 303
        page = browser.get("/account/two-step")
        answer = browser.post(
            "/account/two-step", data={"code": codes[0], "csrf_token": csrf_from(page.text)}
        )
        if attempt == 0:
            assert answer.status_code == 303 and answer.headers["location"] == "/caseload"
            assert _signed_in(browser)
        else:
            assert answer.status_code == 422 and not _signed_in(browser)


def test_a_wrong_password_never_reaches_the_second_step(world, session, browser, monkeypatch):
    _enrol(session, world.worker_a, monkeypatch)
    refused = sign_in(browser, world.worker_a.email, "not-the-password")
    assert refused.status_code == 422
    assert not browser.cookies.get(cookies.name(account.PENDING))
    assert browser.get("/account/two-step").headers["location"] == "/sign-in"


def test_without_two_step_the_password_is_enough(world, browser):
    done = sign_in(browser, world.worker_a.email, PASSWORD)
    assert done.status_code == 303 and done.headers["location"] == "/caseload"
    assert _signed_in(browser)


def test_staff_must_set_it_up_when_required(world, browser, staff_must_use_two_step):
    first = sign_in(browser, world.worker_a.email, PASSWORD)
    assert first.headers["location"] == "/account/two-step" and not _signed_in(browser)
    page = browser.get("/account/two-step")
    assert page.status_code == 200 and "<svg" in page.text
    secret = re.search(r'<code class="app-secret-key">([A-Z2-7]{32})</code>', page.text).group(1)
    done = browser.post(
        "/account/two-step",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_from(page.text)},
    )
    assert done.status_code == 200 and done.text.count("<li><code>") == 10  # recovery codes
    assert _signed_in(browser)
    assert browser.get("/caseload").status_code == 200


def test_parents_are_not_made_to_use_it(world, browser, staff_must_use_two_step):
    done = sign_in(browser, world.parent_a.email, PASSWORD)
    assert done.status_code == 303 and done.headers["location"] == "/your-plan"
    assert _signed_in(browser)


def test_in_production_staff_get_no_session_from_the_password_alone(world, production):
    from app.main import app

    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        first = sign_in(c, world.worker_a.email, PASSWORD)
        assert first.status_code == 303 and first.headers["location"] == "/account/two-step"
        set_cookies = first.headers.get_list("set-cookie")
        assert any(h.startswith("__Host-cct_pending=") and "Secure" in h for h in set_cookies)
        assert not any("cct_session=" in h for h in set_cookies)
        assert c.get("/caseload").status_code == 303


def test_optional_set_up_page_only_reads(world, session, web_as) -> None:
    """Regression: opening the set-up page wrote a new secret; now a button posts for one."""
    worker = web_as(world.worker_a)
    page = worker.get("/account/two-step/set-up")
    assert page.status_code == 200 and "Start setting up" in page.text and "<svg" not in page.text
    assert session.get(TotpEnrolment, world.worker_a.id) is None
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    started = worker.post(
        "/account/two-step/set-up/start",
        headers={"X-CSRF-Token": worker.csrf_token},
        follow_redirects=False,
    )
    assert started.status_code == 303
    assert started.headers["location"] == "/account/two-step/set-up"
    session.expire_all()
    secret = session.get(TotpEnrolment, world.worker_a.id).secret
    session.commit()
    shown = worker.get("/account/two-step/set-up")
    assert "<svg" in shown.text
    # showing it again, or starting again, keeps the same secret
    worker.post("/account/two-step/set-up/start", headers={"X-CSRF-Token": worker.csrf_token})
    session.expire_all()
    assert session.get(TotpEnrolment, world.worker_a.id).secret == secret
