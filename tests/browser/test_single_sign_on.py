"""Single sign-on in a real browser: the button on the sign-in page, the provider's own
sign-in page (oidc-provider-mock on a thread), and back, signed in; and a refusal."""

import re
from collections.abc import Iterator

import httpx
import oidc_provider_mock
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from app.models.account import Role
from tests import factories
from tests.browser import helpers

# the provider (Authlib's server side) still configures its tokens the old way
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

PROVIDER_NAME = "Example Council"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def site(provider: str) -> Iterator[str]:
    port = helpers.free_port()
    env = {
        "CCT_OIDC_ISSUER": provider,
        "CCT_OIDC_CLIENT_ID": "cct-browser-test",
        "CCT_OIDC_CLIENT_SECRET": "a-client-secret",
        "CCT_OIDC_PROVIDER_NAME": PROVIDER_NAME,
        "CCT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "CCT_REQUIRE_TWO_STEP_FOR_STAFF": "true",
    }
    with helpers.live_server(env, port=port) as url:
        yield url


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(base_url=site, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _through_the_provider(page: Page, sub: str) -> None:
    page.goto("/sign-in")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    # the provider's own sign-in page
    page.locator('input[name="sub"]').fill(sub)
    with page.expect_navigation():
        page.get_by_role("button", name="Authorize").click()


def test_a_worker_signs_in_with_the_organisation_account_and_out_again(
    page: Page, provider: str, session: Session
) -> None:
    worker = factories.user(session, "Robin Ashby", Role.social_worker)
    session.commit()
    claims = {"email": worker.email, "email_verified": True, "name": "Robin Ashby"}
    httpx.put(f"{provider}/users/robin-at-council", json=claims).raise_for_status()
    page.goto("/sign-in")
    helpers.check_a11y(page, "sign-in page with single sign-on")

    _through_the_provider(page, "robin-at-council")

    # straight to the caseload: no second step after the provider's sign-in
    expect(page).to_have_url(re.compile(r"/caseload$"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.goto("/caseload")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_someone_without_an_account_is_told_so(page: Page, provider: str) -> None:
    claims = {"email": "not-here@example.test", "email_verified": True}
    httpx.put(f"{provider}/users/stranger", json=claims).raise_for_status()

    _through_the_provider(page, "stranger")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("there is no account for you here")
    helpers.check_a11y(page, "sign-in page after a refused single sign-on")
