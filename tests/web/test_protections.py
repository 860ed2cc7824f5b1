import re

import pytest
from fastapi.testclient import TestClient

from app.http.headers import CSP
from app.main import app
from tests.web.conftest import csrf_from

REQUIRED = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def _assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    for name, value in REQUIRED.items():
        assert response.headers.get(name) == value, (response.url, name)


def test_the_policy_is_strict() -> None:
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ):
        assert directive in CSP
    assert "unsafe-inline" not in CSP
    assert "unsafe-eval" not in CSP


def test_security_headers_on_pages_api_and_refusals(world, web_as, client, api_as) -> None:
    worker = web_as(world.worker_a)
    responses = [
        client.get("/sign-in"),
        worker.get("/caseload"),
        worker.get("/caseload", headers={"HX-Request": "true"}),
        worker.get("/no-such-page"),
        client.get("/caseload", follow_redirects=False),
        client.post("/sign-out"),  # refused: no CSRF token
        client.get("/api/v1/me"),  # 401 JSON
        api_as(world.worker_a).get("/api/v1/me"),
        client.get("/static/css/app.css"),
    ]
    for response in responses:
        _assert_security_headers(response)
    assert worker.get("/caseload").headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in responses[0].headers


def test_hsts_outside_development(production) -> None:
    with TestClient(app, base_url="https://testserver") as c:
        r = c.get("/sign-in")
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")


def test_pages_have_no_inline_script_or_style(world, web_as, client) -> None:
    pages = [
        client.get("/sign-in").text,
        web_as(world.worker_a).get("/caseload").text,
        web_as(world.lead_a).get("/team").text,
        web_as(world.worker_a).get(f"/families/{world.family_a.id}").text,
    ]
    for html in pages:
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, tag
        assert "<style" not in html
        assert " style=" not in html
        assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers


def test_htmx_sends_the_csrf_token_from_the_body_attribute(world, web_as) -> None:
    c = web_as(world.worker_a)
    html = c.get("/caseload").text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{c.csrf_token}"}}\'' in html
    assert html.count("hx-headers") == 1
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in html
    assert '<script type="module" src="/static/js/app.js"></script>' in html


def test_post_without_csrf_token_is_refused(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    r = c.post("/sign-out", follow_redirects=False)
    assert r.status_code == 403
    assert "This form could not be sent" in r.text
    # still signed in: the refused request changed nothing
    assert c.get("/caseload").status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_state_changing_methods_need_the_token_too(world, web_as, method) -> None:
    c = web_as(world.worker_a)
    assert getattr(c, method)(f"/families/{world.family_a.id}").status_code == 403
    # with the token it reaches the router (which has no such route)
    r = getattr(c, method)(f"/families/{world.family_a.id}", headers={"X-CSRF-Token": c.csrf_token})
    assert r.status_code == 405


def test_wrong_or_other_sessions_token_is_refused(world, web_as) -> None:
    mine = web_as(world.worker_a)
    theirs = web_as(world.worker_b)
    r = mine.post("/sign-out", data={"csrf_token": theirs.csrf_token}, follow_redirects=False)
    assert r.status_code == 403
    r = mine.post("/sign-out", headers={"X-CSRF-Token": "nonsense"}, follow_redirects=False)
    assert r.status_code == 403


def test_form_field_token_is_accepted(world, web_as) -> None:
    c = web_as(world.worker_a)
    r = c.post("/sign-out", data={"csrf_token": c.csrf_token}, follow_redirects=False)
    assert r.status_code == 303


def test_htmx_header_token_is_accepted(world, web_as) -> None:
    c = web_as(world.worker_a)
    r = c.post(
        "/sign-out",
        headers={"X-CSRF-Token": c.csrf_token, "HX-Request": "true"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_multipart_form_token_is_accepted(world, web_as) -> None:
    c = web_as(world.worker_a)
    r = c.post(
        "/sign-out",
        data={"csrf_token": c.csrf_token},
        files={"attachment": ("note.txt", b"hello", "text/plain")},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_sign_in_form_needs_its_double_submit_token(world, client) -> None:
    from tests.factories import PASSWORD

    data = {"email": world.worker_a.email, "password": PASSWORD}
    assert client.post("/sign-in", data=data).status_code == 403  # no cookie, no field
    token = csrf_from(client.get("/sign-in").text)
    assert client.post("/sign-in", data=data).status_code == 403  # cookie, no field
    forged = client.post("/sign-in", data={**data, "csrf_token": "guess"})
    assert forged.status_code == 403
    ok = client.post("/sign-in", data={**data, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303


def test_api_is_not_subject_to_csrf(world, api_as) -> None:
    # bearer tokens are never sent by a browser on its own, so the API needs no CSRF token
    r = api_as(world.worker_a).post("/api/v1/me")
    assert r.status_code == 405


def test_get_changes_nothing_and_sign_out_by_get_is_not_possible(world, web_as) -> None:
    c = web_as(world.worker_a)
    assert c.get("/sign-out").status_code == 405
    assert c.get("/caseload").status_code == 200
