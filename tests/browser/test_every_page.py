"""Every page each role can reach by following links: it opens, axe-core (all its rules)
finds nothing, and on a phone nothing is cut off at the side.

A crawl from each role's home page, at 375 px and on the desktop, following same-site
links (not downloads, not sign-out), one page per address pattern (ids replaced), so new
pages are checked as soon as something links to them.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Pages
from tests.browser.helpers import DESKTOP, PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SKIP = re.compile(r"\.(pdf|docx|csv|json|png|svg)$|^/(static|assets|api)/|^/sign-out|^/$")
# pages of one's own account, not linked from the case pages
ACCOUNT = ["/account/password", "/account/two-step/set-up"]
MOST = 60
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
# wider than the window: the page scrolls sideways, or something is cut off
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("main *")].filter((el) => {
    if (el.closest(".app-table-scroll, .app-chart")) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1;
  });
  return {page: document.documentElement.scrollWidth - width,
          wide: wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 120))};
}"""


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
        if page.viewport_size and page.viewport_size["width"] <= PHONE["width"]:
            overflow = page.evaluate(OVERFLOW)
            assert overflow["page"] <= 0 and not overflow["wide"], (
                f"{role}: {path} is wider than a 375 px phone: {overflow}"
            )
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


@VIEWPORTS
def test_every_page_a_worker_reaches(
    pages: Pages, world: World, a11y: Check, viewport: dict[str, int]
) -> None:
    page = pages.new(viewport)
    sign_in(page, world.worker_a.email)
    checked = crawl(page, a11y, f"worker at {viewport['width']} px")
    family_pages = {"/families/{id}", "/families/{id}/plan", "/families/{id}/timeline"}
    assert family_pages | {"/families/{id}/log", "/families/{id}/reports"} <= set(checked)
    assert len(checked) >= 10


@VIEWPORTS
def test_every_page_a_team_lead_reaches(
    pages: Pages, world: World, a11y: Check, viewport: dict[str, int]
) -> None:
    page = pages.new(viewport)
    sign_in(page, world.lead_a.email)
    checked = crawl(page, a11y, f"team lead at {viewport['width']} px")
    assert "/team" in checked
    assert "/team/sign-off" in checked


@VIEWPORTS
def test_every_page_a_parent_reaches(
    pages: Pages, world: World, a11y: Check, viewport: dict[str, int]
) -> None:
    page = pages.new(viewport)
    sign_in(page, world.parent_a.email)
    checked = crawl(page, a11y, f"parent at {viewport['width']} px")
    assert {"/your-plan", "/your-plan/goals/{id}", "/your-progress"} <= set(checked)


@VIEWPORTS
def test_every_page_an_administrator_reaches(
    pages: Pages, world: World, a11y: Check, viewport: dict[str, int]
) -> None:
    page = pages.new(viewport)
    sign_in(page, world.admin.email)
    checked = crawl(page, a11y, f"administrator at {viewport['width']} px")
    assert "/accounts" in checked


def test_pages_for_the_signed_out_and_the_lost(desktop: Page, world: World, a11y: Check) -> None:
    for path in (
        "/sign-in",
        "/account/forgotten-password",
        "/accessibility",
        "/privacy",
        "/contact",
    ):
        response = desktop.goto(path)
        assert response is not None and response.status == 200, path
        a11y(desktop, f"signed out: {path}")
    response = desktop.goto("/account/set-up/not-a-real-link")
    assert response is not None and response.status in (400, 404, 410)
    a11y(desktop, "account set-up link that does not work")
    sign_in(desktop, world.worker_a.email)
    response = desktop.goto(f"/families/{world.family_b.id}")
    assert response is not None and response.status == 404
    a11y(desktop, "page not found (another team's family)")
