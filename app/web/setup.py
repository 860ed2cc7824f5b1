"""Wires the web pages into the application: routers, static files, protections."""

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from app.web import auth, errors, language, pages, parent
from app.web.placeholders import add_placeholders
from app.web.security import CsrfMiddleware, SecurityHeadersMiddleware
from app.web.templating import STATIC_DIR

__all__ = ["add_placeholders", "install"]


def install(app: FastAPI) -> None:
    """Call after the API's error handlers are installed."""
    errors.install(app)
    # check_dir=False: the app starts before `make assets` has copied the vendor files
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    # GOV.UK Frontend's stylesheet asks for its fonts and images under /assets
    app.mount(
        "/assets",
        StaticFiles(directory=STATIC_DIR / "vendor" / "govuk" / "assets", check_dir=False),
        name="govuk-assets",
    )
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(parent.router)
    app.include_router(language.router)
    # added last, so outermost: every response gets the headers, refusals included
    app.add_middleware(CsrfMiddleware, refuse=errors.csrf_refused)
    app.add_middleware(SecurityHeadersMiddleware)
