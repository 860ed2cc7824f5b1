"""An administrator manages accounts and teams in the browser: filters, invites someone,
changes a worker's team (confirming the families left unallocated), disables and
enables an account, resets two-step sign-in, makes a password link, and adds,
renames and deletes a team. The pages pass axe and show no case record."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]


def _banner(page: Page) -> object:
    return expect(page.locator(".govuk-notification-banner"))


def test_administrator_does_every_account_action(pages: Pages, world: World, a11y: Check) -> None:
    admin = pages.new()
    sign_in(admin, world.admin.email)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Accounts")
    expect(admin.locator("main")).not_to_contain_text("Ashdown family")
    expect(admin.locator("main")).not_to_contain_text("CCT-A-0001")

    # filter: social workers of Riverside Team
    admin.get_by_label("Role", exact=True).select_option(label="Social worker")
    admin.get_by_label("Team", exact=True).select_option(label="Riverside Team")
    admin.get_by_role("button", name="Apply filters").click()
    accounts = admin.locator("#accounts")
    expect(accounts).to_contain_text("Sam Okoro")
    expect(accounts).not_to_contain_text("Tom Hale")
    expect(accounts).not_to_contain_text("Lena Marsh")
    a11y(admin, "accounts, filtered")
    # a filter value that is not one of the choices is an error, not ignored
    admin.goto("/accounts?role=%27+OR+1%3D1--&status=active")
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Choose a role from the list")
    expect(admin.get_by_label("Status")).to_have_value("active")
    a11y(admin, "accounts, invalid filter")

    # invite a team lead
    admin.goto("/accounts")
    admin.get_by_role("button", name="Invite someone").click()
    admin.get_by_role("button", name="Create account").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Enter the person's full name")
    a11y(admin, "invite, errors")
    admin.get_by_label("Full name").fill("Ivy Stone")
    admin.get_by_label("Email address").fill("ivy.stone@example.test")
    admin.get_by_label("Team lead", exact=True).check()
    admin.get_by_label("Team", exact=True).select_option(label="Hillcrest Team")
    admin.get_by_role("button", name="Create account").click()
    expect(admin.locator(".govuk-panel")).to_contain_text("Account created")
    expect(admin.locator("#set-up-link")).to_contain_text("/account/set-up/")
    a11y(admin, "account created")

    # move Sam Okoro to Hillcrest Team: confirm the family left without a worker
    admin.goto("/accounts")
    admin.get_by_role("link", name="Sam Okoro").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Sam Okoro")
    a11y(admin, "an account")
    admin.get_by_label("Team", exact=True).select_option(label="Hillcrest Team")
    admin.get_by_role("button", name="Save role and team").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text(
        "This leaves 1 family with no allocated social worker"
    )
    a11y(admin, "an account, confirm the move")
    admin.get_by_label(re.compile("I understand")).check()
    admin.get_by_role("button", name="Save role and team").click()
    _banner(admin).to_contain_text("1 family now has no allocated social worker")
    expect(admin.locator("#account-details")).to_contain_text("Hillcrest Team")

    # disable and enable
    admin.get_by_role("button", name="Disable account").click()
    _banner(admin).to_contain_text("disabled and signed out everywhere")
    expect(admin.locator("#account-details")).to_contain_text("Disabled")
    admin.get_by_role("button", name="Enable account").click()
    _banner(admin).to_contain_text("account is enabled")

    # two-step sign-in and a password link
    admin.get_by_role("button", name="Reset two-step sign-in").click()
    _banner(admin).to_contain_text("Sam Okoro")
    admin.get_by_role("button", name="Make a password link").click()
    expect(admin.locator(".govuk-panel")).to_contain_text("Password link made")

    # the administrator's own account: no disabling, and the last admin stays one
    admin.goto("/accounts")
    admin.get_by_role("link", name="Ada Admin").click()
    expect(admin.get_by_role("button", name="Disable account")).to_have_count(0)
    admin.get_by_label("Social worker", exact=True).check()
    admin.get_by_label("Team", exact=True).select_option(label="Riverside Team")
    admin.get_by_role("button", name="Save role and team").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text(
        "There must be at least one active administrator"
    )

    # teams: add, rename, refuse to delete one in use, delete an empty one
    admin.goto("/accounts")
    admin.get_by_role("button", name="Add a team").click()
    admin.get_by_label("Team name").fill("Northgate Team")
    admin.get_by_role("button", name="Add team").click()
    _banner(admin).to_contain_text("Team added: Northgate Team")
    admin.locator("#teams").get_by_role("link", name="Northgate Team").click()
    admin.get_by_label("Team name").fill("Eastgate Team")
    admin.get_by_role("button", name="Rename team").click()
    _banner(admin).to_contain_text("Team renamed: Eastgate Team")
    admin.locator("#teams").get_by_role("link", name="Riverside Team").click()
    expect(admin.get_by_role("button", name="Delete team")).to_have_count(0)
    expect(admin.locator("main")).to_contain_text("cannot be deleted")
    admin.goto("/accounts")
    admin.locator("#teams").get_by_role("link", name="Eastgate Team").click()
    a11y(admin, "a team")
    admin.get_by_role("button", name="Delete team").click()
    _banner(admin).to_contain_text("Team deleted: Eastgate Team")
    expect(admin.locator("#teams")).not_to_contain_text("Eastgate")


def test_accounts_page_on_a_phone(pages: Pages, world: World, a11y: Check) -> None:
    admin = pages.new(PHONE)
    sign_in(admin, world.admin.email)
    expect(admin.locator("#accounts")).to_contain_text("Sam Okoro")
    a11y(admin, "accounts on a phone")
