"""A social worker on a phone: the quick log, an amendment, and an edit that meets a newer one."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]
SEEN = "Both bedrooms safe; the stair gate was closed and the medicines locked away."


def open_family(page: Page, world: World) -> None:
    page.get_by_role("link", name=world.family_a.family_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.family_a.family_name)


def newest(page: Page) -> Locator:
    return page.locator("#timeline-items > li").first


def test_quick_log_on_a_phone_then_amend(phone: Page, world: World, a11y: Check) -> None:
    sign_in(phone, world.worker_a.email)
    open_family(phone, world)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    a11y(phone, "family page at 375 px")
    phone.locator("#family-navigation").get_by_role("link", name="Timeline").click()
    expect(phone.locator("#family-nav-timeline")).to_have_attribute("aria-current", "page")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.get_by_text("Log progress on this page").click()
    form = phone.locator("#quick-log-form")
    expect(form).to_be_visible()
    a11y(phone, "family page, quick log open at 375 px")
    # the page is not reloaded: a value set in it now survives the whole log
    phone.evaluate("window.stillTheSamePage = true")
    url = phone.url

    # sent empty: the form comes back in place with what to fix
    form.get_by_role("button", name="Save entry").click()
    summary = phone.locator("#quick-log-form .govuk-error-summary")
    expect(summary).to_contain_text("Select the goal this is about")
    expect(summary).to_contain_text("Enter what you saw or heard")
    a11y(phone, "quick log validation error (htmx) at 375 px")

    form = phone.locator("#quick-log-form")
    form.get_by_label(world.goal_a.title).check()
    form.locator(f"#conditional-goal-{world.goal_a.id}").get_by_label(world.goal_a.level_0).check()
    form.get_by_label("What did you see or hear?").fill(SEEN)
    form.get_by_label("Where did this information come from?").select_option(label="Home visit")
    form.get_by_label("Shared with the family").check()
    form.get_by_role("button", name="Save entry").click()

    banner = phone.locator("#log-success")
    expect(banner).to_contain_text("Progress entry recorded")
    # at the top of the page, and focused so it is read out and seen
    expect(banner).to_be_focused()
    assert phone.locator("#page-messages #log-success").count() == 1
    expect(newest(phone)).to_contain_text(SEEN)
    expect(newest(phone)).to_contain_text(world.goal_a.title)
    expect(newest(phone)).to_contain_text("Shared with the family")
    assert phone.evaluate("window.stillTheSamePage") is True
    assert phone.url == url
    # a fresh, empty form is ready for the next entry
    expect(phone.get_by_label("What did you see or hear?")).to_have_value("")
    a11y(phone, "family page after a quick log at 375 px")

    newest(phone).get_by_role("link", name="Amend this record").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Amend a progress entry")
    expect(phone.get_by_label("What did you see or hear?")).to_have_value(SEEN)
    a11y(phone, "amend an entry at 375 px")

    phone.get_by_label("What did you see or hear?").fill(SEEN + " The fire guard was in place.")
    phone.get_by_role("button", name="Save amendment").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are amending this entry"
    )
    expect(phone.get_by_label("What did you see or hear?")).to_have_value(
        SEEN + " The fire guard was in place."
    )
    a11y(phone, "amend an entry, reason missing")

    phone.get_by_label("Why are you amending it?").fill("Left out the fire guard.")
    phone.get_by_role("button", name="Save amendment").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Entry amended")
    expect(phone.locator(".govuk-notification-banner")).to_be_focused()
    expect(phone.locator("main")).to_contain_text("Left out the fire guard.")
    # the history marks what changed between the two versions
    changed = phone.locator("#version-2 .app-changed")
    expect(changed).to_have_count(1)
    expect(changed.locator("ins")).to_contain_text("The fire guard was in place.")
    a11y(phone, "entry history after an amendment")

    phone.goto(f"/families/{world.family_a.id}/timeline")
    expect(newest(phone)).to_contain_text("The fire guard was in place.")
    expect(newest(phone)).to_contain_text("Amended")


def test_goal_edited_in_two_pages_shows_the_conflict(
    pages: Pages, world: World, a11y: Check
) -> None:
    first = pages.new(PHONE)
    sign_in(first, world.worker_a.email)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"/goals/{world.goal_a.id}/edit")
        expect(page.get_by_role("heading", level=1)).to_have_text("Change the goal")
    a11y(first, "change a goal at 375 px")

    theirs = "Keep every room safe and clean for the children"
    yours = "Keep the home safe, clean and warm for the children"
    first.get_by_label("What must change?").fill(theirs)
    first.get_by_role("button", name=re.compile("^Save")).click()
    expect(first.locator(".govuk-notification-banner")).to_contain_text("Goal saved")

    second.get_by_label("What must change?").fill(yours)
    second.get_by_role("button", name=re.compile("^Save")).click()
    conflict = second.locator("#conflict")
    expect(conflict).to_contain_text(
        re.compile(r"This goal was changed by Sam Okoro at\s+\S.+\s+while you were editing")
    )
    expect(conflict.locator(".app-conflict__theirs")).to_contain_text([theirs])
    expect(conflict.locator(".app-conflict__yours")).to_contain_text([yours])
    # the user's input is kept in the form
    expect(second.get_by_label("What must change?")).to_have_value(yours)
    a11y(second, "goal edit conflict at 375 px")

    # saving again, knowingly, applies their version over the newer one
    second.get_by_role("button", name=re.compile("^Save")).click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("Goal saved")
    expect(second.locator(f"#goal-card-{world.goal_a.id}")).to_contain_text(yours)
