"""Named dependencies for pages: who is signed in (from the session cookie), and the
one gate that keeps each page to the roles it is for.

A page asked for by a role it is not for answers like a page that does not
exist (404), and the refusal is audited: a parent or an administrator on a staff
page, a social worker on a team lead's page, anyone but an administrator on the
accounts page.
"""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlmodel import Session

from app.http import lanes
from app.http.deps import SessionDep, client_address, request_id
from app.models.account import Role
from app.services import access
from app.services.context import Actor
from app.services.errors import NotSignedIn
from app.services.identity import auth
from app.web import cookies

HOME = {
    Role.social_worker: "/caseload",
    Role.team_lead: "/team",
    Role.parent: "/your-plan",
    Role.admin: "/accounts",
}


def home_for(role: Role) -> str:
    return HOME.get(role, "/")


def safe_next(target: str | None) -> str | None:
    """A local path to return to after sign-in; anything else (another site) is dropped."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ch in target for ch in "\r\n\t\\"):
        return None
    return target


def signed_in_actor(request: Request, session: Session) -> Actor:
    """The signed-in user of a page; signed out raises NotSignedIn (a redirect to sign in)."""
    token = cookies.read(request, cookies.SESSION)
    if not token:
        raise NotSignedIn()
    user, web_session = auth.resume_session(session, token)
    actor = Actor(user, request_id=request_id(request), client_address=client_address(request))
    # the layout shows the navigation for this user and sends this token with htmx
    request.state.actor = actor
    request.state.csrf_token = web_session.csrf_token
    return actor


async def web_actor(request: Request, session: SessionDep) -> Actor:
    """``signed_in_actor``, on the event loop in a one-wide lane (``lanes.run_brief``)."""
    return await lanes.run_brief(signed_in_actor, request, session)


WebActorDep = Annotated[Actor, Depends(web_actor)]


def _page_for(*roles: Role) -> Callable[[Actor], Coroutine[Any, Any, Actor]]:
    # async: it only compares, so it runs on the event loop instead of costing the
    # request a hop to a worker thread and back
    async def gate(actor: WebActorDep) -> Actor:
        if actor.role not in roles or not actor.user.is_active:
            raise access.RoleRefused(actor)
        return actor

    return gate


# social workers and team leads: case records, plans, evidence, reports
StaffDep = Annotated[Actor, Depends(_page_for(Role.social_worker, Role.team_lead))]
# team leads: oversight, sign-off, allocation
TeamLeadDep = Annotated[Actor, Depends(_page_for(Role.team_lead))]
# administrators: accounts
AdminDep = Annotated[Actor, Depends(_page_for(Role.admin))]
# team leads and administrators: passing on password reset requests
LeadOrAdminDep = Annotated[Actor, Depends(_page_for(Role.team_lead, Role.admin))]
