"""Accounts: invitations, set-up and reset links, passwords, disabling, two-step reset."""

import uuid
from datetime import datetime, timedelta

from fastapi import APIRouter, Request, Response, status
from sqlmodel import Field, SQLModel

from app.api.deps import ActorDep
from app.api.routes.evidence_common import Message, answers
from app.http.deps import SessionDep, client_address, request_id
from app.http.routing import AuditedRoute
from app.models.account import UserRead
from app.models.base import utcnow
from app.models.credentials import AccountInvite, LinkRead, PasswordChange, PasswordSet
from app.services.errors import Invalid
from app.services.identity import accounts, auth, totp
from app.services.identity.accounts import IssuedLink

router = APIRouter(route_class=AuditedRoute, tags=["accounts"])

_THROTTLED: dict[int | str, dict[str, object]] = {
    429: {"model": Message, "description": "Too many failed attempts; wait for Retry-After seconds"}
}


class VersionSeen(SQLModel):
    """The account's version the change is based on: an older one answers 409."""

    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


def _link(issued: IssuedLink) -> LinkRead:
    return LinkRead(
        user_id=issued.user.id,
        purpose=issued.purpose,
        link=issued.link,
        expires_at=issued.expires_at,
    )


@router.post(
    "/users",
    response_model=LinkRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an account; answers with its one-time set-up link (valid 48 hours)",
    responses=answers(404, 409),
)
def invite_user(data: AccountInvite, session: SessionDep, actor: ActorDep) -> LinkRead:
    return _link(accounts.invite(session, actor, data))


@router.post(
    "/users/{user_id}/reset-link",
    response_model=LinkRead,
    summary="A one-time password reset link for an account you manage",
    responses=answers(404, 409),
)
def reset_link(user_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> LinkRead:
    return _link(accounts.issue_reset(session, actor, user_id))


@router.post(
    "/users/{user_id}/disable",
    response_model=UserRead,
    summary="Disable an account: it is signed out everywhere (sessions and API tokens end)",
    responses=answers(403, 404, 409),
)
def disable_user(
    user_id: uuid.UUID, session: SessionDep, actor: ActorDep, data: VersionSeen | None = None
) -> UserRead:
    user = accounts.set_active(session, actor, user_id, False, data.version if data else None)
    return UserRead.model_validate(user, from_attributes=True)


@router.post(
    "/users/{user_id}/enable",
    response_model=UserRead,
    summary="Enable an account",
    responses=answers(403, 404, 409),
)
def enable_user(
    user_id: uuid.UUID, session: SessionDep, actor: ActorDep, data: VersionSeen | None = None
) -> UserRead:
    user = accounts.set_active(session, actor, user_id, True, data.version if data else None)
    return UserRead.model_validate(user, from_attributes=True)


@router.delete(
    "/users/{user_id}/two-step",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Reset an account's two-step sign-in (administrators)",
    responses=answers(404, 409),
)
def reset_two_step(user_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> Response:
    totp.reset_enrolment(session, actor, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/account/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Choose a password with a one-time set-up or reset link's token",
    responses=answers(409, signed_in=False),
)
def set_password(data: PasswordSet, request: Request, session: SessionDep) -> Response:
    accounts.redeem(
        session,
        data.token,
        data.password,
        client_address=client_address(request),
        request_id=request_id(request),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change your own password; your other web sessions end",
    responses=answers(404, 409) | _THROTTLED,
)
def change_password(data: PasswordChange, session: SessionDep, actor: ActorDep) -> Response:
    accounts.change_password(session, actor, data.current_password, data.new_password)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class TokenRequest(SQLModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)
    # the authenticator or recovery code, for accounts with two-step sign-in
    code: str | None = Field(default=None, max_length=40)
    name: str = Field(default="api", min_length=1, max_length=120)


class TokenRead(SQLModel):
    token: str
    expires_at: datetime


@router.post(
    "/tokens",
    response_model=TokenRead,
    status_code=status.HTTP_201_CREATED,
    summary="Sign in with a password (and two-step code) for a personal API token (30 days)",
    responses=answers(409) | _THROTTLED,
)
def create_token(data: TokenRequest, request: Request, session: SessionDep) -> TokenRead:
    address, rid = client_address(request), request_id(request)
    user = auth.authenticate(session, data.email, data.password, address, rid)
    if totp.two_step_required(session, user):
        if not data.code:
            raise Invalid("code", "Enter the code from your authenticator app")
        totp.verify_second_step(session, user, data.code, client_address=address, request_id=rid)
    expires_at = utcnow() + timedelta(days=30)
    token = auth.create_api_token(session, user, data.name, expires_at=expires_at)
    return TokenRead(token=token, expires_at=expires_at)
