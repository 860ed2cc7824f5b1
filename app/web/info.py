"""The pages every public service has: accessibility, privacy, cookies, contact.

Anyone may read them, signed in or not; a signed-in user keeps their navigation.
"""

from collections.abc import Callable

from fastapi import APIRouter, Request, Response

from app.config import get_settings
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.errors import NotSignedIn
from app.web import cookies
from app.web.deps import signed_in_actor
from app.web.security import new_token
from app.web.templating import render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

PAGES = {
    "/accessibility": "info/accessibility.html",
    "/privacy": "info/privacy.html",
    "/cookies": "info/cookies.html",
    "/contact": "info/contact.html",
}


def _page(template: str) -> Callable[[Request, SessionDep], Response]:
    def page(request: Request, session: SessionDep) -> Response:
        signed_in = True
        try:
            signed_in_actor(request, session)
        except NotSignedIn:
            signed_in = False
            # the language switch posts with the sign-in pages' token
            request.state.csrf_token = cookies.read(request, cookies.SIGN_IN_CSRF) or new_token()
        response = render(request, template, {"contact_email": get_settings().contact_email})
        if not signed_in:
            cookies.put(response, cookies.SIGN_IN_CSRF, request.state.csrf_token)
        return response

    return page


for _path, _template in PAGES.items():
    router.add_api_route(_path, _page(_template), methods=["GET"])
