"""Browser-less page tests: a TestClient that carries cookies like a browser."""

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import get_settings
from app.crypto import generate_key
from app.models.account import User
from app.services.identity import auth
from app.web import cookies

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str, next_path: str = "") -> "object":
    """Sign in through the form, as a browser would."""
    page = client.get("/sign-in")
    data = {"email": email, "password": password, "csrf_token": csrf_from(page.text)}
    if next_path:
        data["next"] = next_path
    return client.post("/sign-in", data=data, follow_redirects=False)


class SignedIn(TestClient):
    csrf_token: str = ""


@pytest.fixture
def web_as(session: Session) -> Iterator[Callable[[User], SignedIn]]:
    """A client with a live web session for the user (made directly, not through the form)."""
    from app.main import app

    clients: list[SignedIn] = []

    def make(user: User) -> SignedIn:
        token, web_session = auth.start_session(session, user)
        client = SignedIn(app)
        client.cookies.set(cookies.name(cookies.SESSION), token)
        client.csrf_token = web_session.csrf_token
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings as in a live deployment (HTTPS only)."""
    monkeypatch.setenv("CCT_ENVIRONMENT", "production")
    monkeypatch.setenv("CCT_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("CCT_ENCRYPTION_KEY", generate_key())
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()
