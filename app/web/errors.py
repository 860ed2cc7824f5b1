"""Refusals and failures as GOV.UK pages.

The JSON API is an application of its own with its own handlers, so everything
that reaches these is a page.
"""

import logging
from contextlib import contextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from app import i18n
from app.http.deps import get_session
from app.http.headers import security_headers
from app.services import access, refusals
from app.services.errors import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    NotSignedIn,
    TooManyAttempts,
)
from app.web.deps import safe_next
from app.web.language import language_of
from app.web.templating import render

log = logging.getLogger(__name__)
_database = contextmanager(get_session)
N_ = i18n.N_


def error_page(
    request: Request, status: int, title: str, message: str = "", **headers: str
) -> Response:
    """The page for a refusal or failure, in the reader's language where the catalogue has
    the words (a message it does not have stays English, marked as such)."""
    language = i18n.activate(language_of(request))
    shown = i18n.translated(message)
    in_english = language != i18n.DEFAULT and bool(message) and shown == message
    return render(
        request,
        "errors/error.html",
        {
            "title": i18n.translated(title),
            "message": shown,
            "message_in_english": in_english,
            "status": status,
        },
        status_code=status,
        fragment="content",
        headers=headers or None,
    )


def sign_in_redirect(request: Request) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    location = "/sign-in"
    if request.method == "GET" and safe_next(target) and target != "/":
        location += "?next=" + quote(target, safe="/")
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the sign-in page into a fragment: send the whole window there
        return Response(status_code=204, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


def _page_for(exc: Exception, request: Request) -> Response:
    if isinstance(exc, NotSignedIn):
        return sign_in_redirect(request)
    if isinstance(exc, NotFound):
        return error_page(
            request,
            404,
            N_("Page not found"),
            N_(
                "If you typed the web address, check it is correct. "
                "If you pasted the web address, check you copied the entire address."
            ),
        )
    if isinstance(exc, NotAllowed):
        return error_page(request, 403, N_("You cannot do this"), exc.reason)
    if isinstance(exc, Conflict):
        return error_page(request, 409, N_("This record has changed"), exc.message)
    if isinstance(exc, Invalid):
        return error_page(request, 422, N_("There is a problem"), exc.message)
    if isinstance(exc, TooManyAttempts):
        return error_page(
            request,
            429,
            N_("Too many attempts"),
            N_("Wait a few minutes, then try again."),
            **{"Retry-After": str(exc.retry_after_seconds)},
        )
    if isinstance(exc, IntegrityError):
        return error_page(
            request,
            409,
            N_("This record has changed"),
            N_("It clashes with a record saved meanwhile. Go back, reload the page and try again."),
        )
    if isinstance(exc, OperationalError):
        return error_page(
            request,
            503,
            N_("Sorry, the service is busy"),
            N_("Try again in a moment."),
            **{"Retry-After": "1"},
        )
    raise exc


def _audit_refusal(refusal: access.RoleRefused, request: Request) -> None:
    with _database() as session:
        access.record_role_refusal(session, refusal, request.url.path, request.path_params)


def _audit_conflict(request: Request) -> None:
    actor = getattr(request.state, "actor", None)
    if actor is not None:
        with _database() as session:
            refusals.record_refusal(
                session,
                actor,
                request.url.path,
                request.path_params,
                action="edit",
                outcome="conflict",
            )


async def _refused(request: Request, exc: Exception) -> Response:
    # the request's own session has closed by now: audit in a session of its own
    if isinstance(exc, access.RoleRefused):
        await run_in_threadpool(_audit_refusal, exc, request)
    elif isinstance(exc, Conflict):
        await run_in_threadpool(_audit_conflict, request)
    return _page_for(exc, request)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return _page_for(NotFound("page"), request)
    # the framework's own words ("Method Not Allowed") are neither plain nor translated
    return error_page(
        request, exc.status_code, N_("There is a problem"), N_("Check the details and try again.")
    )


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    # a malformed id in a page address is a page that does not exist
    if any(err.get("loc", ("",))[0] == "path" for err in exc.errors()):
        return _page_for(NotFound("page"), request)
    return error_page(
        request, 422, N_("There is a problem"), N_("Check the details and try again.")
    )


async def _unexpected(request: Request, _exc: Exception) -> Response:
    # runs outside the other middleware, so the security headers are added here
    log.exception(
        "unexpected error", extra={"request_id": getattr(request.state, "request_id", "")}
    )
    headers = security_headers(request.url.path)
    # the id the log line carries, so a report of the failure can be matched to it
    headers["X-Request-ID"] = getattr(request.state, "request_id", "")
    try:
        return error_page(
            request,
            500,
            N_("Sorry, there is a problem with the service"),
            N_("Try again later. What you entered has not been saved."),
            **headers,
        )
    except Exception:  # the templates themselves may be what failed
        return Response(
            "Sorry, there is a problem with the service. Try again later.",
            status_code=500,
            media_type="text/plain",
            headers=headers,
        )


async def csrf_refused(scope: Scope, receive: Receive, send: Send) -> None:
    """The answer to a form or htmx request without a valid CSRF token."""
    request = Request(scope, receive)
    response = error_page(
        request,
        403,
        N_("This form could not be sent"),
        N_(
            "The page may have been open too long, or you may have signed out. "
            "Go back, reload the page and try again."
        ),
    )
    await response(scope, receive, send)


def install(app: FastAPI) -> None:
    for exc_class in (
        NotFound,
        NotAllowed,
        NotSignedIn,
        Conflict,
        Invalid,
        TooManyAttempts,
        IntegrityError,
        OperationalError,
    ):
        app.add_exception_handler(exc_class, _refused)
    app.exception_handler(RequestValidationError)(_validation_error)
    app.exception_handler(HTTPException)(_http_error)
    app.add_exception_handler(Exception, _unexpected)
