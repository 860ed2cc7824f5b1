"""Failed sign-ins and lockouts, for administrators (the API and ``cct audit sign-ins``).

A failure is a refused password or second-step code, a refused single sign-on
(its outcome says why: ``wrong_audience``, ``unknown_user``…), or an attempt
refused because its account or address was locked out (outcome ``throttled``);
each is an audit event already. A lockout is a counter of the sign-in throttle at its
limit right now: an account (shown by its email) or a client address.
"""

import hashlib
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlmodel import Session, col, select

from app.models.account import User
from app.models.audit import AuditEvent
from app.models.base import utcnow
from app.models.credentials import ThrottleHit
from app.services import access, audit
from app.services.context import Actor
from app.services.identity import throttle

STEPS = {"sign_in": "password", "second_step": "second step", "sso_sign_in": "single sign-on"}
# outcomes of a sign-in step that let the person in (a second step says which code it took)
PASSED = ("ok", "totp", "recovery_code")
MAX_ROWS = 1000


class SignInFailure(BaseModel):
    at: datetime
    # password, second step or single sign-on
    step: str
    # denied: wrong details; throttled: refused while locked out; password_off: a
    # password where only single sign-on is accepted; for single sign-on, the reason
    outcome: str
    # the account, when the email belongs to one
    user_id: uuid.UUID | None
    email: str | None
    client_address: str
    request_id: str


class Lockout(BaseModel):
    # account or address
    kind: str
    # the account's email, or the client address
    who: str
    failures: int
    until: datetime


class SignInReport(BaseModel):
    since: datetime
    failures: list[SignInFailure]
    lockouts: list[Lockout]


def _user_id(entity_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(entity_id)
    except ValueError:
        return None


def _lockouts(session: Session, now: datetime) -> list[Lockout]:
    hits = session.exec(
        select(ThrottleHit.key, ThrottleHit.at).where(col(ThrottleHit.at) > now - throttle.WINDOW)
    ).all()
    by_key: dict[str, list[datetime]] = defaultdict(list)
    for key, at in hits:
        by_key[key].append(at)
    emails = {}
    if any(key.startswith("account:") for key in by_key):
        for email in session.exec(select(User.email)).all():
            digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
            emails[f"account:{digest}"] = email
    found = []
    for key, times in by_key.items():
        kind = "account" if key.startswith("account:") else "address"
        limit = throttle.ACCOUNT_LIMIT if kind == "account" else throttle.ADDRESS_LIMIT
        if len(times) < limit:
            continue
        # locked until the limit-th most recent failure leaves the window
        until = sorted(times, reverse=True)[limit - 1] + throttle.WINDOW
        who = emails.get(key, "(no such account)") if kind == "account" else key.split(":", 1)[1]
        found.append(Lockout(kind=kind, who=who, failures=len(times), until=until))
    return sorted(found, key=lambda lock: (lock.kind, lock.who))


def report(
    session: Session, actor: Actor | None, *, hours: int = 24, limit: int = 200
) -> SignInReport:
    """Failed sign-ins of the last ``hours``, newest first, and the lockouts in force.

    ``actor`` None is the command line. At most four queries and an audit event, whatever
    the numbers.
    """
    if actor is not None:
        access.require_admin(actor)
    now = utcnow()
    since = now - timedelta(hours=hours)
    events = session.exec(
        select(AuditEvent)
        .where(
            col(AuditEvent.action).in_(list(STEPS)),
            col(AuditEvent.outcome).not_in(PASSED),
            col(AuditEvent.at) >= since,
        )
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(min(limit, MAX_ROWS))
    ).all()
    ids = {uid for e in events if (uid := _user_id(e.entity_id)) is not None}
    emails = dict(session.exec(select(User.id, User.email).where(col(User.id).in_(ids))).all())
    failures = [
        SignInFailure(
            at=e.at,
            step=STEPS[e.action],
            outcome=e.outcome,
            user_id=_user_id(e.entity_id),
            email=emails.get(uid) if (uid := _user_id(e.entity_id)) else None,
            client_address=e.client_address,
            request_id=e.request_id,
        )
        for e in events
    ]
    result = SignInReport(since=since, failures=failures, lockouts=_lockouts(session, now))
    if actor is not None:  # a read: committed before the answer (by the group writer if any)
        audit.record_now(session, actor, "read", "sign_in_failures", len(failures))
    else:
        audit.record_anonymous(session, "read", "sign_in_failures", len(failures), request_id="cct")
        session.commit()
    return result
