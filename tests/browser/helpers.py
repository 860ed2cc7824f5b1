"""What the browser tests share: Chromium's launch recipe, the live server, sign-in, axe-core."""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CCT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SERVER_ARGS = ["--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
VENDOR_FILES = ("static/vendor/govuk/govuk-frontend.min.css", "static/vendor/htmx.min.js")

# every rule axe-core runs by default: WCAG 2.2 AA and below, and its best practices
# (landmarks, heading order, focusable scroll regions, …), not only the WCAG-tagged ones
AXE_OPTIONS = {"resultTypes": ["violations"]}
# the project's own axe-core (package-lock.json) when installed, else the one bundled
# with axe-playwright-python
_AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def missing_assets() -> list[str]:
    return [name for name in VENDOR_FILES if not (ROOT / name).is_file()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """``uvicorn app.main:app`` in a child process on a free port (or ``port``); yields its
    base URL."""
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix="cct-server-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", *SERVER_ARGS, "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped on start:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{base_url}/sign-in", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer in 30 s:\n{log.read_text()[-4000:]}")
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.unlink(missing_ok=True)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in form, as a person would; ends on the user's home page."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/sign-in" not in page.url, f"sign-in failed for {email}: {page.url}"


@dataclass
class AxeLog:
    """Every page state checked in this run, the violations found, and the known issue seen."""

    checked: list[str] = field(default_factory=list)
    violations: int = 0
    known_issue: int = 0


# GOV.UK Frontend's own script puts aria-expanded on a radio or checkbox that reveals a
# conditional question. ARIA 1.2 does not list it for those roles, so axe reports it;
# GOV.UK keeps it on purpose (screen readers announce it; research in
# alphagov/govuk-frontend#979 and #1972). Exactly that, and nothing else, is let through.
_NOT_ALLOWED = re.compile(r"ARIA attribute is not allowed: ([\w-]+)=")
_GOVUK_REVEAL = re.compile(r'^<input class="govuk-(radios|checkboxes)__input"')


def _govuk_reveal(violation: dict, node: dict) -> bool:  # type: ignore[type-arg]
    return (
        violation["id"] == "aria-allowed-attr"
        and bool(_GOVUK_REVEAL.search(node["html"]))
        and set(_NOT_ALLOWED.findall(node.get("failureSummary") or "")) == {"aria-expanded"}
    )


def _without_known_issue(violations: list[dict]) -> tuple[list[dict], int]:  # type: ignore[type-arg]
    kept, known = [], 0
    for violation in violations:
        nodes = [n for n in violation["nodes"] if not _govuk_reveal(violation, n)]
        known += len(violation["nodes"]) - len(nodes)
        if nodes:
            kept.append(violation | {"nodes": nodes})
    return kept, known


AXE_LOG = AxeLog()
_axe: Axe | None = None


def _axe_runner() -> Axe:
    global _axe
    if _axe is None:
        _axe = Axe.from_file(_AXE_JS) if _AXE_JS.is_file() else Axe()
    return _axe


def _describe(violations: list[dict]) -> str:  # type: ignore[type-arg]
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}")
            lines.append(f"      {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            lines.append(f"        {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


# Pages opened with JavaScript off, and the browser to check them in. Chromium stops timers
# in such a page, and axe-core needs them: the page's HTML as it stands is checked in a
# page of its own that has scripts on but runs none of the page's own.
NO_SCRIPT: "weakref.WeakKeyDictionary[Page, Browser]" = weakref.WeakKeyDictionary()
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


def _run_axe(page: Page) -> list[dict]:  # type: ignore[type-arg]
    options = AXE_OPTIONS
    browser = NO_SCRIPT.get(page)
    if browser is None:
        return _axe_runner().run(page, options=options).response["violations"]  # type: ignore[no-any-return]
    html = _SCRIPT.sub("", page.content())
    address = page.url.split("#", 1)[0]
    context = browser.new_context(viewport=page.viewport_size)
    try:
        copy = context.new_page()

        def serve(route: Route) -> None:
            if route.request.url.split("#", 1)[0] == address:
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(address)
        return _axe_runner().run(copy, options=options).response["violations"]  # type: ignore[no-any-return]
    finally:
        context.close()


def check_a11y(page: Page, state: str, *, record: bool = True) -> None:
    """Run axe-core in the page as it is now and fail on any violation of any of its rules.

    ``record=False`` leaves the check out of the run's tally (for the test of this check).
    """
    violations, known = _without_known_issue(_run_axe(page))
    if record:
        AXE_LOG.checked.append(f"{state} ({page.url})")
        AXE_LOG.violations += len(violations)
        AXE_LOG.known_issue += known
    assert not violations, (
        f"axe-core: {len(violations)} accessibility violation(s) on {state} "
        f"({page.url}):\n{_describe(violations)}"
    )
