"""Builds the application: ``uvicorn app.main:app``."""

from collections.abc import Awaitable, Callable
from uuid import uuid4

from fastapi import FastAPI, Request, Response

from app import __version__
from app import logging as app_logging
from app.api import errors
from app.api.router import api_router
from app.web import setup as web


def create_app() -> FastAPI:
    app = FastAPI(
        title="Capacity to Change Tracker",
        version=__version__,
        description=(
            "Plans, progress evidence and court-ready reports for parental "
            "capacity-to-change assessments. Sign in with a personal API token "
            "(`cct token create`) sent as `Authorization: Bearer …`."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )

    app_logging.install(app)  # inner: reads the request id set by the middleware below

    @app.middleware("http")
    async def _request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = uuid4().hex
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        return response

    errors.install(app)
    app.include_router(api_router, prefix="/api/v1")
    web.install(app)
    web.add_placeholders(app)  # keep last: stands in only for pages nobody else serves
    return app


app = create_app()
