"""The parent portal on a phone: read the plan, open a goal, disagree, download, go Welsh."""

import io
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Pages
from tests.browser.helpers import sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def download_plan(page: Page) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download your plan|Lawrlwytho")).click()
    download = info.value
    assert download.suggested_filename == "your-plan.pdf"
    return download.path().read_bytes()


def test_parent_reads_plan_disagrees_downloads_and_switches_to_welsh(
    phone: Page, world: World, a11y: Check
) -> None:
    sign_in(phone, world.parent_a.email)
    assert phone.url.endswith("/your-plan")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your plan")
    expect(phone.locator("#court-notice")).to_contain_text("may be used in court")
    expect(phone.get_by_role("heading", name=world.goal_a.title)).to_be_visible()
    # a goal not yet signed off is not shown to parents
    expect(phone.get_by_text(world.goal_a_unsigned.title)).to_have_count(0)
    expect(phone.locator("#social-worker")).to_have_text("Sam Okoro")
    a11y(phone, "parent: your plan at 375 px")
    # nothing is wider than the phone's screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    phone.locator(f"#open-goal-{world.goal_a.id}").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(world.goal_a.title)
    expect(phone.locator("#steps li")).to_have_count(5)
    a11y(phone, "parent: one goal at 375 px")

    # sending the form empty shows what to fix
    phone.get_by_role("button", name="Add your view").click()
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select whether you agree, disagree or want to add a comment")
    expect(summary).to_contain_text("Enter your view")
    a11y(phone, "parent: your view, error summary")

    phone.get_by_label("I do not agree").check()
    phone.get_by_label("Your view").fill("The stair gate was fitted before this visit.")
    phone.get_by_role("button", name="Add your view").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text(
        "Your view has been added to the record"
    )
    timeline = phone.locator("#goal-timeline")
    expect(timeline).to_contain_text("You did not agree")
    expect(timeline).to_contain_text("The stair gate was fitted before this visit.")
    a11y(phone, "parent: goal after adding a view")

    phone.locator("#back-to-plan").click()
    pdf = download_plan(phone)
    assert pdf.startswith(b"%PDF")
    assert world.goal_a.title in pdf_text(pdf)

    phone.locator("#see-progress").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your progress")
    expect(phone.locator("#progress-timeline")).to_contain_text(
        "The stair gate was fitted before this visit."
    )
    a11y(phone, "parent: your progress at 375 px")

    phone.locator(f"#view-on-{world.shared_entry_a.id}").click()
    expect(phone.locator("#entry-text")).to_have_text(world.shared_entry_a.observation)
    a11y(phone, "parent: one note at 375 px")

    # Cymraeg: the page comes back in Welsh, and so does the next one
    phone.locator("#language-cy").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.locator("#back-to-progress")).not_to_have_text("Back to your progress")
    a11y(phone, "parent: one note in Welsh")
    phone.goto("/your-plan")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Eich cynllun")
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    a11y(phone, "parent: your plan in Welsh at 375 px")
    phone.locator(f"#open-goal-{world.goal_a.id}").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    a11y(phone, "parent: one goal in Welsh")
    phone.goto("/your-progress")
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    a11y(phone, "parent: your progress in Welsh")
    phone.goto("/your-plan")
    welsh_pdf = download_plan(phone)
    assert welsh_pdf.startswith(b"%PDF")
    assert "Eich cynllun" in pdf_text(welsh_pdf)

    phone.locator("#language-en").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your plan")


def test_welsh_choice_follows_the_account(pages: Pages, world: World) -> None:
    """The choice belongs to the account: another browser signed in as the parent gets Welsh."""
    first = pages.new()
    sign_in(first, world.parent_a.email)
    first.locator("#language-cy").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Eich cynllun")

    second = pages.new()
    second.goto("/sign-in")
    # signed out, the new browser has no choice yet: English
    expect(second.locator("html")).to_have_attribute("lang", "en")
    sign_in(second, world.parent_a.email)
    expect(second.get_by_role("heading", level=1)).to_have_text("Eich cynllun")
