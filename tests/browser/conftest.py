"""Browser tests: a live server on the test database and Debian's Chromium driven by Playwright.

Everything here is marked ``browser``: ``make test`` leaves it out, ``.ci/run`` runs it.
The test database is wiped after every test (tests/conftest.py), so each test builds
its own small, fixed data set (``world``) and signs in through the real form.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser import helpers

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    log = helpers.AXE_LOG
    if log.checked:
        terminalreporter.write_sep("-", "axe-core (all rules)")
        terminalreporter.write_line(
            f"{len(log.checked)} page states checked, {log.violations} violations"
        )
        if terminalreporter.verbosity > 0:
            for state in log.checked:
                terminalreporter.write_line(f"  {state}")
        if log.known_issue:
            terminalreporter.write_line(
                f"let through: {log.known_issue} x aria-expanded on GOV.UK conditional-reveal "
                "radios/checkboxes (a known GOV.UK Frontend choice; see tests/browser/helpers.py)"
            )


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    missing = helpers.missing_assets()
    if missing:
        pytest.fail(
            f"GOV.UK Frontend and htmx are not in static/vendor ({', '.join(missing)} missing): "
            "run `make install` (or `make assets`) first",
            pytrace=False,
        )
    with helpers.live_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(helpers.CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {helpers.CHROMIUM}: `apt-get install chromium` "
            "(or set CCT_CHROMIUM)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=helpers.CHROMIUM, args=helpers.CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Pages:
    """Opens pages in fresh browser contexts (own cookies); closes them after the test.

    Fails the test on an uncaught script error or a Content Security Policy refusal.
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[BrowserContext] = []
        self.problems: list[str] = []

    def new(self, viewport: dict[str, int] | None = None, *, javascript: bool = True) -> Page:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or helpers.DESKTOP,  # type: ignore[arg-type]
            java_script_enabled=javascript,
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        if not javascript:
            helpers.NO_SCRIPT[page] = self.browser
        page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        page.on(
            "console",
            lambda msg: (
                self.problems.append(f"console: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser: Browser, base_url: str) -> Iterator[Pages]:
    opened = Pages(browser, base_url)
    yield opened
    opened.close()
    assert not opened.problems, "\n".join(opened.problems)


@pytest.fixture
def phone(pages: Pages) -> Page:
    return pages.new(helpers.PHONE)


@pytest.fixture
def desktop(pages: Pages) -> Page:
    return pages.new(helpers.DESKTOP)


@pytest.fixture
def a11y() -> Callable[[Page, str], None]:
    return helpers.check_a11y
