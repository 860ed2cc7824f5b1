"""Sign-in, my caseload and the team dashboard in a real browser, each checked with axe-core."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, check_a11y, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]


def test_sign_in_error_summary_then_success(desktop: Page, world: World, a11y: Check) -> None:
    desktop.goto("/sign-in")
    expect(desktop).to_have_title(re.compile("^Sign in"))
    a11y(desktop, "sign-in page")

    desktop.get_by_label("Email address").fill(world.worker_a.email)
    desktop.get_by_label("Password").fill("not-the-password")
    desktop.get_by_role("button", name="Sign in").click()
    summary = desktop.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(desktop).to_have_title(re.compile("^Error: Sign in"))
    # GOV.UK Frontend moves focus to the summary, and its link leads to the field
    expect(summary).to_be_focused()
    expect(desktop.get_by_label("Email address")).to_have_value(world.worker_a.email)
    a11y(desktop, "sign-in error summary")

    summary.get_by_role("link").click()
    expect(desktop.get_by_label("Email address")).to_be_focused()

    desktop.get_by_label("Password").fill("")
    desktop.get_by_label("Email address").fill("")
    desktop.get_by_role("button", name="Sign in").click()
    expect(summary).to_contain_text("Enter your email address")
    expect(summary).to_contain_text("Enter your password")
    a11y(desktop, "sign-in with empty fields")

    sign_in(desktop, world.worker_a.email)
    assert desktop.url.endswith("/caseload")


def test_worker_caseload_and_family_page(pages: Pages, world: World, a11y: Check) -> None:
    for viewport in (None, PHONE):
        page = pages.new(viewport)
        sign_in(page, world.worker_a.email)
        expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
        expect(page.get_by_role("link", name="Ashdown family", exact=True)).to_be_visible()
        # another team's family is not on the list
        expect(page.get_by_text("Brockley family")).to_have_count(0)
        a11y(page, f"caseload at {viewport['width'] if viewport else 1280} px")

    page.get_by_role("link", name="Ashdown family", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashdown family")
    expect(page.get_by_text("Jo Ashdown").first).to_be_visible()
    a11y(page, "family page at 375 px")


def test_team_dashboard_numbers_lead_to_their_lists(
    desktop: Page, world: World, a11y: Check
) -> None:
    sign_in(desktop, world.lead_a.email)
    assert desktop.url.endswith("/team")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    expect(desktop.get_by_role("rowheader", name="Sam Okoro")).to_be_visible()
    a11y(desktop, "team dashboard")

    desktop.get_by_role("link", name=re.compile("open families")).click()
    expect(desktop.locator("#family-list")).to_have_text("All families")
    expect(desktop.get_by_role("link", name="Ashdown family", exact=True)).to_be_visible()
    expect(desktop.get_by_text("Brockley family")).to_have_count(0)
    a11y(desktop, "team dashboard, all families")

    desktop.get_by_role("link", name="1 for Sam Okoro").first.click()
    expect(desktop.locator("#family-list")).to_contain_text("Sam Okoro")
    a11y(desktop, "team dashboard, one worker's families")


def test_signed_out_pages_send_to_sign_in(desktop: Page, world: World) -> None:
    desktop.goto("/caseload")
    assert "/sign-in" in desktop.url
    sign_in(desktop, world.worker_a.email)
    desktop.get_by_role("button", name="Sign out").click()
    expect(desktop.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    desktop.goto("/caseload")
    assert "/sign-in" in desktop.url


def test_axe_check_catches_a_violation(desktop: Page) -> None:
    desktop.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><img src="data:,"><input type="text">'
        '<label>Yes <input type="radio" name="r" aria-expanded="false"></label>'
        "</main></body></html>"
    )
    # aria-expanded is let through only on GOV.UK Frontend's conditional-reveal inputs
    with pytest.raises(AssertionError, match=r"aria-allowed-attr[\s\S]*image-alt[\s\S]*label"):
        check_a11y(desktop, "a page made to fail", record=False)
