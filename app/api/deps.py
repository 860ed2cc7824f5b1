"""Named dependencies so route signatures read like prose."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.services import auth
from app.services.context import Actor
from app.services.errors import NotSignedIn
from app.services.session import get_session

SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="A personal API token from `cct token create`")


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "")


def current_actor(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotSignedIn()
    user = auth.user_for_token(session, credentials.credentials)
    return Actor(user, request_id=request_id(request), client_address=client_address(request))


ActorDep = Annotated[Actor, Depends(current_actor)]
