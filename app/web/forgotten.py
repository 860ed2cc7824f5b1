"""Forgotten passwords: the public request form, and the requests waiting for a team lead
or an administrator when no mail server is set up."""

import uuid

from fastapi import APIRouter, BackgroundTasks, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from app import i18n
from app.http.deps import SessionDep, client_address, request_id
from app.http.routing import AuditedRoute
from app.services.errors import TooManyAttempts
from app.services.identity import reset_requests
from app.web import cookies
from app.web.deps import LeadOrAdminDep
from app.web.forms import F, Form, FormDep
from app.web.language import language_of
from app.web.security import new_token
from app.web.templating import render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)
_ = i18n.gettext
PATH = "/account/forgotten-password"


def _form(
    request: Request,
    *,
    email: str = "",
    errors: list[dict[str, str]] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    # signed out: the form carries the sign-in pages' token
    csrf = cookies.read(request, cookies.SIGN_IN_CSRF) or new_token()
    request.state.csrf_token = csrf
    response = render(
        request,
        "account/forgotten_password.html",
        {"email": email, "errors": errors or []},
        status_code=status_code,
        headers=headers,
    )
    cookies.put(response, cookies.SIGN_IN_CSRF, csrf)
    return response


class EmailAnswer(BaseModel):
    email: str = Field(max_length=254, pattern="@")


@router.get(PATH)
def forgotten_password(request: Request) -> Response:
    return _form(request)


@router.post(PATH)
def request_link(
    request: Request,
    session: SessionDep,
    background: BackgroundTasks,
    posted: FormDep,
) -> Response:
    i18n.activate(language_of(request))
    wrong = _("Enter an email address in the correct format, like name@example.com")
    email_question = F(
        "email", i18n.N_("Email address"), required=_("Enter your email address"), invalid=wrong,
        too_long=wrong,
    )  # fmt: skip
    form = Form(email_question)
    parsed = form.parse(posted)
    answer = form.validate(EmailAnswer, parsed)
    email = str(parsed.values["email"]).strip()
    if answer is None:
        return _form(request, email=email, errors=parsed.errors, status_code=422)
    try:
        outgoing = reset_requests.request_reset(
            session, email, client_address=client_address(request), request_id=request_id(request)
        )
    except TooManyAttempts as exc:
        minutes = max(1, -(-exc.retry_after_seconds // 60))
        text = i18n.ngettext(
            "Too many requests for this address. Wait %(num)d minute, then try again",
            "Too many requests for this address. Wait %(num)d minutes, then try again",
            minutes,
        ) % {"num": minutes}
        return _form(
            request,
            email=email,
            errors=[{"text": text, "href": "#email"}],
            status_code=429,
            headers={"Retry-After": str(exc.retry_after_seconds)},
        )
    if outgoing is not None:
        # sent after the answer, so how long the answer takes says nothing about the account
        background.add_task(outgoing.send)
    return RedirectResponse(f"{PATH}/sent", status_code=303)


@router.get(f"{PATH}/sent")
def request_sent(request: Request) -> Response:
    return render(request, "account/forgotten_sent.html", {"by_email": reset_requests.by_email()})


@router.get("/reset-requests")
def waiting(request: Request, session: SessionDep, actor: LeadOrAdminDep) -> Response:
    requests = reset_requests.waiting_requests(session, actor)
    return render(
        request,
        "account/reset_requests.html",
        {"requests": requests, "nav": "reset-requests"},
    )


@router.post("/reset-requests/{request_id}")
def answer(
    request: Request, session: SessionDep, actor: LeadOrAdminDep, request_id: uuid.UUID
) -> Response:
    issued = reset_requests.answer(session, actor, request_id)
    return render(
        request,
        "account/reset_link.html",
        {"issued": issued, "nav": "reset-requests"},
    )
