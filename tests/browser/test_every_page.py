"""Every page each role can reach by following links: it opens, and axe-core finds nothing.

A crawl from each role's home page, following same-site links (not downloads, not
sign-out), one page per address pattern (ids replaced), so new pages are checked as
soon as something links to them.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SKIP = re.compile(r"\.(pdf|docx|csv|json|png|svg)$|^/(static|assets|api)/|^/sign-out|^/$")
# pages of one's own account, not linked from the case pages
ACCOUNT = ["/account/password", "/account/two-step/set-up"]
MOST = 60


def pattern(path: str) -> str:
    return UUID.sub("{id}", path)


def crawl(page: Page, a11y: Check, role: str) -> list[str]:
    """Visit what the signed-in user can reach; the address patterns checked."""
    origin = urlsplit(page.url)._replace(path="", query="", fragment="").geturl()
    queue = [urlsplit(page.url).path, *ACCOUNT]
    seen: set[str] = set()
    checked: list[str] = []
    while queue and len(checked) < MOST:
        path = queue.pop(0)
        if pattern(path) in seen:
            continue
        seen.add(pattern(path))
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{role}: {path} answered " + (
            str(response.status) if response else "nothing"
        )
        a11y(page, f"{role}: {pattern(path)}")
        checked.append(pattern(path))
        hrefs = page.locator("a[href]").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            target = urlsplit(href)
            if target.scheme or target.netloc or not target.path.startswith("/"):
                if not href.startswith(origin):
                    continue
                target = urlsplit(href[len(origin) :])
            if SKIP.search(target.path) or pattern(target.path) in seen:
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return checked


def test_every_page_a_worker_reaches(pages: Pages, world: World, a11y: Check) -> None:
    page = pages.new(PHONE)
    sign_in(page, world.worker_a.email)
    checked = crawl(page, a11y, "worker")
    assert "/families/{id}" in checked
    assert "/families/{id}/log" in checked
    assert len(checked) >= 10


def test_every_page_a_team_lead_reaches(pages: Pages, world: World, a11y: Check) -> None:
    page = pages.new()
    sign_in(page, world.lead_a.email)
    checked = crawl(page, a11y, "team lead")
    assert "/team" in checked
    assert "/team/sign-off" in checked


def test_every_page_a_parent_reaches(pages: Pages, world: World, a11y: Check) -> None:
    page = pages.new(PHONE)
    sign_in(page, world.parent_a.email)
    checked = crawl(page, a11y, "parent")
    assert {"/your-plan", "/your-plan/goals/{id}", "/your-progress"} <= set(checked)


def test_pages_for_the_signed_out_and_the_lost(desktop: Page, world: World, a11y: Check) -> None:
    response = desktop.goto("/account/set-up/not-a-real-link")
    assert response is not None and response.status in (400, 404, 410)
    a11y(desktop, "account set-up link that does not work")
    sign_in(desktop, world.worker_a.email)
    response = desktop.goto(f"/families/{world.family_b.id}")
    assert response is not None and response.status == 404
    a11y(desktop, "page not found (another team's family)")
