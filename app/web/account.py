"""Account pages: choosing a password from a one-time link, two-step sign-in, changing a password.

The sign-in page hands over to ``begin_second_step`` once the password is right
and two-step sign-in applies; the session starts only after the code is right.
"""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from app import i18n
from app.http.deps import SessionDep, client_address, request_id
from app.http.routing import AuditedRoute
from app.models.account import User
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotSignedIn, TooManyAttempts
from app.services.identity import accounts, auth, totp
from app.web import cookies
from app.web.deps import WebActorDep, home_for, safe_next
from app.web.forms import F, Form, FormDep
from app.web.security import new_token
from app.web.templating import flash, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)
N_ = i18n.N_

PENDING = "cct_pending"

Errors = list[dict[str, str]]


def _signed_out_form(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A form shown before there is a session: protected by the sign-in CSRF cookie."""
    csrf = cookies.read(request, cookies.SIGN_IN_CSRF) or new_token()
    request.state.csrf_token = csrf
    response = render(request, name, context, status_code=status_code)
    cookies.put(response, cookies.SIGN_IN_CSRF, csrf)
    return response


# passwords are bounded before any is hashed; a code is short
Password = Annotated[str, Field(max_length=1024)]
NEXT_MAX = 2000


def _password(name: str, label: str) -> F:
    # too long: "<label> must be 1,024 characters or fewer", in the reader's language
    return F(name, label, strip=False)


NEW_PASSWORD_FORM = Form(
    _password("password", N_("Password")), _password("confirm", N_("Password"))
)
CHANGE_PASSWORD_FORM = Form(
    _password("current_password", N_("Current password")),
    _password("new_password", N_("New password")),
    _password("confirm", N_("New password")),
)
CODE_FORM = Form(
    F(
        "code",
        N_("Code"),
        too_long=N_("The code is not right: check the time on your phone and try again"),
    ),
    F("next", N_("The page to go back to")),
)


class NewPassword(BaseModel):
    password: Password = ""
    confirm: Password = ""


class PasswordChange(BaseModel):
    current_password: Password = ""
    new_password: Password = ""
    confirm: Password = ""


class CodeAnswer(BaseModel):
    code: str = Field("", max_length=40)


def _error(field: str, text: str) -> Errors:
    return [{"text": text, "href": f"#{field}"}]


# --- set-up and reset links ---------------------------------------------------------------


def _password_page(
    request: Request, session: Session, token: str, errors: Errors | None = None, status: int = 200
) -> Response:
    try:
        purpose, user = accounts.link_holder(session, token)
    except Invalid as exc:
        return _signed_out_form(request, "account/link_expired.html", {"message": exc.message}, 410)
    finally:
        session.rollback()
    context = {"purpose": purpose.value, "name": user.display_name, "errors": errors or []}
    return _signed_out_form(request, "account/set_password.html", context, status)


def _choose_password(
    request: Request, session: Session, token: str, password: str, confirm: str
) -> Response:
    if password != confirm:
        return _password_page(
            request, session, token, _error("confirm", N_("Enter the same password twice")), 422
        )
    try:
        accounts.redeem(
            session,
            token,
            password,
            client_address=client_address(request),
            request_id=request_id(request),
        )
    except Invalid as exc:
        session.rollback()
        if exc.field == "token":
            return _password_page(request, session, token)
        return _password_page(request, session, token, _error("password", exc.message), 422)
    response = RedirectResponse("/sign-in", status_code=303)
    flash(response, N_("Your password is set. Sign in with it now"))
    return response


@router.get("/account/set-up/{token}")
@router.get("/account/reset/{token}")
def password_page(token: str, request: Request, session: SessionDep) -> Response:
    return _password_page(request, session, token)


@router.post("/account/set-up/{token}")
@router.post("/account/reset/{token}")
def choose_password(
    token: str,
    request: Request,
    session: SessionDep,
    posted: FormDep,
) -> Response:
    parsed = NEW_PASSWORD_FORM.parse(posted)
    answer = NEW_PASSWORD_FORM.validate(NewPassword, parsed)
    if answer is None:
        return _password_page(request, session, token, parsed.errors, 422)
    return _choose_password(request, session, token, answer.password, answer.confirm)


# --- the second step of signing in --------------------------------------------------------


def begin_second_step(
    session: Session, user: User, next_path: str | None, request: Request | None = None
) -> Response:
    """Called by the sign-in page after the password: no session yet, only a pending one."""
    actor = None
    if request is not None:
        actor = Actor(user, request_id=request_id(request), client_address=client_address(request))
    token = totp.start_pending(session, user, actor)
    target = "/account/two-step" + (f"?{urlencode({'next': next_path})}" if next_path else "")
    response = RedirectResponse(target, status_code=303)
    cookies.put(response, PENDING, token, max_age=int(totp.PENDING_LIFETIME.total_seconds()))
    return response


def _pending(request: Request, session: Session) -> tuple[str, User] | None:
    token = cookies.read(request, PENDING)
    if not token:
        return None
    try:
        return token, totp.pending_user(session, token)
    except NotSignedIn:
        return None


def _two_step_page(
    request: Request,
    session: Session,
    user: User,
    next_path: str | None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {"next": next_path, "errors": errors or []}
    if totp.is_enrolled(session, user):
        return _signed_out_form(request, "account/two_step.html", context, status)
    actor = Actor(user, request_id=request_id(request), client_address=client_address(request))
    # begun by the sign-in post (or a failed code's post); a page view only reads
    enrolment = totp.pending_enrolment(session, actor)
    if enrolment is None:
        if request.method == "GET":
            return RedirectResponse("/sign-in", status_code=303)
        enrolment = totp.begin_enrolment(session, actor)
    context |= {"enrolment": enrolment, "action": "/account/two-step"}
    return _signed_out_form(request, "account/two_step_enrol.html", context, status)


def _start_session(session: Session, user: User, pending: str, response: Response) -> None:
    totp.finish_pending(session, pending)
    token, _ = auth.start_session(session, user)
    cookies.put(response, cookies.SESSION, token)
    cookies.drop(response, PENDING)
    cookies.drop(response, cookies.SIGN_IN_CSRF)


@router.get("/account/two-step")
def two_step_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    found = _pending(request, session)
    if found is None:
        return RedirectResponse("/sign-in", status_code=303)
    return _two_step_page(request, session, found[1], safe_next(next))


@router.post("/account/two-step")
def two_step(
    request: Request,
    session: SessionDep,
    posted: FormDep,
) -> Response:
    found = _pending(request, session)
    if found is None:
        return RedirectResponse("/sign-in", status_code=303)
    pending, user = found
    parsed = CODE_FORM.parse(posted)
    answer = CODE_FORM.validate(CodeAnswer, parsed)
    wanted = str(parsed.values["next"])
    next_path = safe_next(wanted) if len(wanted) <= NEXT_MAX else None
    if answer is None:
        return _two_step_page(request, session, user, next_path, parsed.errors, 422)
    code = answer.code
    address, rid = client_address(request), request_id(request)
    if not totp.is_enrolled(session, user):
        actor = Actor(user, request_id=rid, client_address=address)
        try:
            codes = totp.confirm_enrolment(session, actor, code)
        except (Invalid, Conflict) as exc:
            session.rollback()
            message = exc.message if isinstance(exc, Invalid) else str(exc)
            return _two_step_page(request, session, user, next_path, _error("code", message), 422)
        response = render(
            request,
            "account/recovery_codes.html",
            {"codes": codes, "continue_to": next_path or home_for(user.role)},
        )
        _start_session(session, user, pending, response)
        return response
    try:
        totp.verify_second_step(session, user, code, client_address=address, request_id=rid)
    except TooManyAttempts as exc:
        errors = _error("code", N_("Too many wrong codes. Wait a few minutes, then sign in again"))
        response = _two_step_page(request, session, user, next_path, errors, 429)
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
        return response
    except Invalid as exc:
        return _two_step_page(request, session, user, next_path, _error("code", exc.message), 422)
    response = RedirectResponse(next_path or home_for(user.role), status_code=303)
    _start_session(session, user, pending, response)
    return response


# --- signed in: optional two-step set-up, password change ---------------------------------


@router.get("/account/two-step/set-up")
def optional_two_step_page(request: Request, session: SessionDep, actor: WebActorDep) -> Response:
    """Reads only: the QR code of a set-up already begun, or the button that begins one."""
    if totp.is_enrolled(session, actor.user):
        return render(request, "account/two_step_on.html", {})
    enrolment = totp.pending_enrolment(session, actor)
    if enrolment is None:
        return render(request, "account/two_step_start.html", {})
    context = {"enrolment": enrolment, "action": "/account/two-step/set-up"}
    return render(request, "account/two_step_enrol.html", context)


@router.post("/account/two-step/set-up/start")
def start_optional_two_step(session: SessionDep, actor: WebActorDep) -> Response:
    """Make the secret for the authenticator app, then show its QR code."""
    if not totp.is_enrolled(session, actor.user) and totp.pending_enrolment(session, actor) is None:
        totp.begin_enrolment(session, actor)
    return RedirectResponse("/account/two-step/set-up", status_code=303)


@router.post("/account/two-step/set-up")
def optional_two_step(
    request: Request,
    session: SessionDep,
    actor: WebActorDep,
    posted: FormDep,
) -> Response:
    parsed = CODE_FORM.parse(posted)
    answer = CODE_FORM.validate(CodeAnswer, parsed)
    try:
        if answer is None:
            raise Invalid("code", parsed.errors[0]["text"])
        codes = totp.confirm_enrolment(session, actor, answer.code)
    except (Invalid, Conflict) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, Invalid) else str(exc)
        enrolment = totp.pending_enrolment(session, actor) or totp.begin_enrolment(session, actor)
        context = {
            "enrolment": enrolment,
            "action": "/account/two-step/set-up",
            "errors": _error("code", message),
        }
        return render(request, "account/two_step_enrol.html", context, status_code=422)
    context = {"codes": codes, "continue_to": home_for(actor.role)}
    return render(request, "account/recovery_codes.html", context)


@router.get("/account/password")
def change_password_page(request: Request, _actor: WebActorDep) -> Response:
    return render(request, "account/change_password.html", {})


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    actor: WebActorDep,
    posted: FormDep,
) -> Response:
    parsed = CHANGE_PASSWORD_FORM.parse(posted)
    answer = CHANGE_PASSWORD_FORM.validate(PasswordChange, parsed)
    if answer is None:
        context = {"errors": parsed.errors}
        return render(request, "account/change_password.html", context, status_code=422)
    current_password, new_password = answer.current_password, answer.new_password
    errors: Errors = []
    if new_password != answer.confirm:
        errors = _error("confirm", N_("Enter the same new password twice"))
    else:
        token = cookies.read(request, cookies.SESSION) or ""
        try:
            accounts.change_password(
                session,
                actor,
                current_password,
                new_password,
                keep_session_id=auth.token_digest(token),
            )
        except Invalid as exc:
            errors = _error(exc.field, exc.message)
        except TooManyAttempts:
            errors = _error("current_password", N_("Too many wrong passwords. Try again later"))
    if errors:
        return render(request, "account/change_password.html", {"errors": errors}, status_code=422)
    response = RedirectResponse(home_for(actor.role), status_code=303)
    flash(response, N_("Your password is changed. You are signed out everywhere else"))
    return response
