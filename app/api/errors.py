"""Service refusals as HTTP answers. Same shape as FastAPI's own 422s."""

import logging
from contextlib import contextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.deps import get_session
from app.http.headers import security_headers
from app.services import access, refusals
from app.services.context import Actor
from app.services.errors import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    NotSignedIn,
    TooManyAttempts,
)

log = logging.getLogger(__name__)


def _json(status: int, body: dict[str, object], **headers: str) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers or None)


_database = contextmanager(get_session)


def _audit(request: Request, actor: Actor | None, action: str, outcome: str) -> None:
    """A refusal answered here, audited with the family its address names."""
    if actor is None:
        return
    with _database() as session:
        refusals.record_refusal(
            session, actor, request.url.path, request.path_params, action=action, outcome=outcome
        )


async def _unreadable(request: Request, exc: Exception) -> Response:
    """A body FastAPI cannot even parse (bytes that are not UTF-8) is bad input like any
    other: 422 naming the body, never a 400 the OpenAPI document does not list."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        problem = {
            "loc": ["body"],
            "msg": "The body could not be read: send JSON in UTF-8",
            "type": "body_unreadable",
        }
        return _json(422, {"detail": [problem]})
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _unreadable)

    @app.exception_handler(access.RoleRefused)
    async def _role_refused(request: Request, exc: access.RoleRefused) -> JSONResponse:
        # not for this role: the same answer as a record that does not exist
        await run_in_threadpool(_audit, request, exc.actor, "denied", "denied")
        return _json(404, {"detail": f"No {exc.entity} with that id"})

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _json(404, {"detail": f"No {exc.entity} with that id"})

    @app.exception_handler(NotAllowed)
    async def _not_allowed(_: Request, exc: NotAllowed) -> JSONResponse:
        return _json(403, {"detail": exc.reason})

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(_: Request, _exc: NotSignedIn) -> JSONResponse:
        return _json(
            401, {"detail": "Sign in with a valid API token"}, **{"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> JSONResponse:
        # the losing side of a race is audited too, in the family's trail
        actor = getattr(request.state, "actor", None)
        await run_in_threadpool(_audit, request, actor, "edit", "conflict")
        return _json(409, {"detail": exc.message, "current": exc.current})

    @app.exception_handler(Invalid)
    async def _invalid(_: Request, exc: Invalid) -> JSONResponse:
        return _json(
            422,
            {"detail": [{"loc": ["body", exc.field], "msg": exc.message, "type": "value_error"}]},
        )

    @app.exception_handler(RequestValidationError)
    async def _unprocessable(_: Request, exc: RequestValidationError) -> JSONResponse:
        # field and reason only: echoing the input back could itself fail to encode
        # (an unpaired surrogate) and would copy personal data into error logs
        detail = [
            {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err["type"]}
            for err in exc.errors()
        ]
        return _json(422, {"detail": detail})

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, _exc: IntegrityError) -> JSONResponse:
        # a uniqueness race the service could not see coming: nothing was written
        return _json(
            409,
            {
                "detail": "This clashes with a record saved meanwhile; reload and retry",
                "current": {},
            },
        )

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, _exc: OperationalError) -> JSONResponse:
        return _json(503, {"detail": "The database is busy; try again"}, **{"Retry-After": "1"})

    @app.exception_handler(TooManyAttempts)
    async def _too_many(_: Request, exc: TooManyAttempts) -> JSONResponse:
        return _json(
            429,
            {"detail": "Too many failed sign-in attempts; try again later"},
            **{"Retry-After": str(exc.retry_after_seconds)},
        )

    app.add_middleware(AnswerFailures)


class AnswerFailures:
    """An unexpected failure inside the API is answered here, as JSON, and logged once.

    Sits inside the API's own outermost layer, so nothing escapes to the pages'
    handlers of the application the API is mounted in.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            state = scope.get("state") or {}
            log.exception("unexpected error", extra={"request_id": state.get("request_id", "")})
            if not started and scope["type"] == "http":
                response = _json(
                    500, {"detail": "Internal server error"}, **security_headers(scope["path"])
                )
                await response(scope, receive, send)
