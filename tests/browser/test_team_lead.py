"""A team lead signs off a goal (the parent sees it only then) and reallocates a family."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]


def test_lead_signs_off_a_goal_and_the_parent_then_sees_it(
    pages: Pages, world: World, a11y: Check
) -> None:
    goal = world.goal_a_unsigned
    parent = pages.new(PHONE)
    sign_in(parent, world.parent_a2.email)
    expect(parent.get_by_text(goal.title)).to_have_count(0)

    lead = pages.new()
    sign_in(lead, world.lead_a.email)
    lead.get_by_role("link", name=re.compile("Plan sign-off")).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Plan sign-off")
    card = lead.locator(f"#goal-{goal.id}")
    expect(card).to_contain_text(goal.title)
    expect(lead.locator(f"#goal-{world.goal_a.id}")).to_have_count(0)
    a11y(lead, "plan sign-off list")

    # no decision chosen: what to fix, on the goal's own page
    card.get_by_role("button", name=re.compile("Record decision")).click()
    expect(lead.locator(".govuk-error-summary")).to_contain_text(
        "Select whether to sign off the goal or ask for changes"
    )
    a11y(lead, "plan sign-off, decision missing")

    lead.get_by_label("Sign off the goal").check()
    lead.get_by_label("Comment").fill("Clear, observable levels. Agreed with the parents.")
    lead.get_by_role("button", name=re.compile("Record decision")).click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text(
        f"Goal signed off: {goal.title}"
    )
    expect(lead.locator("#waiting")).to_contain_text("No goals are waiting for sign-off.")
    a11y(lead, "plan sign-off after a decision")

    # recorded as management oversight in the family's timeline
    lead.goto(f"/families/{world.family_a.id}/timeline")
    expect(lead.locator("#timeline-items")).to_contain_text(
        "Clear, observable levels. Agreed with the parents."
    )
    a11y(lead, "family page as a team lead")

    parent.reload()
    expect(parent.get_by_role("heading", name=goal.title)).to_be_visible()


def test_lead_reallocates_a_family(pages: Pages, world: World, a11y: Check) -> None:
    lead = pages.new()
    sign_in(lead, world.lead_a.email)
    lead.get_by_role("link", name=re.compile("open families")).click()
    lead.get_by_role("link", name="Change allocation for Ashdown family").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Allocation: Ashdown family")
    expect(lead.locator("#allocated-worker")).to_contain_text("Sam Okoro")
    a11y(lead, "allocation page")

    lead.get_by_role("button", name="Reallocate").click()
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Select a social worker")
    a11y(lead, "allocation page, no worker chosen")

    lead.get_by_label("Reallocate to").select_option(label="Ria Patel")
    lead.get_by_role("button", name="Reallocate").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text(
        "Family allocated to Ria Patel"
    )
    expect(lead.locator("#allocated-worker")).to_contain_text("Ria Patel")
    a11y(lead, "allocation page after reallocating")

    newcomer = pages.new(PHONE)
    sign_in(newcomer, world.worker_a2.email)
    expect(
        newcomer.get_by_role("link", name=world.family_a.family_name, exact=True)
    ).to_be_visible()
    before = pages.new(PHONE)
    sign_in(before, world.worker_a.email)
    expect(before.get_by_role("link", name=world.family_a.family_name, exact=True)).to_have_count(0)
