"""Staff daily use in a real browser: a failing family heads the caseload and the dashboard
with its signals, its record's sub-pages say what needs doing, and a forgotten password is
reset through a real SMTP server on this machine."""

import re
from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from tests import factories
from tests.browser.conftest import Pages
from tests.browser.helpers import DESKTOP, PHONE, free_port, live_server, sign_in
from tests.factories import World
from tests.web.test_forgotten_password import Inbox

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]
NEW_PASSWORD = "copper-harbour-slowly-48"
WIDER_THAN_THE_SCREEN = (
    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def test_a_failing_family_heads_the_caseload_and_the_dashboard_with_its_signals(
    pages: Pages, world: World, session: Session, a11y: Check
) -> None:
    """Carrowmoor: every goal flat at −2, a milestone overdue, 5 weeks to the decision."""
    family = factories.carrowmoor(session, world)

    worker = pages.new(PHONE)
    sign_in(worker, world.worker_a.email)
    first = worker.locator("main .govuk-summary-card").first
    expect(first).to_contain_text("Carrowmoor family")
    expect(first).to_contain_text("5 weeks left")
    expect(first).to_contain_text("3 goals not on course for the child’s timescale")
    expect(first).to_contain_text("1 milestone past the due date")
    expect(first).to_contain_text("35 days to the decision")
    # never green while its measures say it is not on course
    expect(first.locator(".govuk-tag--green")).to_have_count(0)
    assert not worker.evaluate(WIDER_THAN_THE_SCREEN)
    a11y(worker, "caseload with a failing family at 375 px")

    first.get_by_role("link", name="Carrowmoor family", exact=True).click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Carrowmoor family")
    expect(worker.locator("#to-do-list")).to_contain_text(
        "Overdue: “Kitchen cleared by the visit” was due on"
    )
    expect(worker.locator("#not-on-course .govuk-warning-text")).to_have_count(3)
    expect(worker.locator("#t-score-chart svg")).to_have_count(1)
    assert not worker.evaluate(WIDER_THAN_THE_SCREEN)
    a11y(worker, "summary of a failing family at 375 px")
    worker.locator("#to-do-list").get_by_role("link", name=re.compile("Record the outcome")).click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text("outcome")
    worker.go_back()
    worker.locator("#family-navigation").get_by_role("link", name="Plan").click()
    late = worker.locator("li", has_text="Kitchen cleared by the visit")
    expect(late.locator(".govuk-tag")).to_have_text("Overdue")

    for viewport in (PHONE, DESKTOP):
        lead = pages.new(viewport)
        sign_in(lead, world.lead_a.email)
        figure = lead.locator(".app-figure", has_text="with goals not on course")
        expect(figure).to_contain_text("2")
        expect(lead.locator(".app-figure", has_text="with overdue milestones")).to_contain_text("1")
        rows = lead.locator("#families tbody tr")
        expect(rows.first).to_contain_text("Carrowmoor family")
        expect(rows.first).to_contain_text("5 weeks left")
        expect(rows.first.locator(".govuk-tag--green")).to_have_count(0)
        assert not lead.evaluate(WIDER_THAN_THE_SCREEN), viewport
        a11y(lead, f"team dashboard with a failing family at {viewport['width']} px")
        # the count leads to its list
        figure.get_by_role("link").click()
        expect(lead.locator("#family-list")).to_contain_text("Families with goals not on course")
        expect(lead.locator("#families tbody tr").first).to_contain_text("Carrowmoor family")
        expect(lead.get_by_role("link", name="Ashdown family", exact=True)).to_have_count(0)
    assert family.family_name == "Carrowmoor family"


class _Mail:
    """An SMTP server on this machine and a copy of the app that sends its mail there."""

    def __init__(self, inbox: Inbox, base_url: str) -> None:
        self.inbox = inbox
        self.base_url = base_url


@pytest.fixture
def mail_server() -> Iterator[_Mail]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with live_server({"CCT_SMTP_URL": f"smtp://127.0.0.1:{port}"}) as url:
            yield _Mail(inbox, url)
    finally:
        controller.stop()


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    browser: Browser, world: World, mail_server: _Mail, a11y: Check
) -> None:
    pages = Pages(browser, mail_server.base_url)
    try:
        page = pages.new(PHONE)
        page.goto("/sign-in")
        page.get_by_role("link", name="Forgotten your password?").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
        a11y(page, "forgotten password at 375 px")
        page.get_by_label("Email address").fill(world.worker_a.email)
        page.get_by_role("button", name="Send a reset link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")
        a11y(page, "reset link sent")

        for _ in range(50):
            if mail_server.inbox.messages:
                break
            page.wait_for_timeout(100)
        [mail] = mail_server.inbox.messages
        assert mail["To"] == world.worker_a.email
        body = mail.get_payload(decode=True).decode()
        found = re.search(r"https?://[^/\s]+(/account/reset/[A-Za-z0-9_-]+)", body)
        assert found, body

        page.goto(found.group(1))
        expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
        a11y(page, "choose a new password")
        page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Enter the password again").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Save password").click()
        expect(page).to_have_url(re.compile(r"/sign-in$"))

        sign_in(page, world.worker_a.email, NEW_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
        # the link worked once
        response = page.goto(found.group(1))
        assert response is not None and response.status == 410
    finally:
        pages.close()
    assert not pages.problems, "\n".join(pages.problems)


def test_the_timeline_pages_twenty_at_a_time_and_filters_in_place(
    phone: Page, world: World, session: Session, a11y: Check
) -> None:
    for n in range(25):
        factories.entry(
            session, world.goal_a, world.worker_a, days_ago=20 + n, observation=f"Visit {n:02d}."
        )
    session.commit()
    sign_in(phone, world.worker_a.email)
    phone.goto(f"/families/{world.family_a.id}/timeline")
    items = phone.locator("#timeline-items > li")
    expect(items).to_have_count(20)
    expect(phone.locator("#timeline-count")).to_contain_text("27 records, newest first.")
    pagination = phone.get_by_role("navigation", name="Timeline pages")
    assert not phone.evaluate(WIDER_THAN_THE_SCREEN)
    a11y(phone, "timeline, page 1 of 2, at 375 px")
    pagination.get_by_role("link", name=re.compile("Next")).click()
    expect(phone).to_have_url(re.compile(r"/timeline\?page=2$"))
    expect(items).to_have_count(7)
    expect(phone.locator("#timeline-count")).to_contain_text("Showing 21 to 27.")

    # the filter swaps the timeline in place (htmx) and keeps the address in step
    phone.get_by_text("Filter the timeline").click()
    phone.get_by_label("Significant events only").check()
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone.locator("#timeline-count")).to_contain_text("1 record matches the filters")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Neighbour reported")
    expect(phone).to_have_url(re.compile(r"/timeline\?.*significance=significant"))
    a11y(phone, "timeline filtered at 375 px")
