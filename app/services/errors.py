"""What a service can refuse with. The API and the web pages map these to responses."""

from typing import Any


class DomainError(Exception):
    """Base of every refusal a service makes on purpose."""


class NotFound(DomainError):
    """No such record, or one the caller may not see (the same answer, so ids can't be probed)."""

    def __init__(self, entity: str = "record") -> None:
        super().__init__(f"{entity} not found")
        self.entity = entity


class NotAllowed(DomainError):
    """The caller may see the record but not do this to it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Conflict(DomainError):
    """An edit based on a stale version, or one that clashes with the current state."""

    def __init__(self, message: str, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current or {}


class Invalid(DomainError):
    """Input that passes the schema but breaks a rule; names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotSignedIn(DomainError):
    """No valid session or token."""


class TooManyAttempts(DomainError):
    """Sign-in refused for now: too many failed attempts for the account or the address."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"Too many attempts; try again in {retry_after_seconds} seconds")
        self.retry_after_seconds = max(1, retry_after_seconds)
