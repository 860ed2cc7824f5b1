"""Every request gets an id: in ``request.state``, the ``X-Request-ID`` header, log lines
and audit events (``AuditEvent.request_id``), whichever entry point serves it."""

from collections.abc import Awaitable, Callable
from uuid import uuid4

from fastapi import FastAPI, Request, Response


def install(app: FastAPI) -> None:
    """Install after ``app.logging.install``, so this runs first and logging reads the id."""

    @app.middleware("http")
    async def _request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = uuid4().hex
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        return response
