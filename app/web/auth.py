"""Signing in and out of the web pages."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from app import i18n
from app.config import get_settings
from app.http.deps import SessionDep, client_address, request_id
from app.http.routing import AuditedRoute
from app.services.errors import NotSignedIn, TooManyAttempts
from app.services.identity import auth, sso, totp
from app.web import account, cookies
from app.web.deps import home_for, safe_next
from app.web.forms import F, Form, FormDep
from app.web.language import language_of
from app.web.security import new_token
from app.web.templating import flash, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)
N_ = i18n.N_

WRONG_DETAILS = N_("Enter a correct email address and password")
NEXT_MAX = 2000
SIGN_IN_FORM = Form(
    F("email", N_("Email address"), required=N_("Enter your email address")),
    F("password", N_("Password"), required=N_("Enter your password"), strip=False),
    F("next", N_("The page to go back to")),
)
SIGNED_OUT = N_("You have signed out")
# what the services may answer on the pages a parent passes through to sign in (set a
# password, two-step sign-in), so the catalogue holds them; shown translated (i18n.translated)
SIGN_IN_WORDS = (
    N_("This link has expired or has already been used. Ask for a new one."),
    N_("Your current password is not right"),
    N_("Enter the 6-digit code from your authenticator app, or a recovery code"),
    N_("The code is not right: check the time on your phone and try again"),
    N_("Start setting up two-step sign-in again"),
    N_("Two-step sign-in is already set up; an administrator can reset it"),
)


class SignInAnswer(BaseModel):
    # bounded before any password is hashed
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    next: str = Field("", max_length=NEXT_MAX)


def _signed_in_home(request: Request, session: SessionDep) -> str | None:
    token = cookies.read(request, cookies.SESSION)
    if not token:
        return None
    try:
        user, _ = auth.resume_session(session, token)
    except NotSignedIn:
        return None
    return home_for(user.role)


def sign_in_form(
    request: Request,
    *,
    email: str = "",
    next_path: str | None = None,
    errors: list[dict[str, str]] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    csrf = cookies.read(request, cookies.SIGN_IN_CSRF) or new_token()
    request.state.csrf_token = csrf
    response = render(
        request,
        "sign_in.html",
        {
            "email": email,
            "next": next_path,
            "errors": errors or [],
            "sso": sso.enabled(),
            "sso_provider": sso.provider_name(),
            "staff_passwords": get_settings().password_sign_in_for_staff,
            "parent_passwords": get_settings().password_sign_in_for_parents,
        },
        status_code=status_code,
        headers=headers,
    )
    cookies.put(response, cookies.SIGN_IN_CSRF, csrf)
    return response


@router.get("/sign-in")
def sign_in_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    home = _signed_in_home(request, session)
    if home is not None:
        return RedirectResponse(safe_next(next) or home, status_code=303)
    return sign_in_form(request, next_path=safe_next(next))


@router.post("/sign-in")
def sign_in(
    request: Request,
    session: SessionDep,
    posted: FormDep,
) -> Response:
    parsed = SIGN_IN_FORM.parse(posted)
    answer = SIGN_IN_FORM.validate(SignInAnswer, parsed)
    email = str(parsed.values["email"])
    wanted = str(parsed.values["next"])
    next_path = safe_next(wanted) if len(wanted) <= NEXT_MAX else None
    errors = parsed.errors
    if answer is not None:
        try:
            user = auth.authenticate(
                session, answer.email, answer.password, client_address(request), request_id(request)
            )
        except NotSignedIn:
            errors.append({"text": WRONG_DETAILS, "href": "#email"})
        except TooManyAttempts as exc:
            minutes = max(1, -(-exc.retry_after_seconds // 60))
            i18n.activate(language_of(request))
            text = i18n.ngettext(
                "Too many attempts to sign in. Wait %(num)d minute, then try again",
                "Too many attempts to sign in. Wait %(num)d minutes, then try again",
                minutes,
            ) % {"num": minutes}
            errors.append({"text": text, "href": "#email"})
            return sign_in_form(
                request,
                email=email.strip(),
                next_path=next_path,
                errors=errors,
                status_code=429,
                headers={"Retry-After": str(exc.retry_after_seconds)},
            )
    if errors:
        return sign_in_form(
            request, email=email.strip(), next_path=next_path, errors=errors, status_code=422
        )
    if totp.two_step_required(session, user):
        # no session until the code is right (or two-step sign-in is set up)
        return account.begin_second_step(session, user, next_path, request)
    old = cookies.read(request, cookies.SESSION)
    if old:
        auth.end_session(session, old)
    token, _ = auth.start_session(session, user)
    response = RedirectResponse(next_path or home_for(user.role), status_code=303)
    cookies.put(response, cookies.SESSION, token)
    cookies.drop(response, cookies.SIGN_IN_CSRF)
    return response


@router.post("/sign-out")
def sign_out(request: Request, session: SessionDep) -> Response:
    token = cookies.read(request, cookies.SESSION)
    if token:
        auth.end_session(session, token)
    response = RedirectResponse("/sign-in", status_code=303)
    cookies.drop(response, cookies.SESSION)
    flash(response, SIGNED_OUT)
    return response
