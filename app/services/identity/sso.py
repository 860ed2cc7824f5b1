"""Single sign-on with OpenID Connect (Authlib's OAuth 2.0 client).

The authorization code flow with PKCE (S256), state and nonce:

1. ``begin`` keeps an attempt (the sha256 of a random state, a nonce and a PKCE
   verifier) and answers with the provider's authorization address; the browser
   keeps the state in a cookie.
2. The provider sends the browser back with a code and the state. ``finish``
   checks the state against the cookie and takes the attempt (once only),
   exchanges the code with the verifier and the client secret, and validates the
   ID token: its signature against the provider's published keys, its issuer,
   audience, expiry, issue time and nonce. A nonce already used by another
   attempt is a replay.
3. The person is matched to an account that already exists: by the provider's
   subject (``sub``) stored on the account, or, the first time, by an e-mail
   address the provider says it has verified. No account is ever created here and
   the role is the one held in CCT.

Every outcome is audited as ``sso_sign_in``: ``ok``, or the reason for a refusal
(the outcome column). Refusals count against the sign-in throttle.
"""

import secrets
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app import clock, db
from app.config import get_settings
from app.models.account import User
from app.models.credentials import SsoAttempt
from app.services import audit
from app.services.context import Actor
from app.services.errors import TooManyAttempts
from app.services.identity import auth, throttle
from app.services.identity.auth import normalise_email, token_digest
from app.services.identity.oidc import (
    CALLBACK_PATH,
    NonceMismatch,
    SsoRefused,
    SsoUnavailable,
    client,
    exchange,
    provider,
    validate_id_token,
)

ACTION = "sso_sign_in"
# how long the provider may take to send the person back
ATTEMPT_LIFETIME = timedelta(minutes=10)
# used attempts are kept this long so their nonces are refused if they come again
ATTEMPT_MEMORY = timedelta(days=1)

__all__ = [
    "ACTION",
    "ATTEMPT_LIFETIME",
    "CALLBACK_PATH",
    "SsoRefused",
    "SsoUnavailable",
    "begin",
    "enabled",
    "finish",
    "match_account",
    "provider_name",
]


def enabled() -> bool:
    return get_settings().sso_enabled


def provider_name() -> str:
    return get_settings().oidc_provider_name


def begin(
    session: Session, next_path: str | None, *, client_address: str = "", request_id: str = ""
) -> tuple[str, str]:
    """Start a sign-in at the provider: (the address to send the browser to, the state
    for its cookie). Raises SsoUnavailable when the provider cannot be reached, and
    TooManyAttempts (audited as throttled, nothing stored) after too many starts from
    this address that did not end in a sign-in."""
    keys = throttle.sso_start_keys(client_address)
    try:
        throttle.check(session, keys)
    except TooManyAttempts:
        _audit_refusal(session, "throttled", None, client_address, request_id)
        session.commit()
        raise
    found = provider()
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    with client() as http:
        address, _ = http.create_authorization_url(
            found.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier
        )
    now = clock.now()
    session.execute(delete(SsoAttempt).where(col(SsoAttempt.created_at) < now - ATTEMPT_MEMORY))
    session.add(
        SsoAttempt(
            id=token_digest(state),
            nonce=nonce,
            code_verifier=verifier,
            next_path=next_path or "",
            created_at=now,
        )
    )
    throttle.add_failure(session, keys)
    session.commit()
    return str(address), state


def _take_attempt(session: Session, state: str, browser_state: str | None) -> SsoAttempt:
    """The attempt this answer belongs to, marked used. The state must be the one this
    browser was given, and an attempt answers once."""
    if not state or not browser_state or not secrets.compare_digest(state, browser_state):
        raise SsoRefused("state_mismatch")
    attempt = session.get(SsoAttempt, token_digest(state))
    if attempt is None:
        raise SsoRefused("state_unknown")
    if attempt.used_at is not None:
        raise SsoRefused("state_used")
    now = clock.now()
    attempt.used_at = now
    session.add(attempt)
    if now - attempt.created_at > ATTEMPT_LIFETIME:
        raise SsoRefused("state_expired")
    return attempt


def _nonce_reason(session: Session, nonce: object) -> str:
    """A nonce that is not this attempt's: a replay if another sign-in already used it."""
    if isinstance(nonce, str) and nonce:
        used = session.exec(
            select(SsoAttempt.id).where(
                SsoAttempt.nonce == nonce, col(SsoAttempt.used_at).is_not(None)
            )
        ).first()
        if used is not None:
            return "nonce_replayed"
    return "nonce_mismatch"


def _verified_email(claims: dict[str, Any]) -> str | None:
    """The e-mail address the provider vouches for, if it does.

    ``email_verified`` true is the standard claim. Microsoft Entra ID does not send
    it; its optional ``xms_edov`` claim says the address's domain belongs to the
    organisation that owns the tenant, which is the same assurance.
    """
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return None
    if claims.get("email_verified") is True or claims.get("xms_edov") is True:
        return normalise_email(email)
    return None


def match_account(session: Session, issuer: str, claims: dict[str, Any]) -> User:
    """The existing account of the person the provider vouches for: by the subject
    linked to it, or the first time by verified e-mail. Creates nothing."""
    subject = claims["sub"]
    user = session.exec(
        select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    ).first()
    if user is None:
        email = _verified_email(claims)
        if email is None:
            raise SsoRefused("unknown_user" if not claims.get("email") else "email_unverified")
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            raise SsoRefused("unknown_user")
        if user.oidc_subject is not None:
            # this account already belongs to another identity at a provider
            raise SsoRefused("subject_clash", user.id)
    if not user.is_active:
        raise SsoRefused("disabled", user.id)
    return user


def finish(
    session: Session,
    *,
    state: str,
    browser_state: str | None,
    code: str,
    error: str,
    old_session: str | None = None,
    client_address: str = "",
    request_id: str = "",
) -> tuple[User, str, str]:
    """Sign in the person the provider sent back: (their account, the page they were
    going to, the new web session's cookie token). No second step is asked for.

    Raises SsoRefused (audited with its reason, counted by the throttle) or
    TooManyAttempts (audited as throttled) and changes nothing else then. The
    provider's answer arrives as a GET, so this opens its own write transaction.
    """
    with db.writing(session):
        user, next_path = _check(
            session, state, browser_state, code, error, client_address, request_id
        )
        if old_session:
            auth.end_session(session, old_session)
        token, _ = auth.start_session(session, user)
    return user, next_path, token


def _check(
    session: Session,
    state: str,
    browser_state: str | None,
    code: str,
    error: str,
    client_address: str,
    request_id: str,
) -> tuple[User, str]:
    keys = throttle.address_keys(client_address)
    named: uuid.UUID | None = None  # the account, once the provider has named it
    try:
        throttle.check(session, keys)
        attempt = _take_attempt(session, state, browser_state)
        if error:
            raise SsoRefused("provider_error")
        if not code:
            raise SsoRefused("no_code")
        try:
            found = provider()
        except SsoUnavailable as exc:
            raise SsoRefused("unavailable") from exc
        token = exchange(found, code, attempt.code_verifier)
        try:
            claims = validate_id_token(found, token, attempt.nonce)
        except NonceMismatch as exc:
            raise SsoRefused(_nonce_reason(session, exc.nonce)) from exc
        user = match_account(session, found.issuer, claims)
        named = user.id
        keys = throttle.keys_for(user.email, client_address)
        throttle.check(session, keys)
    except TooManyAttempts:
        _audit_refusal(session, "throttled", named, client_address, request_id)
        session.commit()
        raise
    except SsoRefused as exc:
        throttle.add_failure(session, keys)
        _audit_refusal(session, exc.reason, exc.user_id, client_address, request_id)
        session.commit()
        raise
    if user.oidc_subject is None:
        # the first sign-in through the provider: from now on the subject identifies them
        user.oidc_issuer, user.oidc_subject = found.issuer, claims["sub"]
        session.add(user)
    throttle.clear_account(session, keys)
    # the start that led here no longer counts against the address
    throttle.forget_one(session, throttle.sso_start_keys(client_address))
    audit.record(
        session,
        Actor(user, request_id=request_id or uuid.uuid4().hex, client_address=client_address),
        ACTION,
        "user",
        user.id,
    )
    session.commit()
    return user, attempt.next_path


def _audit_refusal(
    session: Session,
    reason: str,
    user_id: uuid.UUID | None,
    client_address: str,
    request_id: str,
) -> None:
    audit.record_anonymous(
        session,
        ACTION,
        "user",
        user_id or "",
        outcome=reason,
        client_address=client_address,
        request_id=request_id,
    )
