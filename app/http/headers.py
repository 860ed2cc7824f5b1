"""Security headers on every response: pages, the JSON API, refusals and static files.

A plain ASGI middleware, so it covers every route (including ones added later,
and the mounted API) and streams bodies through untouched.
"""

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

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
# long-lived files may be cached; everything else may hold personal data
_CACHEABLE = ("/static/", "/assets/")


def _policy(path: str) -> str:
    if path == DOCS_PATH:
        return DOCS_CSP
    issuer = get_settings().oidc_issuer
    if not issuer:
        return CSP
    # the single sign-on button posts here and is redirected to the identity provider:
    # browsers hold that redirect to form-action too (its sign-in page shares the
    # issuer's origin at Entra ID and the other common providers)
    parts = urlsplit(issuer)
    return CSP.replace("form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}")


def security_headers(path: str) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": _policy(path),
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
