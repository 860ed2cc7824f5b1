"""Sign-in throttling: counters of failed attempts, kept in the database.

A failed attempt adds one row for the account and one for the client address.
While an account has 5 failures in the last 15 minutes, or an address 20,
further attempts are refused before the password is even checked. Because the
counters are rows, every app process sharing the database sees the same ones.
The window slides: an attempt is allowed again as soon as the oldest failure
that keeps the count at the limit is 15 minutes old.

Starting a single sign-on is counted the same way, apart, against the address
alone: each start stores an attempt, so a start counts until the sign-in it began
succeeds. Twenty unfinished starts from one address in 15 minutes, and the next
is refused before anything is stored.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from math import ceil

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.models.base import utcnow
from app.models.credentials import ThrottleHit
from app.services.errors import TooManyAttempts

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


@dataclass(frozen=True)
class Keys:
    """The counters one sign-in attempt is checked against."""

    # empty while the account is not known yet (single sign-on, before the provider answers)
    account: str
    address: str | None

    def limits(self) -> list[tuple[str, int]]:
        pairs = [(self.account, ACCOUNT_LIMIT)] if self.account else []
        if self.address:
            pairs.append((self.address, ADDRESS_LIMIT))
        return pairs


def keys_for(email: str, client_address: str) -> Keys:
    """Counter keys for an attempt. The email is hashed: no one's address sits in the table."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return Keys(
        account=f"account:{digest}",
        address=f"address:{client_address[:64]}" if client_address else None,
    )


def address_keys(client_address: str) -> Keys:
    """The address's counter alone: for an attempt whose account is not known yet."""
    return Keys(account="", address=f"address:{client_address[:64]}" if client_address else None)


def sso_start_keys(client_address: str) -> Keys:
    """The address's counter of single sign-on starts not (yet) ended by a sign-in."""
    return Keys(account="", address=f"sso-start:{client_address[:64]}" if client_address else None)


def reset_keys_for(email: str, client_address: str) -> Keys:
    """Counters for password reset requests: the same limits as sign-in, counted apart,
    so asking for reset links cannot lock the account's owner out of signing in."""
    keys = keys_for(email, client_address)
    return Keys(
        account="reset:" + keys.account.removeprefix("account:"),
        address="reset-" + keys.address if keys.address else None,
    )


def check(session: Session, keys: Keys) -> None:
    """Raise TooManyAttempts if any counter is at its limit. Reads only."""
    now = utcnow()
    waits = []
    for key, limit in keys.limits():
        # the limit-th most recent failure: while it is in the window, the count is at the limit
        oldest_that_counts = session.exec(
            select(ThrottleHit.at)
            .where(ThrottleHit.key == key, col(ThrottleHit.at) > now - WINDOW)
            .order_by(col(ThrottleHit.at).desc())
            .offset(limit - 1)
            .limit(1)
        ).first()
        if oldest_that_counts is not None:
            waits.append((oldest_that_counts + WINDOW - now).total_seconds())
    if waits:
        raise TooManyAttempts(ceil(max(waits)))


def add_failure(session: Session, keys: Keys) -> None:
    """Count an attempt (a failed sign-in, or a single sign-on start) against the account
    and the address. The caller commits."""
    now = utcnow()
    if keys.account:
        session.add(ThrottleHit(key=keys.account, at=now))
    if keys.address:
        session.add(ThrottleHit(key=keys.address, at=now))
    # keep the table small: failures that no longer count are forgotten
    session.execute(delete(ThrottleHit).where(col(ThrottleHit.at) <= now - WINDOW))


def forget_one(session: Session, keys: Keys) -> None:
    """One counted attempt no longer counts (a single sign-on start that ended in a
    sign-in). The caller commits."""
    for key in (keys.account, keys.address):
        if not key:
            continue
        newest = session.exec(
            select(ThrottleHit.id)
            .where(ThrottleHit.key == key)
            .order_by(col(ThrottleHit.at).desc())
            .limit(1)
        ).first()
        if newest is not None:
            session.execute(delete(ThrottleHit).where(col(ThrottleHit.id) == newest))


def clear_account(session: Session, keys: Keys) -> None:
    """After a successful sign-in the account starts afresh (the address does not)."""
    if not keys.account:
        return
    session.execute(delete(ThrottleHit).where(col(ThrottleHit.key) == keys.account))
