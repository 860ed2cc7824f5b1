"""Builds the application: ``uvicorn app.main:app``.

The pages are served by this application; the JSON API is an application of its
own, mounted at /api/v1 with its own error handlers and OpenAPI document. The
request plumbing around both (request ids, log binding, security headers) is
installed here, once.
"""

from fastapi import FastAPI

from app import __version__
from app import logging as app_logging
from app.api.app import PREFIX, create_api
from app.http import request_ids
from app.http.headers import SecurityHeadersMiddleware
from app.web import setup as web


def create_app() -> FastAPI:
    app = FastAPI(
        title="Capacity to Change Tracker",
        version=__version__,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app_logging.install(app)  # inner: reads the request id set by the middleware below
    request_ids.install(app)
    app.mount(PREFIX, create_api())
    web.install(app)
    # added last, so outermost: every response gets the headers, refusals included
    app.add_middleware(SecurityHeadersMiddleware)
    return app


app = create_app()
