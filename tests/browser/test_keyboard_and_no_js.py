"""The quick log by keyboard alone, and the main pages with JavaScript switched off."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]
TAB_LIMIT = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab (only Tab) until the element matching ``selector`` has the focus."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} not reached by Tab; focus is on {focused}")


def focus_is_visible(page: Page) -> bool:
    """GOV.UK's focus state: a yellow outline, background or shadow on the focused element."""
    return bool(
        page.evaluate(
            """() => {
              const s = getComputedStyle(document.activeElement);
              return s.outlineStyle !== 'none' && s.outlineWidth !== '0px'
                || s.boxShadow !== 'none'
                || s.backgroundColor === 'rgb(255, 221, 0)';
            }"""
        )
    )


def test_quick_log_by_keyboard_alone(desktop: Page, world: World, a11y: Check) -> None:
    """Tab, Space and Enter (and typing the words): no mouse from the caseload to the entry."""
    page = desktop
    sign_in(page, world.worker_a.email)

    tab_to(page, f"a[href='/families/{world.family_a.id}/log']")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/families/{world.family_a.id}/log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log progress")

    tab_to(page, f"#goal-{world.goal_a.id}")
    page.keyboard.press("Space")
    expect(page.locator(f"#goal-{world.goal_a.id}")).to_be_checked()
    # the five levels of the chosen goal open up next to it
    tab_to(page, f"#score-{world.goal_a.id}-m2")
    page.keyboard.press("Space")
    expect(page.locator(f"#score-{world.goal_a.id}-m2")).to_be_checked()
    a11y(page, "quick log page, filled in by keyboard")

    # send it without saying what was seen: the error summary takes the focus
    tab_to(page, "#save-entry")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what you saw or heard")
    expect(summary).to_be_focused()
    expect(page.locator(f"#score-{world.goal_a.id}-m2")).to_be_checked()
    a11y(page, "quick log page, validation error")

    # its link leads to the field
    tab_to(page, ".govuk-error-summary a[href='#observation']")
    page.keyboard.press("Enter")
    expect(page.locator("#observation")).to_be_focused()
    page.keyboard.type("Rubbish bags by the back door; the stairs were clear.")
    tab_to(page, "#source")
    page.keyboard.type("Home visit")
    expect(page.locator("#source")).to_have_value("home_visit")
    tab_to(page, "#save-entry")
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress entry recorded")
    # the lowest level is a relapse, recorded alongside the entry
    logged = page.locator("#timeline-items > li", has_text="Rubbish bags by the back door")
    expect(logged).to_have_count(1)
    expect(logged).to_contain_text("Internal")
    a11y(page, "family page after a keyboard-only quick log")


def test_staff_pages_and_quick_log_without_javascript(
    pages: Pages, world: World, a11y: Check
) -> None:
    page = pages.new(PHONE, javascript=False)
    assert page.evaluate("() => typeof window.htmx") == "undefined"

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(world.worker_a.email)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your password")
    a11y(page, "sign-in error, no JavaScript")
    sign_in(page, world.worker_a.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    a11y(page, "caseload, no JavaScript")

    page.get_by_role("link", name=world.family_a.family_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.family_a.family_name)
    a11y(page, "family page, no JavaScript")

    page.locator("#log-progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log progress")
    a11y(page, "quick log page, no JavaScript")
    page.get_by_role("button", name="Save entry").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the goal this is about")
    a11y(page, "quick log error, no JavaScript")

    page.get_by_label(world.goal_a.title).check()
    # without JavaScript every goal's levels are on show; choose within the goal picked
    page.locator(f"#conditional-goal-{world.goal_a.id}").get_by_label(
        world.goal_a.level_plus_1
    ).check()
    page.get_by_label("What did you see or hear?").fill("Unannounced visit: every room safe.")
    page.get_by_label("Where did this information come from?").select_option(label="Home visit")
    page.get_by_role("button", name="Save entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress entry recorded")
    newest = page.locator("#timeline-items > li").first
    expect(newest).to_contain_text("Unannounced visit: every room safe.")
    expect(newest).to_contain_text("Score: +1 (somewhat more than expected)")
    a11y(page, "family page after a quick log, no JavaScript")

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")


def test_team_dashboard_and_parent_pages_without_javascript(
    pages: Pages, world: World, a11y: Check
) -> None:
    lead = pages.new(javascript=False)
    sign_in(lead, world.lead_a.email)
    expect(lead.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    a11y(lead, "team dashboard, no JavaScript")

    parent = pages.new(PHONE, javascript=False)
    sign_in(parent, world.parent_a.email)
    expect(parent.get_by_role("heading", level=1)).to_have_text("Your plan")
    a11y(parent, "parent: your plan, no JavaScript")
    parent.locator(f"#open-goal-{world.goal_a.id}").click()
    parent.get_by_label("I want to add a comment").check()
    parent.get_by_label("Your view").fill("We moved the cleaning products up high.")
    parent.get_by_role("button", name="Add your view").click()
    expect(parent.locator("#goal-timeline")).to_contain_text(
        "We moved the cleaning products up high."
    )
    a11y(parent, "parent: one goal after adding a view, no JavaScript")
    parent.locator("#language-cy").click()
    expect(parent.locator("html")).to_have_attribute("lang", "cy")
    parent.goto("/your-progress")
    expect(parent.locator("html")).to_have_attribute("lang", "cy")
    a11y(parent, "parent: your progress in Welsh, no JavaScript")
