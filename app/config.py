"""One settings object, read from the environment (prefix ``CCT_``) or ``.env``."""

import base64
import binascii
import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-development-only"  # noqa: S105  (refused in production)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CCT_", env_file=".env", extra="ignore")

    # development | test | production
    environment: Literal["development", "test", "production"] = "development"
    # where the embedded database and exports live
    data_dir: Path = Path("var")
    # full SQLAlchemy URL; empty means the embedded SQLite file in data_dir
    database_url: str = ""
    # signs nothing the client can forge on its own; must be set in production
    secret_key: str = DEFAULT_SECRET
    # web sessions: idle and absolute lifetimes, in minutes
    session_idle_minutes: int = 30
    session_absolute_minutes: int = 12 * 60
    parent_session_idle_minutes: int = 15
    # staff (social workers, team leads, admins) must use two-step sign-in;
    # unset means: required in production, optional elsewhere
    require_two_step_for_staff: bool | None = None
    # where people reach the service: set-up and reset links start with this
    public_url: str = "http://127.0.0.1:8000"
    # reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed, as
    # comma-separated addresses or networks; empty: none, the peer's address is the client's
    trusted_proxies: str = ""
    # reads' audit events: committed many requests at a time by one writer per
    # process (group commit), or one insert per request
    audit_group_commit: bool = True
    # views of families kept in each process to answer the same read again while nothing
    # in them has changed (``app.services.views.reuse``); 0 keeps none. Most hold a few
    # KB; a family's Summary page with 2,000 entries about 1 MB (tracemalloc)
    views_kept: int = Field(default=128, ge=0, le=100_000)
    # worker threads serving requests at once, per process (the rest queue): routes
    # run in threads, and many threads all wanting Python's interpreter lock cost
    # each request more CPU than a short queue costs it in waiting
    request_threads: int = Field(default=8, ge=1, le=200)
    # requests whose work runs at once, per process (``app.http.lanes``); unset:
    # one on SQLite, no limit (0) on PostgreSQL, as measured cheapest on each
    requests_at_once: int | None = Field(default=None, ge=0, le=200)
    # encrypts secrets kept at rest (authenticator keys): Fernet keys, newest first,
    # comma-separated (`cct keys generate` makes one); required in production
    encryption_key: str = ""
    # outgoing mail for password reset links: smtp://[user:password@]host[:port],
    # smtp+starttls://… or smtps://…; empty means no mail is sent and a reset
    # request goes to the person's team lead or an administrator instead
    smtp_url: str = ""
    mail_from: str = "Capacity to Change Tracker <no-reply@localhost>"
    # shown on the contact page; empty: people are told to ask their social worker
    contact_email: str = ""
    # single sign-on with OpenID Connect. The issuer URL turns it on: its
    # /.well-known/openid-configuration is read for the endpoints and keys.
    # Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    # the button says "Sign in with <this>"
    oidc_provider_name: str = "your organisation"
    # staff (and, separately, parents) may also sign in with a password; turning it
    # off for staff needs single sign-on set up
    password_sign_in_for_staff: bool = True
    password_sign_in_for_parents: bool = True
    # how a parent reaches their social worker's team (on "Your plan" and its PDF). The
    # defaults are demo values: 01632 960xxx and 0808 157 0xxx are kept for drama, never real
    team_phone: str = "01632 960 118"
    team_hours: str = "Monday to Friday, 9am to 5pm"
    team_hours_cy: str = "Dydd Llun i ddydd Gwener, 9am tan 5pm"
    # "Get independent advice": a solicitor, and an advice line for parents
    solicitor_advice: str = (
        "You can talk to a solicitor who works with families. "
        "If your case goes to court, you will not have to pay for one."
    )
    solicitor_advice_cy: str = (
        "Gallwch siarad â chyfreithiwr sy'n gweithio gyda theuluoedd. "
        "Os bydd eich achos yn mynd i'r llys, ni fydd rhaid i chi dalu am un."
    )
    advice_line_name: str = "Family Rights Group advice line"
    advice_line_name_cy: str = "Llinell gyngor Family Rights Group"
    advice_line_phone: str = "0808 157 0366"
    advice_line_hours: str = "Monday to Friday, 9:30am to 3pm"
    advice_line_hours_cy: str = "Dydd Llun i ddydd Gwener, 9:30am tan 3pm"
    advice_line_about: str = (
        "Free advice for parents when children's services are involved. "
        "It is not part of the council."
    )
    advice_line_about_cy: str = (
        "Cyngor am ddim i rieni pan fydd gwasanaethau plant yn rhan o'u bywyd. "
        "Nid yw'n rhan o'r cyngor."
    )

    @model_validator(mode="after")
    def _check_encryption_key(self) -> Self:
        for key in self.encryption_key_list:
            try:
                valid = len(base64.urlsafe_b64decode(key.encode())) == 32
            except (binascii.Error, ValueError):
                valid = False
            if not valid:
                raise ValueError(
                    "CCT_ENCRYPTION_KEY must be Fernet keys (32 bytes in URL-safe base64), "
                    "comma-separated; make one with `cct keys generate`"
                )
        if self.environment == "production" and not self.encryption_key_list:
            raise ValueError(
                "CCT_ENCRYPTION_KEY must be set in production; make one with `cct keys generate`"
            )
        return self

    @model_validator(mode="after")
    def _check_trusted_proxies(self) -> Self:
        for entry in self.trusted_proxy_list:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"CCT_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
                ) from None
        return self

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Self:
        if self.environment == "production" and (
            not self.secret_key or self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "CCT_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production"
            )
        return self

    @model_validator(mode="after")
    def _check_single_sign_on(self) -> Self:
        if self.oidc_issuer:
            if not self.oidc_client_id.strip() or not self.oidc_client_secret.strip():
                raise ValueError(
                    "CCT_OIDC_CLIENT_ID and CCT_OIDC_CLIENT_SECRET must be set "
                    "when CCT_OIDC_ISSUER is"
                )
            if not self.oidc_issuer.startswith(("https://", "http://")):
                raise ValueError("CCT_OIDC_ISSUER must be an https:// URL")
            if self.environment == "production" and not self.oidc_issuer.startswith("https://"):
                raise ValueError("CCT_OIDC_ISSUER must be an https:// URL in production")
        elif not (self.password_sign_in_for_staff and self.password_sign_in_for_parents):
            raise ValueError(
                "password sign-in can only be turned off when single sign-on is set up "
                "(CCT_OIDC_ISSUER)"
            )
        return self

    @model_validator(mode="after")
    def _two_step_default(self) -> Self:
        if self.require_two_step_for_staff is None:
            self.require_two_step_for_staff = self.environment == "production"
        return self

    @property
    def is_development(self) -> bool:
        return self.environment != "production"

    @property
    def encryption_key_list(self) -> list[str]:
        return [part.strip() for part in self.encryption_key.split(",") if part.strip()]

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_issuer)

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [part.strip() for part in self.trusted_proxies.split(",") if part.strip()]

    @property
    def lane_width(self) -> int:
        """Requests whose work runs at once (0: no limit); see ``app.http.lanes``."""
        if self.requests_at_once is not None:
            return self.requests_at_once
        return 1 if self.sqlalchemy_url.startswith("sqlite") else 0

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'cct.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
