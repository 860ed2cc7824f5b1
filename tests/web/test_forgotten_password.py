"""Forgotten passwords: a reset link by email through a real SMTP server, or a request
that reaches the team lead or an administrator; the answer never says whether an
account exists."""

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import get_settings
from app.models.audit import AuditEvent
from app.models.credentials import ResetRequest
from app.services.context import Actor
from app.services.identity import reset_requests
from tests import factories
from tests.web.conftest import csrf_from, sign_in

NEW_PASSWORD = "amber-lantern-quietly-73"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/account/(?:reset|set-up)/[A-Za-z0-9_-]+)")


class Inbox:
    """An aiosmtpd handler keeping every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it so
        message = message_from_bytes(envelope.original_content or envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server on this machine, and the service configured to use it."""
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("CCT_SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    try:
        yield handler
    finally:
        controller.stop()
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.fixture
def client() -> Iterator[TestClient]:
    from app.main import app

    with TestClient(app, follow_redirects=False) as c:
        yield c


def _ask(client: TestClient, email: str):  # type: ignore[no-untyped-def]
    page = client.get("/account/forgotten-password")
    return client.post(
        "/account/forgotten-password", data={"email": email, "csrf_token": csrf_from(page.text)}
    )


def test_sign_in_page_links_to_the_reset_request(client) -> None:
    html = client.get("/sign-in").text
    assert 'href="/account/forgotten-password"' in html and "Forgotten your password?" in html


def test_a_reset_link_by_email_sets_a_new_password(world, client, inbox) -> None:
    answer = _ask(client, "  Sam.Okoro@example.test ")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account/forgotten-password/sent"
    sent = client.get(answer.headers["location"]).text
    assert "Check your email" in sent
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == world.worker_a.email and mail["X-Envelope-To"] == world.worker_a.email
    assert "Reset your password" in mail["Subject"]
    body = mail.get_payload(decode=True).decode()
    found = LINK.search(body)
    assert found, body
    page = client.get(found.group(1))
    assert page.status_code == 200 and "Choose a new password" in page.text
    done = client.post(
        found.group(1),
        data={
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_from(page.text),
        },
    )
    assert done.status_code == 303 and done.headers["location"] == "/sign-in"
    signed_in = sign_in(client, world.worker_a.email, NEW_PASSWORD)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/caseload"
    assert client.get(found.group(1)).status_code == 410  # the link worked once


def test_the_answer_never_says_whether_an_account_exists(world, client, inbox, session) -> None:
    known = _ask(client, world.worker_a.email)
    unknown = _ask(client, "nobody-here@example.test")
    world.worker_a2.is_active = False
    session.add(world.worker_a2)
    session.commit()
    disabled = _ask(client, world.worker_a2.email)
    assert known.status_code == unknown.status_code == disabled.status_code == 303
    assert known.headers["location"] == unknown.headers["location"] == disabled.headers["location"]
    pages = {client.get(r.headers["location"]).text for r in (known, unknown, disabled)}
    assert len(pages) == 1
    # only the live account got a message
    assert [m["To"] for m in inbox.messages] == [world.worker_a.email]


def test_an_account_without_a_password_gets_a_set_up_link(world, client, inbox, session) -> None:
    world.parent_b.password_hash = None
    session.add(world.parent_b)
    session.commit()
    _ask(client, world.parent_b.email)
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert "/account/set-up/" in body


def test_requests_are_throttled_apart_from_sign_in(world, client, inbox) -> None:
    for _ in range(5):
        assert _ask(client, world.worker_a.email).status_code == 303
    refused = _ask(client, world.worker_a.email)
    assert refused.status_code == 429
    assert "Too many requests for this address" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert len(inbox.messages) == 5
    # asking for links does not lock the owner out of signing in
    ok = sign_in(client, world.worker_a.email, factories.PASSWORD)
    assert ok.status_code == 303 and ok.headers["location"] == "/caseload"


def test_bad_input_is_shown_with_the_error_summary(client) -> None:
    empty = _ask(client, "")
    assert empty.status_code == 422 and "Enter your email address" in empty.text
    assert 'href="#email"' in empty.text
    wrong = _ask(client, "not-an-address")
    assert wrong.status_code == 422 and "correct format" in wrong.text
    assert 'value="not-an-address"' in wrong.text


def test_a_mail_server_that_is_down_does_not_change_the_answer(world, client, monkeypatch) -> None:
    monkeypatch.setenv("CCT_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")  # nobody listening
    get_settings.cache_clear()
    try:
        answer = _ask(client, world.worker_a.email)
        assert answer.status_code == 303
        assert "Check your email" in client.get(answer.headers["location"]).text
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


# --- without a mail server: the request waits for a team lead or an administrator ----------


def test_without_smtp_the_request_reaches_the_team_lead(world, client, web_as, session) -> None:
    answer = _ask(client, world.worker_a.email)
    assert answer.status_code == 303
    sent = client.get(answer.headers["location"]).text
    assert "Your request has been passed on" in sent
    assert session.exec(select(ResetRequest)).one().user_id == world.worker_a.id
    session.commit()  # end the read: the app's requests write next
    lead = web_as(world.lead_a)
    page = lead.get("/reset-requests").text
    assert world.worker_a.display_name in page and world.worker_a.email in page
    assert 'href="/reset-requests"' in lead.get("/team").text  # in the lead's navigation
    # another team's lead does not see it; an administrator does
    assert world.worker_a.email not in web_as(world.lead_b).get("/reset-requests").text
    assert world.worker_a.email in web_as(world.admin).get("/reset-requests").text
    request_id = session.exec(select(ResetRequest.id)).one()
    session.commit()
    made = lead.post(f"/reset-requests/{request_id}", data={"csrf_token": lead.csrf_token})
    assert made.status_code == 200
    link = re.search(r'id="reset-link">http://127\.0\.0\.1:8000([^<]+)<', made.text)
    assert link and client.get(link.group(1)).status_code == 200
    assert "No requests are waiting" in lead.get("/reset-requests").text
    # a request already answered cannot be answered again
    again = lead.post(f"/reset-requests/{request_id}", data={"csrf_token": lead.csrf_token})
    assert again.status_code == 404


def test_a_parents_request_reaches_their_familys_team_lead(world, client, session) -> None:
    _ask(client, world.parent_a.email)
    _ask(client, world.parent_a.email)  # asked twice: still one request waiting
    waiting = reset_requests.waiting_requests(session, Actor(world.lead_a))
    assert [w.user_id for w in waiting] == [world.parent_a.id]
    assert reset_requests.waiting_requests(session, Actor(world.lead_b)) == []
    # a team lead's own request goes to an administrator only
    _ask(client, world.lead_a.email)
    assert [w.user_id for w in reset_requests.waiting_requests(session, Actor(world.lead_a))] == [
        world.parent_a.id
    ]
    admin_sees = {w.user_id for w in reset_requests.waiting_requests(session, Actor(world.admin))}
    assert admin_sees == {world.parent_a.id, world.lead_a.id}


def test_requests_and_answers_are_audited(world, client, web_as, session: Session) -> None:
    _ask(client, world.worker_a.email)
    lead = web_as(world.lead_a)
    request_id = session.exec(select(ResetRequest.id)).one()
    session.commit()
    lead.post(f"/reset-requests/{request_id}", data={"csrf_token": lead.csrf_token})
    actions = [
        (e.action, e.entity_id)
        for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()  # type: ignore[arg-type]
        if e.entity == "user"
    ]
    assert ("request_reset", str(world.worker_a.id)) in actions
    assert ("issue_link", str(world.worker_a.id)) in actions


def test_workers_and_parents_cannot_open_the_requests(world, web_as) -> None:
    assert web_as(world.worker_a).get("/reset-requests").status_code == 404
    assert web_as(world.parent_a).get("/reset-requests").status_code == 404


def test_the_request_pages_are_in_welsh(client) -> None:
    client.cookies.set("cct_language", "cy")
    page = client.get("/account/forgotten-password").text
    assert 'lang="cy"' in page
    assert "Ailosod eich cyfrinair" in page
    empty = client.post(
        "/account/forgotten-password", data={"email": "", "csrf_token": csrf_from(page)}
    )
    assert "Rhowch eich cyfeiriad e-bost" in empty.text
