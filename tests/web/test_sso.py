"""Single sign-on, end to end against a real OpenID provider (oidc-provider-mock) on a thread.

The browser is played by two clients: the TestClient for this service (it keeps the
cookies) and an httpx client for the provider, where "signing in" as someone is a
form post naming their subject. The provider signs real ID tokens with its own key;
the service reads its discovery document and keys over HTTP like any other.
"""

import base64
import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
import pytest
import sqlalchemy as sa
import werkzeug.serving
from fastapi.testclient import TestClient
from joserfc.jwk import RSAKey
from oidc_provider_mock import _app as mock_app
from sqlmodel import Session, select

from app.config import Settings, get_settings
from app.models.account import Role, User
from app.models.audit import AuditEvent
from app.models.credentials import SsoAttempt, ThrottleHit
from app.services.identity import oidc, sign_ins, sso, throttle
from app.services.identity.auth import token_digest
from app.web import cookies
from app.web.sso import STATE
from tests import factories
from tests.web.conftest import csrf_from, sign_in

# the provider (Authlib's server side) still configures its tokens the old way
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

CLIENT_ID = "cct-test-client"
PROVIDER_NAME = "Example Council"


@dataclass
class Provider:
    """The running provider, and what passed through its token endpoint."""

    url: str
    # code → the PKCE challenge it was issued against
    challenges: dict[str, str] = field(default_factory=dict)
    # the form bodies of token requests
    token_requests: list[dict[str, str]] = field(default_factory=list)
    refused_verifiers: int = 0
    # when set, the key set published instead of the provider's own
    published_keys: bytes | None = None


def _s256(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def _with_pkce(app: Any, provider: Provider) -> Callable[..., Any]:
    """The provider's WSGI app, made to hold each code to its PKCE challenge (RFC 7636):
    oidc-provider-mock issues codes without checking the verifier, a real provider does."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == "/jwks" and provider.published_keys is not None:
            start_response("200 OK", [("Content-Type", "application/json")])
            return [provider.published_keys]
        if path == "/oauth2/token" and environ["REQUEST_METHOD"] == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            provider.token_requests.append(form)
            challenge = provider.challenges.get(form.get("code", ""))
            if challenge is not None and _s256(form.get("code_verifier", "")) != challenge:
                provider.refused_verifiers += 1
                start_response("400 Bad Request", [("Content-Type", "application/json")])
                return [b'{"error": "invalid_grant", "error_description": "PKCE verifier"}']
        if path == "/oauth2/authorize" and environ["REQUEST_METHOD"] == "POST":
            query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}

            def remember(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
                location = dict(headers).get("Location", "")
                code = parse_qs(urlsplit(location).query).get("code", [""])[0]
                if code and query.get("code_challenge_method") == "S256":
                    provider.challenges[code] = query.get("code_challenge", "")
                return start_response(status, headers, *rest)

            return app(environ, remember)
        return app(environ, start_response)

    return wsgi


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    running = Provider(url="")
    app = oidc_provider_mock.app(require_nonce=True)
    server = werkzeug.serving.make_server("localhost", 0, _with_pkce(app, running), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    running.url = f"http://localhost:{server.server_port}"
    try:
        yield running
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture
def configured(provider: Provider, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    monkeypatch.setenv("CCT_OIDC_ISSUER", provider.url)
    monkeypatch.setenv("CCT_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("CCT_OIDC_CLIENT_SECRET", "a-client-secret")
    monkeypatch.setenv("CCT_OIDC_PROVIDER_NAME", PROVIDER_NAME)
    # staff would be asked for a second step after a password: not after single sign-on
    monkeypatch.setenv("CCT_REQUIRE_TWO_STEP_FOR_STAFF", "true")
    get_settings.cache_clear()
    provider.token_requests.clear()
    provider.published_keys = None
    oidc._key_sets.clear()
    yield provider
    get_settings.cache_clear()
    provider.published_keys = None
    oidc._key_sets.clear()


@pytest.fixture
def browser() -> Iterator[TestClient]:
    from app.main import app

    with TestClient(app) as client:
        yield client


def _identity(provider: Provider, sub: str, **claims: Any) -> None:
    """Who the provider knows as ``sub``, with these claims."""
    httpx.put(f"{provider.url}/users/{sub}", json=claims).raise_for_status()


def _start(browser: TestClient, next_path: str = "") -> str:
    """Press "Sign in with …": the address of the provider's sign-in page."""
    page = browser.get("/sign-in")
    data = {"csrf_token": csrf_from(page.text)}
    if next_path:
        data["next"] = next_path
    answer = browser.post("/sign-in/sso", data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def _at_provider(address: str, sub: str) -> str:
    """Sign in at the provider as ``sub``: the path and query it sends the browser back to."""
    answer = httpx.post(address, data={"sub": sub}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert back.path == sso.CALLBACK_PATH
    return f"{back.path}?{back.query}"


def _sign_in(browser: TestClient, sub: str, next_path: str = "") -> httpx.Response:
    return browser.get(_at_provider(_start(browser, next_path), sub), follow_redirects=False)


def _query(address: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(address).query).items()}


def _with_query(address: str, **changes: str) -> str:
    parts = urlsplit(address)
    query = _query(address) | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def _outcomes(session: Session) -> list[tuple[str, str]]:
    session.expire_all()
    events = session.exec(
        select(AuditEvent).where(AuditEvent.action == sso.ACTION).order_by(AuditEvent.id)
    ).all()
    session.commit()
    return [(e.outcome, e.entity_id) for e in events]


def _worker(session: Session, name: str = "Sam Okafor") -> User:
    user = factories.user(session, name, Role.social_worker)
    session.commit()
    return user


def _signed_in_as(browser: TestClient) -> str:
    answer = browser.get("/account/password", follow_redirects=False)
    return "signed in" if answer.status_code == 200 else f"not signed in ({answer.status_code})"


# --- success -------------------------------------------------------------------------------


def test_an_existing_account_signs_in_with_a_verified_email_and_is_linked(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "entra-sub-1", email=user.email.upper(), email_verified=True)

    answer = _sign_in(browser, "entra-sub-1", next_path="/account/password")

    assert answer.status_code == 303, answer.text
    assert (
        answer.headers["location"] == "/account/password"
    )  # no second step, though staff need one
    assert _signed_in_as(browser) == "signed in"
    assert browser.cookies.get(cookies.name(STATE)) is None
    session.refresh(user)
    assert (user.oidc_issuer, user.oidc_subject) == (configured.url, "entra-sub-1")
    assert _outcomes(session) == [("ok", str(user.id))]


def test_a_linked_account_is_found_by_its_subject_even_when_the_email_changes(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-2", email=user.email, email_verified=True)
    assert _sign_in(browser, "sub-2").status_code == 303
    browser.cookies.clear()
    # renamed at the provider, address not vouched for: the subject still names them
    _identity(configured, "sub-2", email="renamed@elsewhere.test", email_verified=False)

    assert _sign_in(browser, "sub-2").status_code == 303
    assert _signed_in_as(browser) == "signed in"


def test_the_role_stays_the_one_held_here(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-role", email=user.email, email_verified=True, roles=["admin"])

    answer = _sign_in(browser, "sub-role")

    assert answer.headers["location"] == "/caseload"  # a social worker's home
    session.refresh(user)
    assert user.role == Role.social_worker


def test_signing_out_ends_the_local_session(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-out", email=user.email, email_verified=True)
    _sign_in(browser, "sub-out")
    token = browser.cookies.get(cookies.name(cookies.SESSION))
    assert token
    page = browser.get("/account/password")
    csrf = csrf_from(page.text)

    browser.post("/sign-out", data={"csrf_token": csrf}, follow_redirects=False)

    browser.cookies.set(cookies.name(cookies.SESSION), token)  # the old cookie, kept
    assert _signed_in_as(browser).startswith("not signed in")


# --- refusals ------------------------------------------------------------------------------


def test_an_unknown_person_gets_no_account(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    _identity(configured, "stranger", email="stranger@example.test", email_verified=True)

    answer = _sign_in(browser, "stranger")

    assert answer.status_code == 403
    assert "there is no account for you here" in answer.text
    assert "govuk-error-summary" in answer.text
    assert session.exec(select(User).where(User.email == "stranger@example.test")).first() is None
    assert _outcomes(session) == [("unknown_user", "")]
    assert _signed_in_as(browser).startswith("not signed in")


def test_an_unverified_email_does_not_link_an_account(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "claims-to-be", email=user.email, email_verified=False)

    answer = _sign_in(browser, "claims-to-be")

    assert answer.status_code == 403
    session.refresh(user)
    assert user.oidc_subject is None
    assert _outcomes(session) == [("email_unverified", "")]


def test_a_disabled_account_is_refused(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    user.is_active = False
    session.add(user)
    session.commit()
    _identity(configured, "sub-off", email=user.email, email_verified=True)

    answer = _sign_in(browser, "sub-off")

    assert answer.status_code == 403
    assert "Ask an administrator" in answer.text
    assert _outcomes(session) == [("disabled", str(user.id))]
    assert _signed_in_as(browser).startswith("not signed in")
    session.refresh(user)
    assert user.oidc_subject is None


def test_an_account_linked_to_another_subject_is_not_taken_over(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "first", email=user.email, email_verified=True)
    assert _sign_in(browser, "first").status_code == 303
    browser.cookies.clear()
    _identity(configured, "second", email=user.email, email_verified=True)

    answer = _sign_in(browser, "second")

    assert answer.status_code == 403
    assert _outcomes(session)[-1] == ("subject_clash", str(user.id))


def test_a_token_for_another_audience_is_refused(
    configured: Provider, browser: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = _worker(session)
    _identity(configured, "sub-aud", email=user.email, email_verified=True)
    issue = mock_app.OpenIDCode.get_jwt_config

    def for_another_client(self: Any, grant: Any, client: Any = None) -> dict[str, Any]:
        return {**issue(self, grant, client), "aud": ["some-other-application"]}

    monkeypatch.setattr(mock_app.OpenIDCode, "get_jwt_config", for_another_client)

    answer = _sign_in(browser, "sub-aud")

    assert answer.status_code == 400
    assert "did not work" in answer.text
    assert _outcomes(session) == [("wrong_audience", "")]
    assert _signed_in_as(browser).startswith("not signed in")


def test_a_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-sig", email=user.email, email_verified=True)
    other = RSAKey.generate_key(2048)
    configured.published_keys = json.dumps({"keys": [other.as_dict(private=False)]}).encode()

    answer = _sign_in(browser, "sub-sig")

    assert answer.status_code == 400
    assert _outcomes(session) == [("bad_signature", "")]
    assert _signed_in_as(browser).startswith("not signed in")


def test_a_locked_out_account_is_refused_after_the_provider_names_it(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    digest = hashlib.sha256(user.email.encode()).hexdigest()
    for _ in range(5):  # five wrong passwords for this account
        session.add(ThrottleHit(key=f"account:{digest}"))
    session.commit()
    _identity(configured, "sub-locked", email=user.email, email_verified=True)

    answer = _sign_in(browser, "sub-locked")

    assert answer.status_code == 429
    assert _outcomes(session) == [("throttled", str(user.id))]
    session.refresh(user)
    assert user.oidc_subject is None


def test_an_expired_token_is_refused(
    configured: Provider,
    browser: TestClient,
    session: Session,
    frozen_clock: Callable[[datetime], None],
) -> None:
    user = _worker(session)
    _identity(configured, "sub-exp", email=user.email, email_verified=True)
    # the provider's tokens last an hour; here it is two hours later than the provider thinks
    frozen_clock(datetime.now(UTC) + timedelta(hours=2))

    answer = _sign_in(browser, "sub-exp")

    assert answer.status_code == 400
    assert _outcomes(session) == [("expired", "")]


def test_a_token_issued_in_the_future_is_refused(
    configured: Provider,
    browser: TestClient,
    session: Session,
    frozen_clock: Callable[[datetime], None],
) -> None:
    user = _worker(session)
    _identity(configured, "sub-iat", email=user.email, email_verified=True)
    frozen_clock(datetime.now(UTC) - timedelta(minutes=10))

    answer = _sign_in(browser, "sub-iat")

    assert answer.status_code == 400
    assert _outcomes(session) == [("bad_issue_time", "")]


def test_a_replayed_nonce_is_refused(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-nonce", email=user.email, email_verified=True)
    first = _start(browser)
    assert browser.get(_at_provider(first, "sub-nonce"), follow_redirects=False).status_code == 303
    browser.cookies.clear()

    # a new sign-in whose request to the provider carries the first one's nonce
    second = _with_query(_start(browser), nonce=_query(first)["nonce"])
    answer = browser.get(_at_provider(second, "sub-nonce"), follow_redirects=False)

    assert answer.status_code == 400
    assert _outcomes(session) == [("ok", str(user.id)), ("nonce_replayed", "")]
    assert _signed_in_as(browser).startswith("not signed in")


def test_a_nonce_that_belongs_to_no_sign_in_is_refused(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-nonce2", email=user.email, email_verified=True)

    address = _with_query(_start(browser), nonce="made-up-nonce")
    answer = browser.get(_at_provider(address, "sub-nonce2"), follow_redirects=False)

    assert answer.status_code == 400
    assert _outcomes(session) == [("nonce_mismatch", "")]


def test_a_state_that_is_not_this_browsers_is_refused(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-state", email=user.email, email_verified=True)
    back = _at_provider(_start(browser), "sub-state")

    # someone else's browser (no state cookie) is sent the same answer: a login CSRF
    from app.main import app

    with TestClient(app) as other:
        assert other.get(back, follow_redirects=False).status_code == 400
    # and this browser with the state changed
    forged = _with_query(back, state="another-state")
    assert browser.get(forged, follow_redirects=False).status_code == 400

    assert _outcomes(session) == [("state_mismatch", ""), ("state_mismatch", "")]
    assert configured.token_requests == []  # the code was never exchanged


def test_an_answer_is_accepted_once(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-once", email=user.email, email_verified=True)
    address = _start(browser)
    state_cookie = browser.cookies.get(cookies.name(STATE))
    back = _at_provider(address, "sub-once")
    assert browser.get(back, follow_redirects=False).status_code == 303
    browser.cookies.clear()
    browser.cookies.set(cookies.name(STATE), state_cookie)

    again = browser.get(back, follow_redirects=False)

    assert again.status_code == 400
    assert _outcomes(session) == [("ok", str(user.id)), ("state_used", "")]


def test_a_slow_return_from_the_provider_is_refused(
    configured: Provider,
    browser: TestClient,
    session: Session,
) -> None:
    user = _worker(session)
    _identity(configured, "sub-slow", email=user.email, email_verified=True)
    address = _start(browser)
    session.execute(sa.update(SsoAttempt).values(created_at=datetime.now(UTC) - timedelta(hours=1)))
    session.commit()

    answer = browser.get(_at_provider(address, "sub-slow"), follow_redirects=False)

    assert answer.status_code == 400
    assert _outcomes(session) == [("state_expired", "")]


def test_cancelling_at_the_provider_is_audited(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    address = _start(browser)
    answer = httpx.post(address, data={"action": "deny"}, follow_redirects=False)
    back = urlsplit(answer.headers["location"])
    assert _query(back.geturl())["error"] == "access_denied"
    # RFC 6749, 4.1.2.1: an error answer carries the state too (this provider leaves it out)
    query = _query(back.geturl()) | {"state": _query(address)["state"]}

    page = browser.get(f"{back.path}?{urlencode(query)}", follow_redirects=False)

    assert page.status_code == 400
    assert "was cancelled" in page.text
    assert _outcomes(session) == [("provider_error", "")]


# --- PKCE -----------------------------------------------------------------------------------


def test_pkce_s256_the_verifier_matches_the_challenge_and_is_kept_encrypted(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-pkce", email=user.email, email_verified=True)
    address = _start(browser)
    query = _query(address)
    assert query["code_challenge_method"] == "S256"
    assert query["response_type"] == "code"
    assert {"state", "nonce", "code_challenge"} <= set(query)
    assert "openid" in query["scope"].split()
    state = browser.cookies.get(cookies.name(STATE))
    assert state == query["state"]
    # the attempt is kept under the state's hash; the verifier only encrypted
    raw = session.execute(
        sa.text("SELECT id, code_verifier FROM ssoattempt WHERE id = :id"),
        {"id": token_digest(state)},
    ).one()
    session.commit()
    attempt = session.get(SsoAttempt, raw.id)
    session.commit()
    assert attempt is not None
    assert raw.code_verifier != attempt.code_verifier
    assert _s256(attempt.code_verifier) == query["code_challenge"]

    assert browser.get(_at_provider(address, "sub-pkce"), follow_redirects=False).status_code == 303

    [exchange] = configured.token_requests
    assert exchange["code_verifier"] == attempt.code_verifier
    assert exchange["grant_type"] == "authorization_code"
    assert "client_secret" not in exchange  # sent in the Authorization header


def test_a_code_exchanged_with_the_wrong_verifier_is_refused(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    user = _worker(session)
    _identity(configured, "sub-pkce2", email=user.email, email_verified=True)
    address = _start(browser)
    back = _at_provider(address, "sub-pkce2")
    # the code intercepted and used with another sign-in's verifier
    attempt = session.exec(select(SsoAttempt)).one()
    attempt.code_verifier = "x" * 64
    session.add(attempt)
    session.commit()
    refused_before = configured.refused_verifiers

    answer = browser.get(back, follow_redirects=False)

    assert answer.status_code == 400
    assert configured.refused_verifiers == refused_before + 1
    assert _outcomes(session) == [("code_refused", "")]


# --- throttling, audit, password sign-in ---------------------------------------------------


def test_refusals_count_against_the_address_and_the_throttle_stops_them(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    address_key = "address:testclient"
    for _ in range(19):
        session.add(ThrottleHit(key=address_key))
    session.commit()
    _identity(configured, "stranger2", email="nobody@example.test", email_verified=True)

    assert _sign_in(browser, "stranger2").status_code == 403  # the twentieth failure
    answer = _sign_in(browser, "stranger2")

    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) > 0
    assert _outcomes(session) == [("unknown_user", ""), ("throttled", "")]


def _press_the_button(browser: TestClient) -> httpx.Response:
    page = browser.get("/sign-in")
    data = {"csrf_token": csrf_from(page.text)}
    return browser.post("/sign-in/sso", data=data, follow_redirects=False)


def _attempts(session: Session) -> int:
    session.expire_all()
    count = session.exec(select(sa.func.count()).select_from(SsoAttempt)).one()
    session.commit()
    return int(count)


def test_pressing_the_button_again_and_again_is_throttled_per_address(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    for _ in range(throttle.ADDRESS_LIMIT):
        assert _press_the_button(browser).status_code == 303
    stored = _attempts(session)

    answer = _press_the_button(browser)

    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) > 0
    assert "govuk-error-summary" in answer.text
    assert "Too many attempts to sign in" in answer.text
    assert _attempts(session) == stored  # nothing stored for the refused press
    assert _outcomes(session) == [("throttled", "")]


def test_starts_that_end_in_a_sign_in_do_not_count_against_the_address(
    configured: Provider, session: Session
) -> None:
    from app.main import app

    user = _worker(session)
    _identity(configured, "entra-sub-9", email=user.email, email_verified=True)
    for _ in range(throttle.ADDRESS_LIMIT - 1):
        session.add(ThrottleHit(key="sso-start:testclient"))
    session.commit()
    with TestClient(app) as first:
        assert _sign_in(first, "entra-sub-9").status_code == 303  # the twentieth start
    with TestClient(app) as second:
        # the sign-in took its start off the count: one more start is allowed
        assert _press_the_button(second).status_code == 303
        assert _press_the_button(second).status_code == 429


def test_administrators_see_refused_single_sign_ons(
    configured: Provider, browser: TestClient, session: Session
) -> None:
    _identity(configured, "stranger3", email="nobody3@example.test", email_verified=True)
    _sign_in(browser, "stranger3")

    found = sign_ins.report(session, None)

    assert [(f.step, f.outcome) for f in found.failures] == [("single sign-on", "unknown_user")]


def test_password_sign_in_can_be_turned_off_for_staff_only(
    configured: Provider, browser: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCT_PASSWORD_SIGN_IN_FOR_STAFF", "false")
    get_settings.cache_clear()
    world = factories.build_world(session)
    worker, parent = world.worker_a, world.parent_a

    refused = sign_in(browser, worker.email, factories.PASSWORD)
    assert refused.status_code == 422
    assert "Enter a correct email address and password" in refused.text
    browser.cookies.clear()
    allowed = sign_in(browser, parent.email, factories.PASSWORD)
    assert allowed.status_code == 303

    denied = session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "sign_in", AuditEvent.entity_id == str(worker.id)
        )
    ).one()
    assert denied.outcome == "password_off"
    page = TestClient(browser.app).get("/sign-in").text
    assert f"Sign in with {PROVIDER_NAME}" in page
    assert "Staff sign in with their Example Council account." in page
    assert 'name="password"' in page  # parents still have the form


def test_with_both_turned_off_the_page_has_only_the_button(
    configured: Provider, browser: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCT_PASSWORD_SIGN_IN_FOR_STAFF", "false")
    monkeypatch.setenv("CCT_PASSWORD_SIGN_IN_FOR_PARENTS", "false")
    get_settings.cache_clear()

    page = browser.get("/sign-in").text

    assert f"Sign in with {PROVIDER_NAME}" in page
    assert 'name="password"' not in page


# --- the page -------------------------------------------------------------------------------


def test_the_sign_in_page_offers_the_button_in_english_and_welsh(
    configured: Provider, browser: TestClient
) -> None:
    answer = browser.get("/sign-in")
    # the button's form is redirected to the provider: the policy lets it go there
    assert f"form-action 'self' {configured.url};" in answer.headers["content-security-policy"]
    english = answer.text
    assert 'action="/sign-in/sso"' in english
    assert f"Sign in with {PROVIDER_NAME}" in english
    assert "Or sign in with your email address and password" in english

    browser.cookies.set(cookies.name("cct_language"), "cy")
    welsh = browser.get("/sign-in").text
    assert f"Mewngofnodi gyda {PROVIDER_NAME}" in welsh
    assert "Cyfrinair" in welsh


def test_without_single_sign_on_there_is_no_button_and_no_route(browser: TestClient) -> None:
    page = browser.get("/sign-in")
    assert "/sign-in/sso" not in page.text
    assert browser.get("/sign-in/sso/callback?code=x&state=y").status_code == 404
    csrf = csrf_from(page.text)
    assert browser.post("/sign-in/sso", data={"csrf_token": csrf}).status_code == 404


def test_an_unreachable_provider_is_a_plain_error_page(
    browser: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCT_OIDC_ISSUER", "http://localhost:9")  # nothing listens there
    monkeypatch.setenv("CCT_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("CCT_OIDC_CLIENT_SECRET", "secret")
    get_settings.cache_clear()
    try:
        page = browser.get("/sign-in")
        answer = browser.post("/sign-in/sso", data={"csrf_token": csrf_from(page.text)})
        assert answer.status_code == 503
        assert "is not working at the moment" in answer.text
    finally:
        get_settings.cache_clear()


# --- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"oidc_issuer": "https://login.example.test/t/v2.0", "oidc_client_id": "c"}, "SECRET"),
        ({"oidc_issuer": "https://login.example.test/t/v2.0", "oidc_client_secret": "s"}, "ID"),
        ({"password_sign_in_for_staff": False}, "single sign-on"),
        (
            {"oidc_issuer": "ftp://example.test", "oidc_client_id": "c", "oidc_client_secret": "s"},
            "https",
        ),
    ],
)
def test_settings_refuse_an_incomplete_configuration(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**values)


def test_production_wants_https_for_the_provider() -> None:
    production = {
        "environment": "production",
        "secret_key": "x" * 48,
        "encryption_key": "A" * 43 + "=",
        "oidc_client_id": "c",
        "oidc_client_secret": "s",
    }
    with pytest.raises(ValueError, match="https"):
        Settings(oidc_issuer="http://login.example.test", **production)
    assert Settings(oidc_issuer="https://login.example.test", **production).sso_enabled


def test_cct_serve_refuses_single_sign_on_without_its_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from app.cli import app as cli

    monkeypatch.setenv("CCT_OIDC_ISSUER", "https://login.example.test/tenant/v2.0")
    monkeypatch.setenv("CCT_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.delenv("CCT_OIDC_CLIENT_SECRET", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve", "--port", "1"])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 2
    assert "CCT_OIDC_CLIENT_SECRET must be set" in result.output
