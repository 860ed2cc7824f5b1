"""Account lifecycle: invitations, one-time set-up and reset links, passwords, disabling.

Administrators create accounts of any role; a team lead creates social worker
accounts for their own team and parent accounts for members of their team's
families. A new account has no password: it gets a set-up link that works once
and expires after 48 hours. Only a hash of the link's token is kept. How the
link reaches the person is up to a ``Delivery``; by default it is shown to
whoever issued it (no mail server is assumed).

``actor=None`` means the command line, which acts with an administrator's rights.
"""

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.config import get_settings
from app.models.account import ApiToken, Role, Team, User
from app.models.base import utcnow
from app.models.credentials import AccountInvite, LinkPurpose, OneTimeLink, PendingSignIn
from app.models.family import Family, FamilyMember, MemberRole
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid, NotAllowed, NotFound
from app.services.identity import administration, auth, passwords, throttle

LINK_LIFETIME = timedelta(hours=48)
_LINK_PATHS = {LinkPurpose.set_up: "/account/set-up/", LinkPurpose.reset: "/account/reset/"}
_EXPIRED = "This link has expired or has already been used. Ask for a new one."


class Delivery(Protocol):
    """Gets a set-up or reset link to its person (a letter, a text message, an email…)."""

    def deliver(self, user: User, purpose: LinkPurpose, link: str) -> None: ...


class ShowToIssuer:
    """The default: nothing is sent; the link is returned to whoever issued it."""

    def deliver(self, user: User, purpose: LinkPurpose, link: str) -> None:  # noqa: ARG002
        return None


@dataclass(frozen=True)
class IssuedLink:
    user: User
    purpose: LinkPurpose
    link: str
    expires_at: datetime


def _is_admin(actor: Actor | None) -> bool:
    return actor is None or (actor.role == Role.admin and actor.user.is_active)


def _actor_id(actor: Actor | None) -> uuid.UUID | None:
    return actor.user.id if actor else None


def _member_in_reach(
    session: Session, actor: Actor | None, member_id: uuid.UUID
) -> FamilyMember | None:
    query = select(FamilyMember).where(FamilyMember.id == member_id)
    if not _is_admin(actor):
        assert actor is not None
        query = query.join(Family, col(Family.id) == col(FamilyMember.family_id)).where(
            access.family_condition(actor)
        )
    return session.exec(query).first()


def _check_invite(
    session: Session, actor: Actor | None, data: AccountInvite
) -> FamilyMember | None:
    """Who may create which account; returns the parent's family member, if any."""
    if not _is_admin(actor):
        assert actor is not None
        _check_team_lead_invite(actor, data)
    if data.role == Role.parent:
        return _parent_member(session, actor, data)
    if data.family_member_id is not None:
        raise Invalid("family_member_id", "Only parent accounts belong to a family member")
    if data.role in (Role.social_worker, Role.team_lead):
        team_id = data.team_id or (actor.user.team_id if actor else None)
        if team_id is None:
            raise Invalid("team_id", "Choose the team this person works in")
        if session.get(Team, team_id) is None:
            raise Invalid("team_id", "No team with that id")
        data.team_id = team_id
    return None


def _check_team_lead_invite(actor: Actor, data: AccountInvite) -> None:
    """A team lead invites social workers to their own team, and parents."""
    if actor.role != Role.team_lead:
        # nobody else creates accounts: the route answers as if it were not there
        raise access.RoleRefused(actor, "record")
    if data.role not in (Role.social_worker, Role.parent):
        raise Invalid("role", "A team lead can create social worker and parent accounts only")
    if data.role == Role.social_worker and data.team_id not in (None, actor.user.team_id):
        raise Invalid("team_id", "You can add social workers to your own team only")


def _parent_member(session: Session, actor: Actor | None, data: AccountInvite) -> FamilyMember:
    """The parent or carer a new parent account speaks for: in reach, and without one yet."""
    if data.family_member_id is None:
        raise Invalid("family_member_id", "Choose the family member this account is for")
    member = _member_in_reach(session, actor, data.family_member_id)
    if member is None:
        raise Invalid("family_member_id", "No family member with that id in your families")
    if member.role == MemberRole.child:
        raise Invalid("family_member_id", "Parent accounts are for parents and carers")
    taken = session.exec(select(User.id).where(User.family_member_id == member.id)).first()
    if taken is not None:
        raise Invalid("family_member_id", "This family member already has an account")
    return member


def _new_link(
    session: Session, actor: Actor | None, user: User, purpose: LinkPurpose
) -> tuple[str, OneTimeLink]:
    """A fresh link for the user; any earlier unused one stops working."""
    now = utcnow()
    session.execute(
        update(OneTimeLink)
        .where(col(OneTimeLink.user_id) == user.id, col(OneTimeLink.used_at).is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    row = OneTimeLink(
        user_id=user.id,
        purpose=purpose,
        token_hash=auth.token_digest(token),
        created_by_id=_actor_id(actor),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    session.add(row)
    return token, row


def link_url(purpose: LinkPurpose, token: str) -> str:
    return get_settings().public_url.rstrip("/") + _LINK_PATHS[purpose] + token


def _record(
    session: Session, actor: Actor | None, action: str, user: User, family_id: uuid.UUID | None
) -> None:
    if actor is None:
        audit.record_anonymous(
            session, action, "user", user.id, request_id="cli", family_id=family_id
        )
    else:
        audit.record(session, actor, action, "user", user.id, family_id)


def invite(
    session: Session,
    actor: Actor | None,
    data: AccountInvite,
    delivery: Delivery | None = None,
) -> IssuedLink:
    """Create an account with no password, and a set-up link for it."""
    member = _check_invite(session, actor, data)
    email = auth.normalise_email(data.email)
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise Invalid("email", "An account with this email address already exists")
    user = User(
        email=email,
        display_name=data.display_name.strip(),
        role=data.role,
        team_id=data.team_id if data.role in (Role.social_worker, Role.team_lead) else None,
        family_member_id=member.id if member else None,
    )
    session.add(user)
    session.flush()
    token, row = _new_link(session, actor, user, LinkPurpose.set_up)
    _record(session, actor, "create", user, member.family_id if member else None)
    session.commit()
    return _deliver(user, row, token, delivery)


def _deliver(user: User, row: OneTimeLink, token: str, delivery: Delivery | None) -> IssuedLink:
    link = link_url(row.purpose, token)
    (delivery or ShowToIssuer()).deliver(user, row.purpose, link)
    return IssuedLink(user=user, purpose=row.purpose, link=link, expires_at=row.expires_at)


def _manageable(session: Session, actor: Actor | None, user_id: uuid.UUID) -> User:
    """A user the actor manages: anyone for an admin; a lead's own workers and parents."""
    user = session.get(User, user_id)
    if user is not None and not _is_admin(actor):
        assert actor is not None
        in_reach = actor.role == Role.team_lead and (
            (user.role == Role.social_worker and user.team_id == actor.user.team_id)
            or (
                user.role == Role.parent
                and user.family_member_id is not None
                and _member_in_reach(session, actor, user.family_member_id) is not None
            )
        )
        if not in_reach:
            user = None
    if user is None:
        if actor is not None:
            audit.record_now(session, actor, "denied", "user", user_id, outcome="denied")
        raise NotFound("user")
    return user


def issue_reset(
    session: Session,
    actor: Actor | None,
    user_id: uuid.UUID,
    delivery: Delivery | None = None,
) -> IssuedLink:
    """A password reset link (or a new set-up link, if no password was ever set)."""
    user = _manageable(session, actor, user_id)
    if not user.is_active:
        raise Invalid("user_id", "This account is disabled: enable it first")
    purpose = LinkPurpose.reset if user.password_hash else LinkPurpose.set_up
    token, row = _new_link(session, actor, user, purpose)
    _record(session, actor, "issue_link", user, None)
    session.commit()
    return _deliver(user, row, token, delivery)


def _live_link(
    session: Session, token: str, *, for_update: bool = False
) -> tuple[OneTimeLink, User]:
    query = (
        select(OneTimeLink, User)
        .join(User, col(User.id) == col(OneTimeLink.user_id))
        .where(OneTimeLink.token_hash == auth.token_digest(token))
    )
    if for_update:
        query = query.with_for_update(of=OneTimeLink)
    row = session.exec(query).first()
    if row is None:
        raise Invalid("token", _EXPIRED)
    link, user = row
    if link.used_at is not None or utcnow() >= link.expires_at or not user.is_active:
        raise Invalid("token", _EXPIRED)
    return link, user


def link_holder(session: Session, token: str) -> tuple[LinkPurpose, User]:
    """Whose link this is, if it still works. Writes nothing."""
    link, user = _live_link(session, token)
    return link.purpose, user


def _set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = auth.hash_password(password)
    user.password_changed_at = utcnow()
    user.version += 1
    session.add(user)


def redeem(
    session: Session, token: str, password: str, *, client_address: str = "", request_id: str = ""
) -> User:
    """Set a password through a set-up or reset link. The link then stops working."""
    link, user = _live_link(session, token, for_update=True)
    passwords.check(password, personal=(user.email, user.display_name))
    link.used_at = utcnow()
    session.add(link)
    _set_password(session, user, password)
    auth.end_all_sessions(session, user.id)
    session.execute(delete(PendingSignIn).where(col(PendingSignIn.user_id) == user.id))
    action = "set_password" if link.purpose == LinkPurpose.set_up else "reset_password"
    actor = Actor(user, request_id=request_id or uuid.uuid4().hex, client_address=client_address)
    audit.record(session, actor, action, "user", user.id)
    session.commit()
    return user


def change_password(
    session: Session,
    actor: Actor,
    current_password: str,
    new_password: str,
    *,
    keep_session_id: str | None = None,
) -> None:
    """A signed-in user's own change. Every other session of theirs ends."""
    user = session.get(User, actor.user.id)
    if user is None or not user.is_active:
        raise NotFound("user")
    keys = throttle.keys_for(user.email, actor.client_address)
    throttle.check(session, keys)
    if not auth.verify_password(user.password_hash, current_password):
        throttle.add_failure(session, keys)
        audit.record(session, actor, "change_password", "user", user.id, outcome="denied")
        session.commit()
        raise Invalid("current_password", "Your current password is not right")
    passwords.check(new_password, field="new_password", personal=(user.email, user.display_name))
    _set_password(session, user, new_password)
    auth.end_all_sessions(session, user.id, keep=keep_session_id)
    audit.record(session, actor, "change_password", "user", user.id)
    session.commit()


def set_active(
    session: Session,
    actor: Actor | None,
    user_id: uuid.UUID,
    active: bool,
    version: int | None = None,
) -> User:
    """Disable or enable an account. Disabling signs the account out everywhere at once:
    its web sessions, its API tokens and any sign-in waiting for its second step end.

    The last active administrator cannot be disabled; a stale ``version`` answers 409.
    """
    user = _manageable(session, actor, user_id)
    if actor is not None and user.id == actor.user.id:
        raise NotAllowed("You cannot disable or enable your own account")
    administration.check_version(user, version)
    if user.is_active != active:
        if not active:
            administration.keep_an_admin(session, user, "is_active")
        user.is_active = active
        user.version += 1
        session.add(user)
        if not active:
            sign_out_everywhere(session, user.id)
        _record(session, actor, "enable" if active else "disable", user, None)
        session.commit()
    return user


def sign_out_everywhere(session: Session, user_id: uuid.UUID) -> None:
    auth.end_all_sessions(session, user_id)
    session.execute(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    session.execute(delete(PendingSignIn).where(col(PendingSignIn.user_id) == user_id))
