"""Logging, set up in one place. Log lines carry ids (request, user, family), never names.

Every record gets the id of the request it was written for, so the lines of
one request can be found together and matched with its audit events
(``AuditEvent.request_id``). Access log lines drop query strings, which could
carry a search for a name.
"""

import logging
import logging.config
from contextvars import ContextVar
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

request_id_var: ContextVar[str] = ContextVar("cct_request_id", default="-")

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class NoQueryString(logging.Filter):
    """Uvicorn's access lines, with any ``?query`` cut off the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            if isinstance(args[2], str):
                args[2] = args[2].split("?", 1)[0]
            record.args = tuple(args)
        return True


def config(level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the app and for uvicorn (``log_config=``)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "no_query": {"()": NoQueryString},
        },
        "formatters": {"plain": {"format": FORMAT}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "filters": ["request_id"],
            },
        },
        "loggers": {
            "uvicorn.access": {
                "handlers": ["stderr"],
                "level": level,
                "propagate": False,
                "filters": ["no_query"],
            },
            "uvicorn.error": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(config(level))


class BindRequestId:
    """Binds the request's id (set by the request-id middleware) for its log lines.

    A plain ASGI middleware (cheaper than ``BaseHTTPMiddleware``); worker
    threads of sync routes inherit the binding with the context.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = request_id_var.set(scope.get("state", {}).get("request_id", "-"))
        try:
            await self.app(scope, receive, send)
        finally:
            request_id_var.reset(token)


def install(app: FastAPI) -> None:
    """Bind each request's id (set by the request-id middleware) for its log lines."""
    app.add_middleware(BindRequestId)
