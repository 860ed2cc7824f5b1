"""The assessment report in a browser: the worker writes and submits it from the Reports page,
the team lead returns it, then approves it; each page checked with axe, on a phone too."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]
SECTIONS = (
    "The child’s lived experience, wishes and feelings",
    "The parents’ views",
    "Analysis of capacity to change",
    "Recommendation",
)


def _write(page: Page, section: str, text: str) -> None:
    page.locator("#sections").get_by_role("link", name=re.compile(section, re.I)).click()
    page.get_by_label(section).fill(text)
    page.get_by_role("button", name="Save this version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{section}: version")


def test_write_submit_return_and_approve(pages: Pages, world: World, a11y: Check) -> None:
    worker = pages.new(PHONE)
    sign_in(worker, world.worker_a.email)
    worker.goto(f"/families/{world.family_a.id}/reports")
    expect(worker.locator("#assessment-status")).to_contain_text("Draft")
    a11y(worker, "reports page with the report's status")
    worker.get_by_role("link", name="Write, submit or approve the assessment report").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Assessment report")
    a11y(worker, "assessment report, nothing written")

    # submitting too early names what is missing
    worker.get_by_role("button", name="Submit for approval").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text("Write every section")
    a11y(worker, "assessment report, submitted too early")

    worker.locator("#sections").get_by_role("link", name=re.compile("Write.*lived", re.I)).click()
    worker.get_by_role("button", name="Save this version").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text("Enter the text of this section")
    a11y(worker, "report section, left blank")
    worker.get_by_role("link", name="Back to the assessment report").click()
    for section in SECTIONS:
        _write(worker, section, f"What I found: {section.lower()}.")
    worker.get_by_role("button", name="Submit for approval").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text("submitted")

    lead = pages.new()
    sign_in(lead, world.lead_a.email)
    lead.goto("/team/sign-off")
    lead.locator("#reports-to-approve").get_by_role("link").first.click()
    expect(lead.locator("#decision-form")).to_be_visible()
    a11y(lead, "assessment report, waiting for a decision")
    lead.get_by_label("Return it to the social worker").check()
    lead.get_by_role("button", name="Record decision").click()
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Enter what needs to change")
    a11y(lead, "assessment report, returned without comments")
    lead.get_by_label("Return it to the social worker").check()
    lead.get_by_label("Comments").fill("Say more about Lee.")
    lead.get_by_role("button", name="Record decision").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("returned")

    worker.reload()
    expect(worker.locator("#returned")).to_contain_text("Say more about Lee.")
    _write(worker, "Analysis of capacity to change", "Lee has engaged since October.")
    worker.get_by_role("button", name="Submit for approval").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text("submitted")

    lead.reload()
    lead.get_by_label("Approve it").check()
    lead.get_by_role("button", name="Record decision").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("The report is approved")
    a11y(lead, "assessment report, approved")
    lead.goto(f"/families/{world.family_a.id}/reports")
    expect(lead.locator("#assessment-status")).to_contain_text("Approved")
    expect(lead.locator("#assessment-status")).to_contain_text("Lena Marsh, Team lead")
