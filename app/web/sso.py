"""Signing in through the organisation's identity provider (OpenID Connect).

The sign-in page's button posts here; the browser goes to the provider and comes
back to the callback. Two-step sign-in is not asked for afterwards: the
provider's own multi-factor sign-in stands. Signing out ends the session here.
"""

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app import i18n
from app.http import lanes
from app.http.deps import SessionDep, client_address, request_id
from app.http.routing import AuditedRoute
from app.services.errors import NotFound, TooManyAttempts
from app.services.identity import sso
from app.web import cookies
from app.web.auth import NEXT_MAX, sign_in_form
from app.web.deps import home_for, safe_next
from app.web.forms import FormDep

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

_ = i18n.gettext
STATE = "cct_sso_state"
STATE_SECONDS = int(sso.ATTEMPT_LIFETIME.total_seconds())

# what the person is told, by the reason the sign-in was refused
_NO_ACCOUNT = ("unknown_user", "email_unverified")
_SEE_ADMIN = ("disabled", "subject_clash")


def _message(reason: str, provider: str) -> tuple[str, int]:
    if reason in _NO_ACCOUNT:
        text = _(
            "You signed in with %(provider)s, but there is no account for you here. "
            "Ask an administrator to set one up"
        )
        return text % {"provider": provider}, 403
    if reason in _SEE_ADMIN:
        text = _("You cannot use this account at the moment. Ask an administrator for help")
        return text, 403
    if reason == "provider_error":
        text = _("Signing in with %(provider)s was cancelled. Try again")
        return text % {"provider": provider}, 400
    if reason == "unavailable":
        text = _("Signing in with %(provider)s is not working at the moment. Try again later")
        return text % {"provider": provider}, 503
    text = _("Signing in with %(provider)s did not work. Try again")
    return text % {"provider": provider}, 400


def _refused(request: Request, reason: str, *, retry_after: int | None = None) -> Response:
    provider = sso.provider_name()
    if retry_after is not None:
        minutes = max(1, -(-retry_after // 60))
        text = _("Too many attempts to sign in. Wait %(minutes)s minutes, then try again") % {
            "minutes": minutes
        }
        status_code, headers = 429, {"Retry-After": str(retry_after)}
    else:
        text, status_code = _message(reason, provider)
        headers = {}
    response = sign_in_form(
        request,
        errors=[{"text": text, "href": "#sso"}],
        status_code=status_code,
        headers=headers,
    )
    cookies.drop(response, STATE)
    return response


@router.post("/sign-in/sso")
def begin(request: Request, session: SessionDep, posted: FormDep) -> Response:
    if not sso.enabled():
        raise NotFound()
    wanted = str(posted.get("next") or "")
    next_path = safe_next(wanted) if len(wanted) <= NEXT_MAX else None
    try:
        address, state = sso.begin(
            session,
            next_path,
            client_address=client_address(request),
            request_id=request_id(request),
        )
    except TooManyAttempts as exc:
        return _refused(request, "throttled", retry_after=exc.retry_after_seconds)
    except sso.SsoUnavailable:
        return _refused(request, "unavailable")
    response = RedirectResponse(address, status_code=303)
    cookies.put(response, STATE, state, max_age=STATE_SECONDS)
    return response


@router.get("/sign-in/sso/callback")
@lanes.in_a_thread  # asks the identity provider over the network
def callback(
    request: Request,
    session: SessionDep,
    code: str = "",
    state: str = "",
    error: str = "",
) -> Response:
    if not sso.enabled():
        raise NotFound()
    try:
        user, next_path, token = sso.finish(
            session,
            state=state[:200],
            browser_state=cookies.read(request, STATE),
            code=code[:2000],
            error=error[:200],
            old_session=cookies.read(request, cookies.SESSION),
            client_address=client_address(request),
            request_id=request_id(request),
        )
    except TooManyAttempts as exc:
        return _refused(request, "throttled", retry_after=exc.retry_after_seconds)
    except sso.SsoRefused as exc:
        return _refused(request, exc.reason)
    # no second step: the provider's own sign-in (and its multi-factor checks) stands
    response = RedirectResponse(safe_next(next_path) or home_for(user.role), status_code=303)
    cookies.put(response, cookies.SESSION, token)
    cookies.drop(response, STATE)
    cookies.drop(response, cookies.SIGN_IN_CSRF)
    return response
