"""Protections on every request: security headers and the CSRF check.

Both are plain ASGI middleware, so they cover every route (including ones added
later) and stream bodies through untouched.
"""

import secrets
from contextlib import contextmanager

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings
from app.http.deps import get_session
from app.services.errors import NotSignedIn
from app.services.identity import auth
from app.web import cookies

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)
# FastAPI's interactive API docs load Swagger UI from a CDN and start it with an inline
# script; only that one page gets a policy that allows them
DOCS_PATH = "/api/v1/docs"
DOCS_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' https://cdn.jsdelivr.net",
        "img-src 'self' data: https://fastapi.tiangolo.com",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# long-lived files may be cached; everything else may hold personal data
_CACHEABLE = ("/static/", "/assets/")


def security_headers(path: str) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": DOCS_CSP if path == DOCS_PATH else CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not path.startswith(_CACHEABLE):
        headers["Cache-Control"] = "no-store"
    if not get_settings().is_development:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Adds the security headers to every response, API and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in extra.items():
                    if key not in headers:
                        headers[key] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
    form = await Request(scope, _replay(body, _no_more)).form()
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
