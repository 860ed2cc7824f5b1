"""Secrets at rest: columns that hold a secret the server must read back are encrypted.

Everything else secret (passwords, session ids, tokens, set-up links, recovery
codes) is kept only as a hash. A secret that must be read back, such as the key
of a user's authenticator app, is stored as a Fernet token (AES-128-CBC with an
HMAC-SHA256, from the ``cryptography`` package) under ``CCT_ENCRYPTION_KEY``.

``CCT_ENCRYPTION_KEY`` may list several keys, newest first: the first encrypts,
any of them decrypts. ``cct keys rotate`` re-encrypts every stored secret under
the first, after which the older keys can be dropped. Outside production, with
no key set, one is derived from ``CCT_SECRET_KEY`` so development just works;
production refuses to start without one.
"""

import base64
import hashlib
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from app.config import get_settings

__all__ = ["EncryptedString", "InvalidToken", "decrypt", "encrypt", "generate_key", "is_token"]

# every Fernet token starts with the version byte 0x80, which base64 writes as "gAAAAA"
_TOKEN_PREFIX = "gAAAAA"  # noqa: S105  (a format marker, not a secret)


def generate_key() -> str:
    return Fernet.generate_key().decode()


def derived_key(secret_key: str) -> str:
    """The development key: the same on every start, from the signing secret."""
    digest = hashlib.sha256(b"cct-encryption-key:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys() -> tuple[str, ...]:
    settings = get_settings()
    keys = settings.encryption_key_list
    return tuple(keys) if keys else (derived_key(settings.secret_key),)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(configured_keys())


def encrypt(plain: str) -> str:
    return _current().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; ``InvalidToken`` if no configured key opens it."""
    return _current().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same secret, encrypted under the newest key."""
    return _current().rotate(token.encode()).decode()


def is_token(value: str) -> bool:
    return value.startswith(_TOKEN_PREFIX)


class EncryptedString(sa.types.TypeDecorator[str]):
    """A text column holding a secret: encrypted on the way in, decrypted on the way out."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: Any, _dialect: sa.Dialect) -> str | None:
        return None if value is None else encrypt(str(value))

    def process_result_value(self, value: Any, _dialect: sa.Dialect) -> str | None:
        return None if value is None else decrypt(str(value))


def encrypted_columns(metadata: sa.MetaData) -> list[tuple[sa.Table, sa.Column[Any]]]:
    """Every column of every table that holds an encrypted secret."""
    return [
        (table, column)
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedString)
    ]
