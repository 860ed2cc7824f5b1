"""An administrator's changes to accounts and teams: role, team, teams themselves.

Inviting, disabling and enabling, and reset links are in ``accounts``; resetting
two-step sign-in is in ``totp``. The guard rails shared by all of them are here:

- only an administrator (or the command line, ``actor=None``) does any of this, and
  anyone else is answered as if the account or team did not exist (audited);
- there is always at least one active administrator: the last one can be neither
  disabled nor given another role;
- a social worker who leaves their team (or stops being a social worker) stops
  seeing the old team's families at once: those allocations end, each audited in
  the family's own trail so its team lead sees it, and a change that would leave a
  family with no allocated worker has to be confirmed first, naming how many;
- a team with members or families is never deleted.

Editable accounts and teams carry a version: a change based on a stale one answers 409.
"""

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Field, Session, SQLModel, col, select

from app.models.account import Allocation, Role, Team, User, UserRead
from app.models.base import utcnow
from app.models.family import Family
from app.services import audit
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound

LAST_ADMIN = "There must be at least one active administrator"
STAFF_ROLES = (Role.social_worker, Role.team_lead)


class RoleChange(SQLModel):
    """A new role, team, or both. ``version`` is the account's version it was based on."""

    role: Role
    team_id: uuid.UUID | None = None
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    # go ahead although some families will have no allocated social worker
    confirm_unallocated: bool = False


class TeamCreate(SQLModel):
    name: str


class TeamEdit(SQLModel):
    """A new name. ``version`` is the team's version it was based on."""

    name: str
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


@dataclass(frozen=True)
class RoleChanged:
    user: User
    # families that now have no allocated social worker (their team lead must allocate)
    unallocated: int
    ended_allocations: int
    team_name: str | None = None


def is_admin(actor: Actor | None) -> bool:
    return actor is None or (actor.role == Role.admin and actor.user.is_active)


def refuse(session: Session, actor: Actor | None, entity: str, entity_id: object) -> NotFound:
    """Anyone but an administrator: the account or team does not exist (audited)."""
    if actor is not None:
        audit.record_now(session, actor, "denied", entity, entity_id, outcome="denied")
    return NotFound(entity)


def require_admin(session: Session, actor: Actor | None, entity: str, entity_id: object) -> None:
    if not is_admin(actor):
        raise refuse(session, actor, entity, entity_id)


def user_for_admin(
    session: Session, actor: Actor | None, user_id: uuid.UUID, *, for_update: bool = False
) -> User:
    require_admin(session, actor, "user", user_id)
    query = select(User).where(User.id == user_id)
    if for_update:
        query = query.with_for_update()
    user = session.exec(query).first()
    if user is None:
        raise refuse(session, actor, "user", user_id)
    return user


def check_version(user: User, expected: int | None) -> None:
    """409 with the account as it is now (never its password hash) if it moved on."""
    if expected is not None and expected != user.version:
        current = UserRead.model_validate(user, from_attributes=True).model_dump(mode="json")
        raise Conflict(
            "This account was changed by someone else meanwhile "
            f"(you saw version {expected}, it is now version {user.version})",
            current=current,
        )


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object,
    family_id: uuid.UUID | None = None,
) -> None:
    if actor is None:
        audit.record_anonymous(
            session, action, entity, entity_id, request_id="cli", family_id=family_id
        )
    else:
        audit.record(session, actor, action, entity, entity_id, family_id)


def other_active_admins(session: Session, user: User) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.admin, col(User.is_active).is_(True), User.id != user.id)
        ).one()
    )


def keep_an_admin(session: Session, user: User, field: str) -> None:
    """Refuse to take away the last active administrator."""
    if user.role == Role.admin and user.is_active and other_active_admins(session, user) == 0:
        raise Invalid(field, f"{LAST_ADMIN}: make someone else an administrator first")


# --- role and team ---------------------------------------------------------------------


def _allocations_to_end(
    session: Session, user: User, role: Role, team_id: uuid.UUID | None
) -> list[tuple[Allocation, uuid.UUID]]:
    """The user's open allocations they may not keep in their new role and team."""
    if user.role != Role.social_worker:
        return []
    if role in STAFF_ROLES and team_id == user.team_id:
        return []
    query = (
        select(Allocation, Family.id)
        .join(Family, col(Family.id) == col(Allocation.family_id))
        .where(Allocation.user_id == user.id, col(Allocation.ended_at).is_(None))
    )
    if role in STAFF_ROLES and team_id is not None:
        # families of the new team they were given stay theirs
        query = query.where(Family.team_id != team_id)
    return [(allocation, family_id) for allocation, family_id in session.exec(query).all()]


def _left_unallocated(
    session: Session, user: User, ending: list[tuple[Allocation, uuid.UUID]]
) -> list[uuid.UUID]:
    """Families whose only open allocated worker (an active one) is this user."""
    primary = {family_id for allocation, family_id in ending if allocation.is_primary}
    if not primary:
        return []
    others = session.exec(
        select(Allocation.family_id)
        .join(User, col(User.id) == col(Allocation.user_id))
        .where(
            col(Allocation.family_id).in_(primary),
            col(Allocation.is_primary).is_(True),
            col(Allocation.ended_at).is_(None),
            Allocation.user_id != user.id,
            col(User.is_active).is_(True),
        )
    ).all()
    return sorted(primary - set(others), key=str)


def families_word(count: int) -> str:
    return "1 family" if count == 1 else f"{count} families"


def _check_role_change(session: Session, user: User, data: RoleChange) -> uuid.UUID | None:
    """The team the account will be in, once the change is known to be allowed."""
    if (user.role == Role.parent) != (data.role == Role.parent):
        raise Invalid(
            "role",
            "A parent's account stays a parent's account; staff accounts cannot become one",
        )
    if data.role != Role.admin and user.role == Role.admin:
        keep_an_admin(session, user, "role")
    if data.role not in STAFF_ROLES:
        if data.team_id is not None:
            raise Invalid("team_id", "Only social workers and team leads belong to a team")
        return None
    if data.team_id is None:
        raise Invalid("team_id", "Choose the team this person works in")
    if session.get(Team, data.team_id) is None:
        raise Invalid("team_id", "No team with that id")
    return data.team_id


def change_role(
    session: Session, actor: Actor | None, user_id: uuid.UUID, data: RoleChange
) -> RoleChanged:
    """Give an account another role or team (administrators)."""
    user = user_for_admin(session, actor, user_id, for_update=True)
    check_version(user, data.version)
    team_id = _check_role_change(session, user, data)
    team = session.get(Team, team_id) if team_id else None
    team_name = team.name if team else None
    if data.role == user.role and team_id == user.team_id:
        return RoleChanged(user, 0, 0, team_name)
    ending = _allocations_to_end(session, user, data.role, team_id)
    unallocated = _left_unallocated(session, user, ending)
    if unallocated and not data.confirm_unallocated:
        raise Invalid(
            "confirm_unallocated",
            f"This leaves {families_word(len(unallocated))} with no allocated social worker. "
            "Confirm the change to go ahead; their team lead will need to allocate them",
        )
    now = utcnow()
    for allocation, family_id in ending:
        allocation.ended_at = now
        session.add(allocation)
        record(session, actor, "end_allocation", "allocation", allocation.id, family_id)
    changed_role = data.role != user.role
    user.role, user.team_id = data.role, team_id
    user.version += 1
    session.add(user)
    record(session, actor, "change_role" if changed_role else "change_team", "user", user.id)
    session.commit()
    return RoleChanged(user, len(unallocated), len(ending), team_name)


def families_allocated_to(session: Session, user_id: uuid.UUID) -> int:
    """How many families have this person as their allocated worker now."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Allocation)
            .where(
                Allocation.user_id == user_id,
                col(Allocation.is_primary).is_(True),
                col(Allocation.ended_at).is_(None),
            )
        ).one()
    )


# --- teams -------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Invalid("name", "Enter the team's name")
    if len(cleaned) > 120:
        raise Invalid("name", "The team's name must be 120 characters or fewer")
    return cleaned


def _name_taken(session: Session, name: str, team_id: uuid.UUID | None = None) -> bool:
    query = select(Team.id).where(func.lower(Team.name) == name.lower())
    if team_id is not None:
        query = query.where(Team.id != team_id)
    return session.exec(query).first() is not None


def team_for_admin(
    session: Session, actor: Actor | None, team_id: uuid.UUID, *, for_update: bool = False
) -> Team:
    require_admin(session, actor, "team", team_id)
    query = select(Team).where(Team.id == team_id)
    if for_update:
        query = query.with_for_update()
    team = session.exec(query).first()
    if team is None:
        raise refuse(session, actor, "team", team_id)
    return team


def team_as_it_is(team: Team) -> dict[str, object]:
    return {"id": str(team.id), "name": team.name, "version": team.version}


def check_team_version(team: Team, expected: int | None) -> None:
    """409 with the team as it is now if it moved on since ``expected``."""
    if expected is not None and expected != team.version:
        raise Conflict(
            "This team was changed by someone else meanwhile "
            f"(you saw version {expected}, it is now version {team.version})",
            current=team_as_it_is(team),
        )


def create_team(session: Session, actor: Actor | None, name: str) -> Team:
    require_admin(session, actor, "team", "")
    cleaned = _clean_name(name)
    if _name_taken(session, cleaned):
        raise Invalid("name", "A team with this name already exists")
    team = Team(name=cleaned)
    session.add(team)
    session.flush()
    record(session, actor, "create", "team", team.id)
    session.commit()
    return team


def rename_team(
    session: Session, actor: Actor | None, team_id: uuid.UUID, name: str, version: int | None = None
) -> Team:
    """Rename a team; a ``version`` older than the team's answers 409."""
    team = team_for_admin(session, actor, team_id, for_update=True)
    check_team_version(team, version)
    cleaned = _clean_name(name)
    if cleaned == team.name:
        return team
    if _name_taken(session, cleaned, team.id):
        raise Invalid("name", "A team with this name already exists")
    team.name = cleaned
    team.version += 1
    session.add(team)
    record(session, actor, "rename", "team", team.id)
    session.commit()
    return team


@dataclass(frozen=True)
class TeamUse:
    members: int  # every account of the team, disabled ones too
    families: int


def team_use(session: Session, team_id: uuid.UUID) -> TeamUse:
    members = select(func.count()).select_from(User).where(User.team_id == team_id)
    families = select(func.count()).select_from(Family).where(Family.team_id == team_id)
    row = session.execute(sa.select(members.scalar_subquery(), families.scalar_subquery())).one()
    return TeamUse(members=int(row[0]), families=int(row[1]))


def delete_team(
    session: Session, actor: Actor | None, team_id: uuid.UUID, version: int | None = None
) -> Team:
    """Delete a team nobody belongs to and no family is held by (not one renamed since
    ``version``: that answers 409)."""
    team = team_for_admin(session, actor, team_id, for_update=True)
    check_team_version(team, version)
    use = team_use(session, team.id)
    if use.members or use.families:
        parts = []
        if use.members:
            parts.append("1 account" if use.members == 1 else f"{use.members} accounts")
        if use.families:
            parts.append(families_word(use.families))
        raise Invalid(
            "team_id",
            f"{team.name} still has {' and '.join(parts)}: a team with members or "
            "families cannot be deleted",
        )
    record(session, actor, "delete", "team", team.id)
    session.delete(team)
    session.commit()
    return team


__all__ = [
    "LAST_ADMIN",
    "RoleChange",
    "RoleChanged",
    "TeamCreate",
    "TeamEdit",
    "TeamUse",
    "change_role",
    "check_team_version",
    "check_version",
    "create_team",
    "delete_team",
    "families_allocated_to",
    "is_admin",
    "keep_an_admin",
    "rename_team",
    "require_admin",
    "team_as_it_is",
    "team_for_admin",
    "team_use",
    "user_for_admin",
]
