"""Named dependencies so route signatures read like prose."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.http import lanes
from app.http.deps import SessionDep, client_address, request_id
from app.services.context import Actor
from app.services.errors import NotSignedIn
from app.services.identity import auth

_bearer = HTTPBearer(auto_error=False, description="A personal API token from `cct token create`")


async def current_actor(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotSignedIn()
    # on the event loop in a one-wide lane, a write's included (``lanes.run_brief``)
    user = await lanes.run_brief(auth.user_for_token, session, credentials.credentials)
    actor = Actor(user, request_id=request_id(request), client_address=client_address(request))
    # a refusal answered by the error handlers is audited as this actor
    request.state.actor = actor
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
