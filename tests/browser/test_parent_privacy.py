"""Nothing internal and nothing of another family ever reaches a parent's browser.

Every response the parent's browser receives is kept — pages, fragments, the PDF (as
text), the JSON of every API address it can ask for — and searched for internal
entries, goals not signed off, and anything of the other family.
"""

import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import APIResponse, BrowserContext, Page, Response, expect
from pypdf import PdfReader
from sqlmodel import Session

from app.services.identity import auth
from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

_TEXT_TYPES = ("text/html", "application/json", "text/plain", "application/problem+json")


class Received:
    """The bodies of every page, fragment and JSON answer a browser context receives."""

    def __init__(self, context: BrowserContext) -> None:
        self._pending: list[Response] = []
        self.bodies: list[tuple[str, str]] = []
        context.on("response", lambda response: self._pending.append(response))

    def drain(self) -> None:
        """Read what arrived since the last call (a body is gone once the page moves on)."""
        pending, self._pending[:] = list(self._pending), []
        for response in pending:
            if response.request.resource_type not in ("document", "xhr", "fetch"):
                continue
            if 300 <= response.status < 400:
                continue  # redirects carry no body
            if response.url.endswith("/sign-in") and response.request.method == "GET":
                continue  # the empty sign-in form, left before the parent is signed in
            self.add(response.url, response)

    def add(self, url: str, response: Response | APIResponse) -> None:
        content_type = response.headers.get("content-type", "")
        body = response.body()
        if content_type.startswith(_TEXT_TYPES):
            self.bodies.append((url, body.decode()))
        elif content_type.startswith("application/pdf"):
            self.add_pdf(url, body)
        else:
            self.bodies.append((url, body.decode(errors="replace")))

    def add_pdf(self, url: str, data: bytes) -> None:
        assert data.startswith(b"%PDF")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        self.bodies.append((url, text))

    def containing(self, needle: str) -> Iterator[str]:
        """Where the text arrived; an id echoed back by the address that asked for it is not."""
        for url, body in self.bodies:
            if needle.lower() in body.lower() and needle not in url:
                yield url


def _forbidden(world: World) -> dict[str, str]:
    """What the parent of family A must never receive, with why."""
    return {
        world.internal_entry_a.observation: "an internal entry's text",
        str(world.internal_entry_a.id): "an internal entry's id",
        world.goal_a_unsigned.title: "a goal not signed off",
        str(world.goal_a_unsigned.id): "a goal not signed off (id)",
        "third-party": "third-party information",
        world.family_b.family_name: "another family's name",
        "Brockley": "another family's surname",
        world.family_b.case_reference: "another family's case reference",
        str(world.family_b.id): "another family's id",
        world.goal_b.title: "another family's goal",
        str(world.goal_b.id): "another family's goal id",
        str(world.entry_b.id): "another family's entry id",
        world.worker_b.display_name: "another family's social worker",
        world.team_b.name: "another team",
    }


def _api_addresses(page: Page, world: World) -> list[str]:
    """Every GET address of the JSON API, with the ids of both families filled in."""
    spec = page.request.get("/api/v1/openapi.json").json()
    ids = {
        "family_id": [world.family_a.id, world.family_b.id],
        "entry_id": [world.internal_entry_a.id, world.shared_entry_a.id, world.entry_b.id],
        "goal_id": [world.goal_a.id, world.goal_a_unsigned.id, world.goal_b.id],
        "assessment_id": [world.assessment_a.id],
        "member_id": [world.mother_a.id, world.parent_b_member.id],
        "milestone_id": [world.milestone_a.id],
        "reward_id": [world.reward_a.id],
        "consequence_id": [world.consequence_a.id],
        "kind": ["chronology", "assessment"],
        "fmt": ["json", "csv"],
    }
    addresses = []
    for path, operations in spec["paths"].items():
        if "get" not in operations or path.endswith(("openapi.json", "/docs")):
            continue
        names = re.findall(r"{(\w+)}", path)
        filled = [path]
        for name in names:
            values = ids.get(name, ["00000000-0000-0000-0000-000000000000"])
            filled = [p.replace("{" + name + "}", str(v)) for p in filled for v in values]
        addresses.extend(filled)
    return addresses


def test_parent_never_receives_internal_or_other_family_data(
    pages: Pages, world: World, session: Session
) -> None:
    token = auth.create_api_token(session, world.parent_a, "parent's own token")
    page = pages.new(PHONE)
    received = Received(page.context)

    sign_in(page, world.parent_a.email)
    received.drain()

    # every goal and every note the parent is shown, and the parent's own view
    goal_links = page.locator("a[href^='/your-plan/goals/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert goal_links == [f"/your-plan/goals/{world.goal_a.id}"]
    for href in goal_links:
        page.goto(href)
        received.drain()
    page.get_by_label("I agree").check()
    page.get_by_label("Your view").fill("We have kept every room safe.")
    page.get_by_role("button", name="Add your view").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    received.drain()
    page.goto("/your-progress")
    received.drain()
    entry_links = page.locator("a[href^='/your-progress/entries/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert entry_links == [f"/your-progress/entries/{world.shared_entry_a.id}"]
    for href in entry_links:
        page.goto(href)
        received.drain()
    for address in ("/your-progress?page=1", "/your-progress?page=2"):
        received.add(f"{address} (htmx)", page.request.get(address, headers={"HX-Request": "true"}))

    page.goto("/your-plan")
    with page.expect_download() as download:
        page.locator("#download-plan").click()
    received.add_pdf("/your-plan.pdf", download.value.path().read_bytes())
    received.drain()

    # addresses the parent was never given: each answers as if it did not exist
    for address in (
        f"/your-plan/goals/{world.goal_a_unsigned.id}",
        f"/your-plan/goals/{world.goal_b.id}",
        f"/your-progress/entries/{world.internal_entry_a.id}",
        f"/your-progress/entries/{world.entry_b.id}",
    ):
        response = page.goto(address)
        assert response is not None and response.status == 404, address
        received.drain()
    # staff pages: refused, or the parent is sent back to their own plan
    for address in ("/caseload", "/team", f"/families/{world.family_a.id}"):
        response = page.goto(address)
        assert response is not None, address
        assert response.status in (403, 404) or response.url.endswith("/your-plan"), address
        received.drain()
    for address in ("/accounts", f"/families/{world.family_b.id}"):
        page.goto(address)
        received.drain()

    # the JSON API: with the browser's cookies, and with the parent's own API token
    addresses = _api_addresses(page, world)
    assert len(addresses) > 30
    for address in addresses:
        received.add(f"{address} (cookies)", page.request.get(address))
        answer = page.request.get(address, headers={"Authorization": f"Bearer {token}"})
        received.add(f"{address} (token)", answer)

    # what the parent is meant to see did arrive, so the search below means something
    assert list(received.containing(world.goal_a.title))
    assert list(received.containing(world.shared_entry_a.observation))
    assert list(received.containing("We have kept every room safe."))
    assert len(received.bodies) > 2 * len(addresses)

    leaks = [
        f"{why} ({needle!r}) in {url}"
        for needle, why in _forbidden(world).items()
        for url in received.containing(needle)
    ]
    assert not leaks, "\n".join(leaks)
