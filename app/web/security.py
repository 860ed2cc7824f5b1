"""The CSRF check on every page form and htmx request.

A plain ASGI middleware, so it covers every route (including ones added later)
and streams bodies through untouched. The security headers every response gets
are in ``app.http.headers``.
"""

import secrets
from contextlib import contextmanager

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.deps import get_session
from app.services.errors import NotSignedIn
from app.services.identity import auth
from app.web import cookies

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


# the request's own session is not open yet out here: borrow one the same way
_database = contextmanager(get_session)


def _session_token(session_cookie: str) -> str | None:
    """The CSRF token of a live web session, if the cookie names one."""
    with _database() as session:
        try:
            _, web_session = auth.resume_session(session, session_cookie)
        except NotSignedIn:
            return None
        return web_session.csrf_token


class CsrfMiddleware:
    """Refuses a state-changing request to a page without the session's CSRF token.

    The token comes in the ``X-CSRF-Token`` header (htmx) or the ``csrf_token``
    form field (plain form posts). Without a live session (the sign-in form) it
    must match the sign-in cookie instead (double submit). The JSON API is not
    covered: it takes bearer tokens only, never cookies.
    """

    def __init__(self, app: ASGIApp, refuse: ASGIApp) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        sent = request.headers.get(CSRF_HEADER, "")
        body: bytes | None = None
        if not sent:
            body = await request.body()
            sent = await _form_token(scope, body)
        expected = await _expected_token(request)
        if not (sent and expected and secrets.compare_digest(sent, expected)):
            await self.refuse(scope, _replay(b"", receive), send)
            return
        await self.app(scope, receive if body is None else _replay(body, receive), send)


async def _expected_token(request: Request) -> str | None:
    session_cookie = cookies.read(request, cookies.SESSION)
    if session_cookie:
        token = await run_in_threadpool(_session_token, session_cookie)
        if token:
            return token
    return cookies.read(request, cookies.SIGN_IN_CSRF)


async def _form_token(scope: Scope, body: bytes) -> str:
    content_type = Request(scope).headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    try:
        form = await Request(scope, _replay(body, _no_more)).form()
    except (HTTPException, MultiPartException):
        return ""  # a body that is not a form: no token, so refused like any other
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    finally:
        await form.close()


async def _no_more() -> Message:
    return {"type": "http.disconnect"}


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that hands over an already-read body once, then the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
