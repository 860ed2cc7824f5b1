"""Signing a parent in for page tests, without going through the sign-in form."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.account import User
from app.services.identity import auth
from app.web import cookies


def sign_in(client: TestClient, session: Session, user: User) -> str:
    """Start a web session for ``user`` on ``client``; returns its CSRF token."""
    token, web_session = auth.start_session(session, user)
    client.cookies.set(cookies.name(cookies.SESSION), token)
    return web_session.csrf_token
