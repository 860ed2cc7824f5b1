"""The identity provider, as OpenID Connect describes it (Authlib's OAuth 2.0 client).

Its endpoints come from its discovery document, its signing keys from its key set
(read again when a token names a key not among them). A code is exchanged with the
PKCE verifier and the client secret, and the ID token that comes back is checked:
signature (public-key algorithms only), issuer, audience, expiry, issue time and
nonce. Each refusal names its reason, as the audit trail records it.
"""

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx2
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from app import clock
from app.config import get_settings

CALLBACK_PATH = "/sign-in/sso/callback"
SCOPE = "openid email profile"
# clock difference allowed between the provider and this server
LEEWAY_SECONDS = 60
# an ID token issued longer ago than this is refused, whatever its expiry
MAX_TOKEN_AGE = timedelta(minutes=10)
# signature algorithms accepted: public-key ones only, never "none" or a shared secret
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
HTTP_TIMEOUT = 10.0
METADATA_LIFETIME = 3600.0


class SsoRefused(Exception):
    """A sign-in through the provider refused; ``reason`` is what the audit trail says."""

    def __init__(self, reason: str, user_id: uuid.UUID | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user_id = user_id


class SsoUnavailable(Exception):
    """The provider's configuration could not be read."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]
    auth_method: str


class NonceMismatch(SsoRefused):
    """The ID token carries another nonce than its sign-in's (``nonce`` says which)."""

    def __init__(self, nonce: object) -> None:
        super().__init__("nonce_mismatch")
        self.nonce = nonce


_log = logging.getLogger(__name__)
_cache_lock = threading.Lock()
# issuer → (read at, provider); issuer → key set
_providers: dict[str, tuple[float, Provider]] = {}
_key_sets: dict[str, dict[str, Any]] = {}


def enabled() -> bool:
    return get_settings().sso_enabled


def provider_name() -> str:
    return get_settings().oidc_provider_name


def redirect_uri() -> str:
    return get_settings().public_url.rstrip("/") + CALLBACK_PATH


def client(**kwargs: Any) -> OAuth2Client:
    settings = get_settings()
    return OAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri(),
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT,
        follow_redirects=False,
        **kwargs,
    )


def _read_provider(issuer: str) -> Provider:
    address = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        with client() as http:
            answer = http.request("GET", address, withhold_token=True)
            answer.raise_for_status()
            found = answer.json()
    except (httpx2.HTTPError, ValueError) as exc:
        raise SsoUnavailable(f"could not read {address}: {exc}") from exc
    if not isinstance(found, dict) or found.get("issuer") != issuer:
        # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one asked for
        raise SsoUnavailable(f"{address} names another issuer")
    try:
        offered = found.get("id_token_signing_alg_values_supported") or ["RS256"]
        methods = found.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        return Provider(
            issuer=issuer,
            authorization_endpoint=str(found["authorization_endpoint"]),
            token_endpoint=str(found["token_endpoint"]),
            jwks_uri=str(found["jwks_uri"]),
            algorithms=tuple(a for a in ALGORITHMS if a in offered),
            auth_method=(
                "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
            ),
        )
    except KeyError as exc:
        raise SsoUnavailable(f"{address} lacks {exc}") from exc


def provider() -> Provider:
    """The configured provider's endpoints, read from its discovery document (kept an hour)."""
    issuer = get_settings().oidc_issuer
    with _cache_lock:
        cached = _providers.get(issuer)
    if cached is not None and time.monotonic() - cached[0] < METADATA_LIFETIME:
        return cached[1]
    try:
        found = _read_provider(issuer)
    except SsoUnavailable as exc:
        _log.warning("single sign-on unavailable: %s", exc)
        raise
    with _cache_lock:
        _providers[issuer] = (time.monotonic(), found)
    return found


def _key_set(found: Provider, *, fresh: bool = False) -> KeySet:
    """The provider's published signing keys (read again when a token names a key
    that is not among them)."""
    with _cache_lock:
        keys = None if fresh else _key_sets.get(found.jwks_uri)
    if keys is None:
        try:
            with client() as http:
                answer = http.request("GET", found.jwks_uri, withhold_token=True)
                answer.raise_for_status()
                keys = answer.json()
            key_set = KeySet.import_key_set(keys)
        except (httpx2.HTTPError, JoseError, ValueError, TypeError) as exc:
            raise SsoRefused("no_keys") from exc
        with _cache_lock:
            _key_sets[found.jwks_uri] = keys
        return key_set
    return KeySet.import_key_set(keys)  # type: ignore[arg-type]


def exchange(found: Provider, code: str, code_verifier: str) -> dict[str, Any]:
    """The provider's token answer for a code; it must hold an ID token."""
    try:
        with client(token_endpoint_auth_method=found.auth_method) as http:
            token = http.fetch_token(
                found.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
            )
    except OAuthError as exc:
        raise SsoRefused("code_refused") from exc
    except (httpx2.HTTPError, ValueError) as exc:
        raise SsoRefused("token_failed") from exc
    if not isinstance(token, dict) or not isinstance(token.get("id_token"), str):
        raise SsoRefused("no_id_token")
    return dict(token)


def _decode(found: Provider, id_token: str) -> jwt.Token:
    registry = JWSRegistry(algorithms=list(found.algorithms))
    try:
        try:
            return jwt.decode(id_token, _key_set(found), registry=registry)
        except InvalidKeyIdError:
            # the provider may have rolled its keys since they were read
            return jwt.decode(id_token, _key_set(found, fresh=True), registry=registry)
    except BadSignatureError as exc:
        raise SsoRefused("bad_signature") from exc
    except (JoseError, ValueError) as exc:
        raise SsoRefused("bad_id_token") from exc


_CLAIM_REASONS = {
    "iss": "wrong_issuer",
    "aud": "wrong_audience",
    "azp": "wrong_audience",
    "iat": "bad_issue_time",
    "nbf": "not_yet_valid",
    "at_hash": "bad_at_hash",
}


def validate_id_token(found: Provider, token: dict[str, Any], nonce: str) -> dict[str, Any]:
    """The claims of the ID token in a token answer, once every check has passed."""
    decoded = _decode(found, token["id_token"])
    client_id = get_settings().oidc_client_id
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        {
            "iss": {"essential": True, "value": found.issuer},
            "aud": {"essential": True, "value": client_id},
            "sub": {"essential": True},
        },
        {"nonce": nonce, "client_id": client_id, "access_token": token.get("access_token")},
    )
    now = int(clock.now().timestamp())
    try:
        claims.validate(now=now, leeway=LEEWAY_SECONDS)
    except ExpiredTokenError as exc:
        raise SsoRefused("expired") from exc
    except ClaimError as exc:
        name = str(getattr(exc, "claim", "") or "")
        if name == "nonce":
            raise NonceMismatch(claims.get("nonce")) from exc
        raise SsoRefused(_CLAIM_REASONS.get(name, "bad_claims")) from exc
    if now - int(claims["iat"]) > MAX_TOKEN_AGE.total_seconds() + LEEWAY_SECONDS:
        raise SsoRefused("stale_token")
    if not isinstance(claims["sub"], str) or not 0 < len(claims["sub"]) <= 255:
        raise SsoRefused("bad_claims")
    return dict(claims)
