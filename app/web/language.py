"""The English / Cymraeg switch in the header.

Signed in, the choice is kept on the user's account (so it follows them to any
device); signed out, in a cookie. Changing it is a form post with the CSRF token,
like any other change.
"""

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app import i18n
from app.http.deps import SessionDep, client_address, request_id
from app.http.routing import AuditedRoute
from app.services.context import Actor
from app.services.errors import NotSignedIn
from app.services.identity import auth, languages
from app.web import cookies
from app.web.deps import safe_next
from app.web.forms import F, Form, FormDep

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

LANGUAGE = "cct_language"
_YEAR = 365 * 24 * 3600
LANGUAGE_FORM = Form(F("language", "Language"), F("next", "The page to go back to"))


def language_of(request: Request) -> str:
    """The language to show this request in: the user's choice, else the cookie."""
    actor = getattr(request.state, "actor", None)
    if actor is not None:
        return i18n.normalise(actor.user.language)
    return i18n.normalise(cookies.read(request, LANGUAGE))


def keep_in_step(request: Request, response: Response) -> None:
    """Keep the language cookie in step with a signed-in user's choice, so the pages made
    before the user is known (an address that does not exist, a form refused for its
    token) are in their language too."""
    actor = getattr(request.state, "actor", None)
    if actor is None:
        return
    code = i18n.normalise(actor.user.language)
    if cookies.read(request, LANGUAGE) != code:
        cookies.put(response, LANGUAGE, code, max_age=_YEAR)


@router.post("/language")
def switch_language(
    request: Request,
    session: SessionDep,
    posted: FormDep,
) -> Response:
    parsed = LANGUAGE_FORM.parse(posted)
    code = i18n.normalise(str(parsed.values["language"]))
    token = cookies.read(request, cookies.SESSION)
    if token:
        try:
            user, _ = auth.resume_session(session, token)
        except NotSignedIn:
            pass
        else:
            actor = Actor(
                user, request_id=request_id(request), client_address=client_address(request)
            )
            languages.set_language(session, actor, code)
    response = RedirectResponse(safe_next(str(parsed.values["next"])) or "/", status_code=303)
    cookies.put(response, LANGUAGE, code, max_age=_YEAR)
    return response
