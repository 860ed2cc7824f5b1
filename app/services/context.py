"""Who is acting, and from where: passed to every service function."""

from dataclasses import dataclass, field
from uuid import uuid4

from app.models.account import Role, User


@dataclass(frozen=True)
class Actor:
    user: User
    request_id: str = field(default_factory=lambda: uuid4().hex)
    client_address: str = ""

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def is_parent(self) -> bool:
        return self.user.role == Role.parent

    @property
    def is_staff(self) -> bool:
        return self.user.role in (Role.social_worker, Role.team_lead)
