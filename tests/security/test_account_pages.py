"""The account pages: set-up links, the second sign-in step, enrolment, CSRF."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient

from app.models.credentials import AccountInvite
from app.services.context import Actor
from app.services.identity import accounts, totp
from app.web import account, cookies

GOOD = "amber-lantern-quietly-73"


@pytest.fixture
def web() -> Iterator[TestClient]:
    from app.main import create_app

    app = create_app()
    if not any(getattr(r, "path", "") == "/account/two-step" for r in app.routes):
        app.include_router(account.router)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def test_set_up_link_page_works_once_and_needs_csrf(world, session, web) -> None:
    issued = accounts.invite(
        session,
        Actor(world.admin),
        AccountInvite(email="pia.page@example.test", display_name="Pia Page", role="admin"),
    )
    path = issued.link.removeprefix("http://127.0.0.1:8000")
    page = web.get(path)
    assert page.status_code == 200 and "Set up your account" in page.text
    form = {"password": GOOD, "confirm": GOOD}
    assert web.post(path, data=form).status_code == 403  # no CSRF token
    mismatch = web.post(path, data={**form, "confirm": "x", "csrf_token": _csrf(page.text)})
    assert mismatch.status_code == 422
    done = web.post(path, data={**form, "csrf_token": _csrf(page.text)})
    assert done.status_code == 303 and done.headers["location"] == "/sign-in"
    assert web.get(path).status_code == 410


def test_second_step_enrols_then_signs_in(world, session, web) -> None:
    pending = totp.start_pending(session, world.worker_a)
    web.cookies.set(cookies.name(account.PENDING), pending)
    page = web.get("/account/two-step")
    assert page.status_code == 200 and "<svg" in page.text
    secret = re.search(r'<code class="app-secret-key">([A-Z2-7]{32})</code>', page.text).group(1)
    wrong = web.post("/account/two-step", data={"code": "000000", "csrf_token": _csrf(page.text)})
    assert wrong.status_code == 422
    code = pyotp.TOTP(secret).now()
    done = web.post("/account/two-step", data={"code": code, "csrf_token": _csrf(page.text)})
    assert done.status_code == 200 and done.text.count("<li><code>") == 10
    assert web.cookies.get(cookies.name(cookies.SESSION))
    # the pending sign-in is used up
    web.cookies.set(cookies.name(account.PENDING), pending)
    assert web.get("/account/two-step").status_code == 303


def test_second_step_for_an_enrolled_user(world, session, web, monkeypatch) -> None:
    t0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(totp, "utcnow", lambda: t0)
    enrolment = totp.begin_enrolment(session, Actor(world.lead_a))
    totp.confirm_enrolment(session, Actor(world.lead_a), pyotp.TOTP(enrolment.secret).at(t0))
    monkeypatch.setattr(totp, "utcnow", lambda: t0 + timedelta(minutes=1))
    pending = totp.start_pending(session, world.lead_a)
    web.cookies.set(cookies.name(account.PENDING), pending)
    page = web.get("/account/two-step?next=/team")
    assert page.status_code == 200 and "Enter your security code" in page.text
    code = pyotp.TOTP(enrolment.secret).at(t0 + timedelta(minutes=1))
    done = web.post(
        "/account/two-step",
        data={"code": code, "next": "/team", "csrf_token": _csrf(page.text)},
    )
    assert done.status_code == 303 and done.headers["location"] == "/team"
    assert web.cookies.get(cookies.name(cookies.SESSION))


def test_no_pending_sign_in_goes_back_to_sign_in(web) -> None:
    answer = web.get("/account/two-step")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"


def test_sign_in_hands_over_to_the_second_step(world, session) -> None:
    response = account.begin_second_step(session, world.worker_a, "/caseload?page=2")
    assert response.status_code == 303
    assert response.headers["location"] == "/account/two-step?next=%2Fcaseload%3Fpage%3D2"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{cookies.name(account.PENDING)}=") and "HttpOnly" in cookie
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    assert totp.pending_user(session, token).id == world.worker_a.id
