"""Signing in: password hashes, web sessions and personal API tokens.

Only hashes of session and API tokens are stored, so a copy of the database
does not let anyone sign in.
"""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from app import db
from app.config import get_settings
from app.models.account import ApiToken, Role, User, WebSession
from app.models.base import utcnow
from app.services import audit
from app.services.context import Actor
from app.services.errors import NotSignedIn, TooManyAttempts
from app.services.identity import throttle

# argon2id at OWASP's minimum: 19 MiB, 2 iterations, 1 lane
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# verifying against this when the account doesn't exist keeps timings alike
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
# don't write last_seen_at on every request: once a minute is precise enough
_TOUCH_EVERY = timedelta(seconds=60)
# every request asks one of these: built once, the token's digest bound at execution
_SESSION_USER = (
    select(WebSession, User)
    .join(User, User.id == WebSession.user_id)  # type: ignore[arg-type]
    .where(WebSession.id == sa.bindparam("digest", type_=sa.String))
)
_TOKEN_USER = (
    select(ApiToken, User)
    .join(User, User.id == ApiToken.user_id)  # type: ignore[arg-type]
    .where(ApiToken.token_hash == sa.bindparam("digest", type_=sa.String))
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_sign_in_allowed(role: Role) -> bool:
    """Whether this kind of account may sign in with a password (settings can leave
    staff, or parents, to single sign-on alone)."""
    settings = get_settings()
    if role == Role.parent:
        return settings.password_sign_in_for_parents
    return settings.password_sign_in_for_staff


def authenticate(
    session: Session,
    email: str,
    password: str,
    client_address: str = "",
    request_id: str = "",
) -> User:
    """The active user with this email and password; audits success and failure.

    Refused with TooManyAttempts (before the password is checked) after too many
    recent failures for this account or from this address.
    """
    keys = throttle.keys_for(normalise_email(email), client_address)
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    try:
        throttle.check(session, keys)
    except TooManyAttempts:
        audit.record_anonymous(
            session,
            "sign_in",
            "user",
            user.id if user else "",
            outcome="throttled",
            client_address=client_address,
            request_id=request_id,
        )
        session.commit()
        raise
    ok = verify_password(user.password_hash if user else None, password)
    allowed = user is not None and password_sign_in_allowed(user.role)
    if user is None or not ok or not user.is_active or not allowed:
        throttle.add_failure(session, keys)
        audit.record_anonymous(
            session,
            "sign_in",
            "user",
            user.id if user else "",
            # the same answer either way: a password that is right but not accepted here
            # tells nothing to someone guessing
            outcome="denied" if allowed or user is None else "password_off",
            client_address=client_address,
            request_id=request_id,
        )
        session.commit()
        raise NotSignedIn()
    if _hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
        session.add(user)
    throttle.clear_account(session, keys)
    audit.record(
        session,
        Actor(user, request_id=request_id or uuid.uuid4().hex, client_address=client_address),
        "sign_in",
        "user",
        user.id,
    )
    session.commit()
    return user


def _idle_limit(user: User) -> timedelta:
    settings = get_settings()
    minutes = (
        settings.parent_session_idle_minutes
        if user.role == Role.parent
        else settings.session_idle_minutes
    )
    return timedelta(minutes=minutes)


def start_session(session: Session, user: User) -> tuple[str, WebSession]:
    """A new web session (a fresh id at every sign-in). Returns the cookie token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    web_session = WebSession(
        id=token_digest(token),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(minutes=get_settings().session_absolute_minutes),
        csrf_token=secrets.token_urlsafe(32),
    )
    session.add(web_session)
    session.commit()
    return token, web_session


def resume_session(session: Session, token: str) -> tuple[User, WebSession]:
    """The user behind a session cookie, if the session is still live."""
    with db.reading(session):
        row = session.exec(_SESSION_USER, params={"digest": token_digest(token)}).first()
    if row is None:
        raise NotSignedIn()
    web_session, user = row
    now = utcnow()
    if (
        web_session.ended_at is not None
        or not user.is_active
        or now >= web_session.expires_at
        or now - web_session.last_seen_at > _idle_limit(user)
    ):
        raise NotSignedIn()
    if now - web_session.last_seen_at > _TOUCH_EVERY:
        # a page view (a read session) writes this in a short write transaction of its own
        with db.writing(session):
            web_session.last_seen_at = now
            session.add(web_session)
    return user, web_session


def end_session(session: Session, token: str) -> None:
    web_session = session.get(WebSession, token_digest(token))
    if web_session is not None and web_session.ended_at is None:
        web_session.ended_at = utcnow()
        session.add(web_session)
        session.commit()


def end_all_sessions(session: Session, user_id: uuid.UUID, keep: str | None = None) -> None:
    """End every live session of a user (after a password change or disabling)."""
    now = utcnow()
    for web_session in session.exec(
        select(WebSession).where(
            WebSession.user_id == user_id,
            WebSession.ended_at.is_(None),  # type: ignore[union-attr]
        )
    ):
        if web_session.id != keep:
            web_session.ended_at = now
            session.add(web_session)


def create_api_token(
    session: Session, user: User, name: str, expires_at: datetime | None = None
) -> str:
    """A new personal API token; the plain token is returned once and never stored."""
    token = "cct_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(user_id=user.id, name=name, token_hash=token_digest(token), expires_at=expires_at)
    )
    audit.record(session, Actor(user), "create", "api_token", name)
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User:
    with db.reading(session):
        row = session.exec(_TOKEN_USER, params={"digest": token_digest(token)}).first()
    if row is None:
        raise NotSignedIn()
    api_token, user = row
    now = utcnow()
    if (
        api_token.revoked_at is not None
        or not user.is_active
        or (api_token.expires_at is not None and now >= api_token.expires_at)
    ):
        raise NotSignedIn()
    return user
