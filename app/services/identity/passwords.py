"""The password rule: 12 to 128 characters, not a commonly used password."""

from functools import lru_cache
from pathlib import Path

from app.i18n import N_, Message
from app.services.errors import Invalid

MIN_LENGTH = 12
MAX_LENGTH = 128
_COMMON = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"


@lru_cache
def common_passwords() -> frozenset[str]:
    with _COMMON.open(encoding="utf-8") as handle:
        return frozenset(
            line.strip() for line in handle if line.strip() and not line.startswith("#")
        )


def check(password: str, *, field: str = "password", personal: tuple[str, ...] = ()) -> None:
    """Raise Invalid naming the field if the password may not be used.

    Spaces and every printable character are allowed; nothing is truncated.
    """
    length = len(password)
    if length < MIN_LENGTH:
        message = N_("Password must be %(least)s characters or more")
        raise Invalid(field, Message(message, least=str(MIN_LENGTH)))
    if length > MAX_LENGTH:
        message = N_("Password must be %(most)s characters or fewer")
        raise Invalid(field, Message(message, most=str(MAX_LENGTH)))
    folded = password.strip().lower()
    if folded in common_passwords():
        raise Invalid(field, N_("Password is too common: choose one that is harder to guess"))
    if any(folded == p.strip().lower() for p in personal if p):
        raise Invalid(field, N_("Password must not be your name or email address"))
