"""The pages every public service has, linked from every page's footer, in English and Welsh."""

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings

PAGES = {
    "/accessibility": ("Accessibility statement", "Datganiad hygyrchedd"),
    "/privacy": ("Privacy notice", "Hysbysiad preifatrwydd"),
    "/cookies": ("Cookies", "Cwcis"),
    "/contact": ("Contact", "Cysylltu"),
}


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    from app.main import app

    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_anyone_can_read_the_page_in_english_or_welsh(client, path) -> None:
    english, welsh = PAGES[path]
    page = client.get(path)
    assert page.status_code == 200
    assert f'<h1 class="govuk-heading-l">{english}</h1>' in page.text
    client.cookies.set("cct_language", "cy")
    cy = client.get(path).text
    assert 'lang="cy"' in cy and f'<h1 class="govuk-heading-l">{welsh}</h1>' in cy


def test_every_page_links_to_them_from_the_footer(client, world, web_as) -> None:
    for html in (client.get("/sign-in").text, web_as(world.worker_a).get("/caseload").text):
        footer = html[html.index('<footer class="govuk-footer">') :]
        for path in PAGES:
            assert f'href="{path}"' in footer


def test_the_beta_banner_links_to_feedback(client) -> None:
    html = client.get("/sign-in").text
    banner = html[html.index("govuk-phase-banner") :]
    banner = banner[: banner.index("</div>")]
    assert '<a class="govuk-link" href="/contact#feedback">feedback</a>' in banner
    assert 'id="feedback"' in client.get("/contact").text


def test_signed_in_staff_keep_their_navigation(world, web_as) -> None:
    html = web_as(world.worker_a).get("/privacy").text
    assert 'href="/caseload"' in html and "Sign out" in html


def test_the_privacy_notice_gives_the_lawful_basis(client) -> None:
    html = client.get("/privacy").text
    assert "Article 6(1)(e)" in html and "Children Act 1989" in html
    assert "Article 9(2)(g)" in html and "Data Protection Act 2018" in html
    assert "What we hold" in html


def test_the_contact_page_shows_the_address_when_one_is_set(client, monkeypatch) -> None:
    assert "mailto:" not in client.get("/contact").text
    monkeypatch.setenv("CCT_CONTACT_EMAIL", "cct-service@example.test")
    get_settings.cache_clear()
    try:
        assert 'href="mailto:cct-service@example.test' in client.get("/contact").text
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
