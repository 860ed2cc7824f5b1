"""The administrator's view of who has an account: every account and every team.

Accounts can be filtered by role, team and status. Administrators manage accounts
and see no case records, so a parent's account shows the person, never the family
it speaks for. Changes are in ``administration`` and ``accounts``.
"""

import uuid
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Session, col, func

from app.models.account import Role, Team, User
from app.models.credentials import TotpEnrolment
from app.models.family import Family
from app.services import audit
from app.services.context import Actor
from app.services.identity import administration

Status = Literal["active", "disabled"]
NO_TEAM = "none"


@dataclass(frozen=True)
class AccountRow:
    id: uuid.UUID
    name: str
    email: str
    role: Role
    team: str | None
    is_active: bool
    team_id: uuid.UUID | None = None
    version: int = 1
    two_step: bool = False  # an authenticator app is set up


@dataclass(frozen=True)
class TeamRow:
    id: uuid.UUID
    name: str
    members: int  # active accounts of the team (workers and team leads)
    families: int = 0  # families the team holds (a count only: no case record)
    version: int = 1


@dataclass(frozen=True)
class DirectoryFilter:
    """Which accounts to list; None means any. ``team`` is a team's id or ``NO_TEAM``."""

    role: Role | None = None
    team: uuid.UUID | Literal["none"] | None = None
    status: Status | None = None


@dataclass(frozen=True)
class Directory:
    accounts: list[AccountRow]
    teams: list[TeamRow]


def _account_query() -> Any:
    two_step = (
        sa.select(func.count())
        .where(
            col(TotpEnrolment.user_id) == col(User.id),
            col(TotpEnrolment.confirmed_at).is_not(None),
        )
        .scalar_subquery()
    )
    return sa.select(
        col(User.id),
        col(User.display_name),
        col(User.email),
        col(User.role),
        col(Team.name),
        col(User.is_active),
        col(User.team_id),
        col(User.version),
        two_step > 0,
    ).outerjoin(Team, col(Team.id) == col(User.team_id))


def _filtered(query: sa.Select[Any], wanted: DirectoryFilter) -> sa.Select[Any]:
    if wanted.role is not None:
        query = query.where(col(User.role) == wanted.role)
    if wanted.team == NO_TEAM:
        query = query.where(col(User.team_id).is_(None))
    elif wanted.team is not None:
        query = query.where(col(User.team_id) == wanted.team)
    if wanted.status is not None:
        query = query.where(col(User.is_active).is_(wanted.status == "active"))
    return query


def directory(session: Session, actor: Actor, wanted: DirectoryFilter | None = None) -> Directory:
    """The accounts the filter asks for (by name) and every team with its member count.

    Two queries, whatever the number of accounts or teams.
    """
    administration.require_admin(session, actor, "user", "")
    wanted = wanted or DirectoryFilter()
    query = _filtered(_account_query(), wanted)
    accounts = session.execute(query.order_by(func.lower(User.display_name), col(User.email))).all()
    teams = _teams(session)
    audit.record_now(session, actor, "list", "user", "")
    return Directory(accounts=[AccountRow(*row) for row in accounts], teams=teams)


def _teams(session: Session) -> list[TeamRow]:
    members = (
        sa.select(func.count())
        .where(col(User.team_id) == col(Team.id), col(User.is_active).is_(True))
        .scalar_subquery()
    )
    held = sa.select(func.count()).where(col(Family.team_id) == col(Team.id)).scalar_subquery()
    rows = session.execute(
        sa.select(col(Team.id), col(Team.name), members, held, col(Team.version)).order_by(
            func.lower(Team.name), col(Team.id)
        )
    ).all()
    return [
        TeamRow(id=row[0], name=row[1], members=int(row[2]), families=int(row[3]), version=row[4])
        for row in rows
    ]


def account(session: Session, actor: Actor, user_id: uuid.UUID) -> AccountRow:
    """One account as the administrator's account page shows it (audited as a read)."""
    administration.require_admin(session, actor, "user", user_id)
    row = session.execute(_account_query().where(col(User.id) == user_id)).first()
    if row is None:
        raise administration.refuse(session, actor, "user", user_id)
    audit.record_now(session, actor, "read", "user", user_id)
    return AccountRow(*row)


def teams(session: Session, actor: Actor) -> list[TeamRow]:
    """Every team with its number of active members (for choosing one)."""
    administration.require_admin(session, actor, "team", "")
    return _teams(session)


__all__ = [
    "NO_TEAM",
    "AccountRow",
    "Directory",
    "DirectoryFilter",
    "TeamRow",
    "account",
    "directory",
    "teams",
]
