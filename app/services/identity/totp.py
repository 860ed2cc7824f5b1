"""Two-step sign-in: a code from an authenticator app (TOTP), or a one-time recovery code.

Staff must use it when ``CCT_REQUIRE_TWO_STEP_FOR_STAFF`` is on (the default in
production); parents may choose to. A code is accepted for the current
30-second step or the one either side, and never twice: the last accepted step
is kept, and no code for it or an earlier step is accepted again. Failed codes
count towards sign-in throttling like failed passwords.

After the password is accepted, the web sign-in holds a short-lived pending
sign-in (``start_pending``) until the second step is passed.
"""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import segno
from sqlalchemy import delete
from sqlmodel import Session, col, select

from app import db, i18n
from app.config import get_settings
from app.models.account import Role, User
from app.models.base import utcnow
from app.models.credentials import PendingSignIn, RecoveryCode, TotpEnrolment
from app.services import audit
from app.services.context import Actor
from app.services.errors import (
    Conflict,
    Invalid,
    NotSignedIn,
    TooManyAttempts,
)
from app.services.identity import administration, auth, throttle

ISSUER = "Capacity to Change Tracker"
STEP_SECONDS = 30
RECOVERY_CODES = 10
PENDING_LIFETIME = timedelta(minutes=10)
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_STAFF = (Role.social_worker, Role.team_lead, Role.admin)
_WRONG = "Enter the 6-digit code from your authenticator app, or a recovery code"


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str

    @property
    def qr_svg(self) -> str:
        """The QR code for the app, titled in the language of the page it is shown on
        (made when it is shown, after the page's language is known)."""
        title = i18n.gettext("QR code for your authenticator app")
        return str(segno.make(self.uri, error="m").svg_inline(scale=4, title=title))


def _confirmed(session: Session, user_id: uuid.UUID) -> TotpEnrolment | None:
    found = session.get(TotpEnrolment, user_id)
    return found if found is not None and found.confirmed_at is not None else None


def is_enrolled(session: Session, user: User) -> bool:
    return _confirmed(session, user.id) is not None


def two_step_required(session: Session, user: User) -> bool:
    """Whether this user must pass the second step after their password."""
    if is_enrolled(session, user):
        return True
    return bool(get_settings().require_two_step_for_staff) and user.role in _STAFF


def begin_enrolment(session: Session, actor: Actor) -> Enrolment:
    """A new secret for the actor's authenticator app, with its QR code. Not active yet.

    Shown on a page view (a read session): it checks and writes in one write transaction.
    """
    with db.writing(session):
        if _confirmed(session, actor.user.id) is not None:
            raise Conflict("Two-step sign-in is already set up; an administrator can reset it")
        secret = pyotp.random_base32()
        existing = session.get(TotpEnrolment, actor.user.id)
        if existing is None:
            existing = TotpEnrolment(user_id=actor.user.id, secret=secret)
        existing.secret, existing.created_at, existing.last_step = secret, utcnow(), 0
        session.add(existing)
        audit.record(session, actor, "begin_two_step", "user", actor.user.id)
    return enrolment_for(actor.user, secret)


def enrolment_for(user: User, secret: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret=secret, uri=uri)


def pending_enrolment(session: Session, actor: Actor) -> Enrolment | None:
    """The unconfirmed enrolment begun earlier, to show its QR code again."""
    found = session.get(TotpEnrolment, actor.user.id)
    if found is None or found.confirmed_at is not None:
        return None
    return enrolment_for(actor.user, found.secret)


def _matching_step(secret: str, code: str, after_step: int) -> int | None:
    now_step = int(utcnow().timestamp()) // STEP_SECONDS
    totp = pyotp.TOTP(secret)
    for step in (now_step - 1, now_step, now_step + 1):
        if step > after_step and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _code_hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _new_recovery_codes(session: Session, user_id: uuid.UUID) -> list[str]:
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
        session.add(RecoveryCode(user_id=user_id, code_hash=_code_hash(raw)))
    return codes


def confirm_enrolment(session: Session, actor: Actor, code: str) -> list[str]:
    """Switch two-step sign-in on with a first code. Returns the recovery codes, shown once."""
    enrolment = session.get(TotpEnrolment, actor.user.id, with_for_update=True)
    if enrolment is None or enrolment.confirmed_at is not None:
        raise Conflict("Start setting up two-step sign-in again")
    step = _matching_step(enrolment.secret, _normalise(code), enrolment.last_step)
    if step is None:
        raise Invalid("code", "The code is not right: check the time on your phone and try again")
    enrolment.confirmed_at, enrolment.last_step = utcnow(), step
    session.add(enrolment)
    codes = _new_recovery_codes(session, actor.user.id)
    audit.record(session, actor, "enrol_two_step", "user", actor.user.id)
    session.commit()
    return codes


def verify_second_step(
    session: Session, user: User, code: str, *, client_address: str = "", request_id: str = ""
) -> None:
    """Accept an authenticator or recovery code, or raise Invalid (or TooManyAttempts)."""
    keys = throttle.keys_for(user.email, client_address)
    actor = Actor(user, request_id=request_id or uuid.uuid4().hex, client_address=client_address)
    try:
        throttle.check(session, keys)
    except TooManyAttempts:
        audit.record(session, actor, "second_step", "user", user.id, outcome="throttled")
        session.commit()
        raise
    enrolment = session.get(TotpEnrolment, user.id, with_for_update=True)
    normal = _normalise(code)
    used = None
    if enrolment is not None and enrolment.confirmed_at is not None:
        if normal.isdigit():
            step = _matching_step(enrolment.secret, normal, enrolment.last_step)
            if step is not None:
                enrolment.last_step, used = step, "totp"
                session.add(enrolment)
        else:
            recovery = session.exec(
                select(RecoveryCode).where(
                    RecoveryCode.user_id == user.id,
                    RecoveryCode.code_hash == _code_hash(normal),
                    col(RecoveryCode.used_at).is_(None),
                )
            ).first()
            if recovery is not None:
                recovery.used_at, used = utcnow(), "recovery_code"
                session.add(recovery)
    if used is None:
        throttle.add_failure(session, keys)
        audit.record(session, actor, "second_step", "user", user.id, outcome="denied")
        session.commit()
        raise Invalid("code", _WRONG)
    throttle.clear_account(session, keys)
    audit.record(session, actor, "second_step", "user", user.id, outcome=used[:16])
    session.commit()


def reset_enrolment(session: Session, actor: Actor | None, user_id: uuid.UUID) -> bool:
    """An administrator switches a user's two-step sign-in off (they set it up again).

    Anyone else is answered as if the account did not exist (audited). Returns
    whether the account had an authenticator app to forget.
    """
    user = administration.user_for_admin(session, actor, user_id)
    had = session.get(TotpEnrolment, user.id) is not None
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    session.execute(delete(TotpEnrolment).where(col(TotpEnrolment.user_id) == user.id))
    # a sign-in waiting for a code from the forgotten app can't finish with it
    session.execute(delete(PendingSignIn).where(col(PendingSignIn.user_id) == user.id))
    administration.record(session, actor, "reset_two_step", "user", user.id)
    session.commit()
    return had


def remaining_recovery_codes(session: Session, user: User) -> int:
    return len(
        session.exec(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None)
            )
        ).all()
    )


# --- the pause between the password and the second step --------------------------------


def start_pending(session: Session, user: User, actor: Actor | None = None) -> str:
    """Remember a password accepted for this user; returns the token for a cookie.

    A user who must use two-step sign-in but has not set it up gets a new secret
    here, at the sign-in post, so the page that shows its QR code only reads.
    """
    if not is_enrolled(session, user) and session.get(TotpEnrolment, user.id) is None:
        begin_enrolment(session, actor or Actor(user))
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(PendingSignIn).where(col(PendingSignIn.expires_at) <= now))
    session.add(
        PendingSignIn(
            id=auth.token_digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + PENDING_LIFETIME,
        )
    )
    session.commit()
    return token


def pending_user(session: Session, token: str) -> User:
    """The user whose password was accepted, while the pending sign-in lasts."""
    row = session.exec(
        select(PendingSignIn, User)
        .join(User, col(User.id) == col(PendingSignIn.user_id))
        .where(PendingSignIn.id == auth.token_digest(token))
    ).first()
    if row is None or utcnow() >= row[0].expires_at or not row[1].is_active:
        raise NotSignedIn()
    return row[1]


def finish_pending(session: Session, token: str) -> None:
    """The second step is passed (or abandoned): the pending sign-in can't be used again."""
    session.execute(delete(PendingSignIn).where(col(PendingSignIn.id) == auth.token_digest(token)))
    session.commit()
