from http.cookies import SimpleCookie

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import get_settings
from app.main import app
from app.models.account import WebSession
from app.services.identity.auth import token_digest
from tests.factories import PASSWORD
from tests.web.conftest import csrf_from, sign_in


def _set_cookies(response) -> dict[str, SimpleCookie]:  # type: ignore[no-untyped-def]
    jar = {}
    for header in response.headers.get_list("set-cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            jar[name] = morsel
    return jar


def test_sign_in_form_renders(client: TestClient) -> None:
    r = client.get("/sign-in")
    assert r.status_code == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in r.text
    assert 'autocomplete="current-password"' in r.text
    assert "Sign out" not in r.text  # no navigation before signing in


def test_worker_signs_in_and_lands_on_caseload(world, client: TestClient) -> None:
    r = sign_in(client, world.worker_a.email, PASSWORD)
    assert r.status_code == 303
    assert r.headers["location"] == "/caseload"
    page = client.get("/caseload")
    assert page.status_code == 200
    assert "Ashdown family" in page.text
    assert "Sign out" in page.text


def test_each_role_lands_on_its_home(world) -> None:
    homes = {
        world.lead_a.email: "/team",
        world.parent_a.email: "/your-plan",
        world.admin.email: "/accounts",
    }
    for email, home in homes.items():
        with TestClient(app) as c:
            r = sign_in(c, email, PASSWORD)
            assert r.headers["location"] == home


def test_staff_home_pages_open(world, web_as) -> None:
    assert web_as(world.lead_a).get("/").headers.get("location") is None  # followed
    assert web_as(world.lead_a).get("/", follow_redirects=False).headers["location"] == "/team"
    assert web_as(world.worker_a).get("/team", follow_redirects=False).status_code == 404


def test_email_is_matched_ignoring_case_and_spaces(world, client: TestClient) -> None:
    r = sign_in(client, "  " + world.worker_a.email.upper(), PASSWORD)
    assert r.status_code == 303


def test_bad_password_shows_error_summary_and_keeps_email(world, client: TestClient) -> None:
    r = sign_in(client, world.worker_a.email, "wrong-password-123")
    assert r.status_code == 422
    assert "govuk-error-summary" in r.text
    assert '<a href="#email">Enter a correct email address and password</a>' in r.text
    assert f'value="{world.worker_a.email}"' in r.text
    assert "wrong-password-123" not in r.text
    assert r.text.count("<title>Error: Sign in") == 1
    assert "cct_session" not in r.headers.get("set-cookie", "")


def test_unknown_account_gets_the_same_message(world, client: TestClient) -> None:
    known = sign_in(client, world.worker_a.email, "wrong-password-123")
    unknown = sign_in(client, "nobody@example.test", "wrong-password-123")
    assert unknown.status_code == known.status_code == 422
    assert "Enter a correct email address and password" in unknown.text
    assert "nobody@example.test" in unknown.text


def test_empty_fields_are_named(client: TestClient) -> None:
    page = client.get("/sign-in")
    r = client.post("/sign-in", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 422
    assert '<a href="#email">Enter your email address</a>' in r.text
    assert '<a href="#password">Enter your password</a>' in r.text
    assert 'id="email-error"' in r.text


def test_session_cookie_flags_in_development(world, client: TestClient) -> None:
    r = sign_in(client, world.worker_a.email, PASSWORD)
    morsel = _set_cookies(r)["cct_session"]
    assert morsel["httponly"]
    assert morsel["samesite"].lower() == "lax"
    assert morsel["path"] == "/"
    assert not morsel["secure"]


def test_session_cookie_is_secure_with_host_prefix_in_production(
    world, production, monkeypatch
) -> None:
    # cookie flags only: the two-step sign-in has tests of its own (test_two_step.py)
    monkeypatch.setenv("CCT_REQUIRE_TWO_STEP_FOR_STAFF", "false")
    get_settings.cache_clear()
    with TestClient(app, base_url="https://testserver") as c:
        page = c.get("/sign-in")
        assert "__Host-cct_signin_csrf" in _set_cookies(page)
        r = c.post(
            "/sign-in",
            data={
                "email": world.worker_a.email,
                "password": PASSWORD,
                "csrf_token": csrf_from(page.text),
            },
            follow_redirects=False,
        )
        assert r.status_code == 303
        jar = _set_cookies(r)
        assert "cct_session" not in jar
        morsel = jar["__Host-cct_session"]
        assert morsel["secure"]
        assert morsel["httponly"]
        assert morsel["samesite"].lower() == "lax"
        assert morsel["path"] == "/"
        assert not morsel["domain"]
        assert c.get("/caseload").status_code == 200


def test_a_new_session_id_at_each_sign_in(world, client: TestClient) -> None:
    first = sign_in(client, world.worker_a.email, PASSWORD).cookies["cct_session"]
    client.cookies.clear()
    second = sign_in(client, world.worker_a.email, PASSWORD).cookies["cct_session"]
    assert first != second


def test_sign_out_ends_the_session_on_the_server(world, client: TestClient, session: Session):
    sign_in(client, world.worker_a.email, PASSWORD)
    token = client.cookies["cct_session"]
    page = client.get("/caseload")
    r = client.post("/sign-out", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/sign-in"
    ended = session.exec(select(WebSession).where(WebSession.id == token_digest(token))).one()
    assert ended.ended_at is not None
    session.rollback()  # let go of SQLite's write lock
    # replaying the old cookie does not get back in
    with TestClient(app) as thief:
        thief.cookies.set("cct_session", token)
        assert thief.get("/caseload", follow_redirects=False).status_code == 303
    landing = client.get("/sign-in")
    assert "You have signed out" in landing.text
    assert "govuk-notification-banner--success" in landing.text
    # the message shows once
    assert "You have signed out" not in client.get("/sign-in").text


def test_signed_out_page_redirects_to_sign_in_with_next(world, client: TestClient) -> None:
    r = client.get("/team?show=overdue", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/sign-in?next=/team%3Fshow%3Doverdue"
    form = client.get(r.headers["location"])
    assert 'name="next" value="/team?show=overdue"' in form.text
    done = sign_in(client, world.lead_a.email, PASSWORD, next_path="/team?show=overdue")
    assert done.headers["location"] == "/team?show=overdue"


def test_next_to_another_site_is_ignored(world, client: TestClient) -> None:
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        r = sign_in(client, world.worker_a.email, PASSWORD, next_path=bad)
        assert r.headers["location"] == "/caseload", bad
        client.cookies.clear()
    assert "evil" not in client.get("/sign-in?next=//evil.example/").text


def test_htmx_request_when_signed_out_redirects_the_whole_window(client: TestClient) -> None:
    r = client.get("/caseload", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.headers["HX-Redirect"].startswith("/sign-in")


def test_signed_in_visit_to_sign_in_goes_home(world, web_as) -> None:
    c = web_as(world.lead_a)
    r = c.get("/sign-in", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/team"


def test_too_many_failures_show_a_wait_message_with_retry_after(world, client) -> None:
    for _ in range(5):
        assert sign_in(client, world.worker_a.email, "wrong-password-123").status_code == 422
    r = sign_in(client, world.worker_a.email, PASSWORD)
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    assert "Too many attempts to sign in" in r.text
    assert "govuk-error-summary" in r.text
    assert "cct_session" not in r.headers.get("set-cookie", "")
