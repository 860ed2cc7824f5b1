"""The administrator's view of who has an account: every account and every team.

Read-only for now. Administrators manage accounts and see no case records, so
a parent's account shows the person, never the family it speaks for.
"""

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func

from app.models.account import Role, Team, User
from app.services import access, audit
from app.services.context import Actor


@dataclass(frozen=True)
class AccountRow:
    id: uuid.UUID
    name: str
    email: str
    role: Role
    team: str | None
    is_active: bool


@dataclass(frozen=True)
class TeamRow:
    id: uuid.UUID
    name: str
    members: int  # active accounts of the team (workers and team leads)


@dataclass(frozen=True)
class Directory:
    accounts: list[AccountRow]
    teams: list[TeamRow]


def directory(session: Session, actor: Actor) -> Directory:
    """Every account (by name) and every team with its member count: two queries."""
    access.require_admin(actor)
    accounts = session.execute(
        sa.select(
            col(User.id),
            col(User.display_name),
            col(User.email),
            col(User.role),
            col(Team.name),
            col(User.is_active),
        )
        .outerjoin(Team, col(Team.id) == col(User.team_id))
        .order_by(func.lower(User.display_name), col(User.email))
    ).all()
    members = (
        sa.select(func.count())
        .where(col(User.team_id) == col(Team.id), col(User.is_active).is_(True))
        .scalar_subquery()
    )
    teams = session.execute(
        sa.select(col(Team.id), col(Team.name), members).order_by(
            func.lower(Team.name), col(Team.id)
        )
    ).all()
    audit.record_now(session, actor, "list", "user", "")
    return Directory(
        accounts=[AccountRow(*row) for row in accounts],
        teams=[TeamRow(id=row[0], name=row[1], members=int(row[2])) for row in teams],
    )


__all__ = ["AccountRow", "Directory", "TeamRow", "directory"]
