"""Forgotten passwords: anyone may ask for a reset link for an email address.

The answer is the same whether or not an account uses the address. With a mail
server set up (``CCT_SMTP_URL``) the link goes by email to the account's own
address; without one the request waits for the person's team lead (social
workers and parents in their reach) or an administrator (everyone), who sends a
link the way they always do. Requests are throttled like sign-in, on counters
of their own.
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models.account import Role, User
from app.models.base import utcnow
from app.models.credentials import LinkPurpose, ResetRequest
from app.models.family import Family, FamilyMember
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import NotAllowed, NotFound
from app.services.identity import accounts, auth, mail, throttle
from app.services.identity.accounts import IssuedLink

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """A reset link to send once the request has been answered (so timing tells nothing)."""

    server: mail.SmtpServer
    to: str
    name: str
    purpose: LinkPurpose
    link: str

    def send(self) -> None:
        try:
            self.server.send(mail.link_message(self.to, self.name, self.purpose, self.link))
        except (OSError, smtplib.SMTPException):
            # the person sees the same answer either way; the operator sees this
            log.exception("could not send a password reset link by email")


def by_email() -> bool:
    """Whether reset links go by email (else to a team lead or an administrator)."""
    return mail.configured_server() is not None


def request_reset(
    session: Session, email: str, *, client_address: str = "", request_id: str = ""
) -> Outgoing | None:
    """Ask for a reset link. Raises TooManyAttempts; otherwise says nothing about the account.

    Returns the email to send, if there is one; the caller sends it after answering.
    """
    keys = throttle.reset_keys_for(email, client_address)
    throttle.check(session, keys)
    throttle.add_failure(session, keys)  # every request counts towards the limit
    user = session.exec(select(User).where(User.email == auth.normalise_email(email))).first()
    outgoing = None
    if user is not None and user.is_active:
        server = mail.configured_server()
        if server is not None:
            purpose = LinkPurpose.reset if user.password_hash else LinkPurpose.set_up
            token, _ = accounts._new_link(session, None, user, purpose)
            outgoing = Outgoing(
                server, user.email, user.display_name, purpose, accounts.link_url(purpose, token)
            )
            action = "email_reset_link"
        else:
            waiting = session.exec(
                select(ResetRequest).where(
                    ResetRequest.user_id == user.id, col(ResetRequest.answered_at).is_(None)
                )
            ).first()
            if waiting is None:
                session.add(ResetRequest(user_id=user.id))
            else:
                waiting.requested_at = utcnow()
                session.add(waiting)
            action = "request_reset"
        audit.record_anonymous(
            session,
            action,
            "user",
            user.id,
            client_address=client_address,
            request_id=request_id,
            actor_id=user.id,
        )
    session.commit()
    return outgoing


@dataclass(frozen=True)
class Waiting:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    email: str
    role: Role
    requested_at: datetime


def _require_manager(actor: Actor) -> None:
    if not actor.user.is_active or actor.role not in (Role.team_lead, Role.admin):
        raise NotAllowed("Only a team lead or an administrator answers reset requests")


def _in_reach(actor: Actor) -> sa.ColumnElement[bool]:
    """The accounts whose requests reach the actor (as ``accounts`` decides who manages whom)."""
    if actor.role == Role.admin:
        return sa.true()
    families_members = (
        select(FamilyMember.id)
        .join(Family, col(Family.id) == FamilyMember.family_id)
        .where(access.family_condition(actor))
    )
    return sa.or_(
        sa.and_(col(User.role) == Role.social_worker, col(User.team_id) == actor.user.team_id),
        sa.and_(col(User.role) == Role.parent, col(User.family_member_id).in_(families_members)),
    )


def waiting_requests(session: Session, actor: Actor) -> list[Waiting]:
    """Reset requests waiting for this team lead or administrator, oldest first (audited)."""
    _require_manager(actor)
    rows = session.exec(
        select(ResetRequest, User)
        .join(User, col(User.id) == ResetRequest.user_id)
        .where(col(ResetRequest.answered_at).is_(None), col(User.is_active).is_(True))
        .where(_in_reach(actor))
        .order_by(col(ResetRequest.requested_at))
    ).all()
    audit.record_now(session, actor, "read", "reset_requests", actor.user.id)
    return [Waiting(r.id, u.id, u.display_name, u.email, u.role, r.requested_at) for r, u in rows]


def answer(session: Session, actor: Actor, request_id: uuid.UUID) -> IssuedLink:
    """Make a reset link for the request's account, shown to the actor to pass on."""
    _require_manager(actor)
    request = session.get(ResetRequest, request_id)
    if request is None or request.answered_at is not None:
        raise NotFound("reset request")
    accounts._manageable(session, actor, request.user_id)  # NotFound if not theirs
    request.answered_at = utcnow()
    request.answered_by_id = actor.user.id
    session.add(request)
    # issue_reset audits the link and commits the answer with it
    return accounts.issue_reset(session, actor, request.user_id)
