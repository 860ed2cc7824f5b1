"""``make screenshots``: the main pages of the demo case load, as PNGs in docs/screenshots/.

Loads the demo data into a fresh SQLite database (``cct db upgrade``, ``cct demo``),
starts the app on a free port, signs in through the sign-in form in Chromium (Debian's
``/usr/bin/chromium``, or ``CCT_CHROMIUM``) and saves:

- caseload.png, family-page.png (a family's Summary), family-plan.png,
  team-dashboard.png, accounts.png (desktop, 1280 px wide)
- family-summary-phone.png, family-timeline-phone.png, quick-log-phone.png,
  team-dashboard-phone.png, parent-plan-en.png, parent-plan-cy.png (phone, 375 px wide)
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
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
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# long pages are cut here: enough to show what the page is
DESKTOP_MAX_HEIGHT = 1600
PHONE_MAX_HEIGHT = 1400
STORY_FAMILY = "Ambleworth"  # the first demo story: amendments and a parent's disagreement


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _demo_database(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "CCT_DATABASE_URL": f"sqlite:///{folder / 'cct.db'}",
        "CCT_DATA_DIR": str(folder),
        "CCT_ENVIRONMENT": "development",
    }
    cct = str(Path(sys.executable).with_name("cct"))
    for command in ([cct, "db", "upgrade"], [cct, "demo"]):
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return env


@contextmanager
def _server(env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]  # noqa: RUF005
        + ["--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                sys.exit("The server stopped on start (see above).")
            try:
                if httpx.get(f"{base_url}/sign-in", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                sys.exit("The server did not answer within 30 seconds.")
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sign_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if "/sign-in" in page.url:
        sys.exit(f"Could not sign in as {email}")


def _save(page, name: str, max_height: int) -> None:  # type: ignore[no-untyped-def]
    height = min(page.evaluate("document.documentElement.scrollHeight"), max_height)
    width = page.viewport_size["width"]
    page.screenshot(
        path=OUT / name,
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": height},
        animations="disabled",
        caret="hide",
    )
    print(f"  {(OUT / name).relative_to(ROOT)}")


def _capture(base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    from app.demo import load as demo
    from app.demo import text as demo_text
    from app.models.account import Role

    sign_ins = demo.demo_sign_ins()
    worker = next(s.email for s in sign_ins if s.role == Role.social_worker)
    lead = next(s.email for s in sign_ins if s.role == Role.team_lead)
    parent = next(s.email for s in sign_ins if s.role == Role.parent)
    admin = next((s.email for s in sign_ins if s.role == Role.admin), None)
    password = demo_text.DEMO_PASSWORD

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def new_page(viewport: dict[str, int]):  # type: ignore[no-untyped-def]
            context = browser.new_context(
                base_url=base_url,
                viewport=viewport,  # type: ignore[arg-type]
                device_scale_factor=1,
                locale="en-GB",
                timezone_id="Europe/London",
            )
            return context.new_page()

        page = new_page(DESKTOP)
        _sign_in(page, worker, password)
        _save(page, "caseload.png", DESKTOP_MAX_HEIGHT)
        family_link = page.get_by_role("link", name=STORY_FAMILY).first
        family_path = family_link.get_attribute("href")
        family_link.click()
        page.wait_for_load_state()
        _save(page, "family-page.png", DESKTOP_MAX_HEIGHT)
        page.goto(f"{family_path}/plan")
        _save(page, "family-plan.png", DESKTOP_MAX_HEIGHT)

        page = new_page(PHONE)
        _sign_in(page, worker, password)
        page.goto(str(family_path))
        _save(page, "family-summary-phone.png", PHONE_MAX_HEIGHT)
        page.goto(f"{family_path}/timeline")
        _save(page, "family-timeline-phone.png", PHONE_MAX_HEIGHT)
        response = page.goto(f"{family_path}/log")
        if response is None or response.status != 200:
            print(f"  quick log not available ({response.status if response else '-'}): skipped")
        else:
            _save(page, "quick-log-phone.png", PHONE_MAX_HEIGHT)

        page = new_page(DESKTOP)
        _sign_in(page, lead, password)
        _save(page, "team-dashboard.png", DESKTOP_MAX_HEIGHT)
        page = new_page(PHONE)
        _sign_in(page, lead, password)
        _save(page, "team-dashboard-phone.png", PHONE_MAX_HEIGHT)

        if admin:
            page = new_page(DESKTOP)
            _sign_in(page, admin, password)
            page.goto("/accounts")
            _save(page, "accounts.png", DESKTOP_MAX_HEIGHT)

        page = new_page(PHONE)
        _sign_in(page, parent, password)
        _save(page, "parent-plan-en.png", PHONE_MAX_HEIGHT)
        page.locator("#language-cy").click()
        page.wait_for_load_state()
        _save(page, "parent-plan-cy.png", PHONE_MAX_HEIGHT)
        page.locator("#language-en").click()  # leave the demo parent in English

        browser.close()


def main() -> None:
    missing = [
        p for p in ("static/vendor/govuk", "static/vendor/htmx.min.js") if not (ROOT / p).exists()
    ]
    if missing:
        sys.exit("GOV.UK Frontend and htmx are not in static/vendor: run `make assets` first.")
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium).")
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="cct-screenshots-"))
    try:
        print("Loading the demo case load…")
        env = _demo_database(folder)
        with _server(env) as base_url:
            print("Saving screenshots:")
            _capture(base_url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
