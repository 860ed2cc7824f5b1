"""Outgoing mail through an SMTP server named by ``CCT_SMTP_URL``.

``smtp://host:25`` sends in the clear (a relay on the same network),
``smtp+starttls://host:587`` upgrades the connection first, ``smtps://host:465``
is TLS from the start. A user name and password in the URL sign in to the server.
"""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from app.config import get_settings
from app.models.account import User
from app.models.credentials import LinkPurpose
from app.services.errors import Invalid

TIMEOUT_SECONDS = 15
_DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> "SmtpServer":
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise Invalid(
                "smtp_url", "Use smtp://host:port, smtp+starttls://host:port or smtps://host:port"
            )
        return cls(
            scheme=parts.scheme,
            host=parts.hostname,
            port=parts.port or _DEFAULT_PORTS[parts.scheme],
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )

    def send(self, message: EmailMessage) -> None:
        client: smtplib.SMTP
        if self.scheme == "smtps":
            client = smtplib.SMTP_SSL(
                self.host, self.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        with client:
            if self.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)


def configured_server() -> SmtpServer | None:
    url = get_settings().smtp_url.strip()
    return SmtpServer.from_url(url) if url else None


_SUBJECTS = {
    LinkPurpose.reset: "Reset your password for Capacity to Change Tracker",
    LinkPurpose.set_up: "Set up your account for Capacity to Change Tracker",
}
_BODIES = {
    LinkPurpose.reset: (
        "Someone asked to reset the password of your Capacity to Change Tracker account.\n\n"
        "To choose a new password, open this link:\n\n{link}\n\n"
        "The link works once and for 48 hours. If you did not ask for it, you can ignore "
        "this email: your password has not changed.\n"
    ),
    LinkPurpose.set_up: (
        "Someone asked for a link to your Capacity to Change Tracker account. You have not "
        "chosen a password yet.\n\nTo choose one, open this link:\n\n{link}\n\n"
        "The link works once and for 48 hours. If you did not ask for it, you can ignore "
        "this email.\n"
    ),
}


def link_message(to: str, name: str, purpose: LinkPurpose, link: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = get_settings().mail_from
    message["To"] = to
    message["Subject"] = _SUBJECTS[purpose]
    message.set_content(f"Dear {name},\n\n" + _BODIES[purpose].format(link=link))
    return message


class EmailDelivery:
    """Sends a set-up or reset link to the account's own email address."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    def deliver(self, user: User, purpose: LinkPurpose, link: str) -> None:
        self.server.send(link_message(user.email, user.display_name, purpose, link))
