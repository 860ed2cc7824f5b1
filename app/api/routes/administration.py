"""Administrators manage accounts and teams: list and filter accounts, change a role or
team, and add, rename or delete teams. Anyone else gets 404 (audited), as if the
account or team did not exist. Inviting, disabling and enabling, reset links and
resetting two-step sign-in are in ``accounts``.
"""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Field, SQLModel

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.account import Role, TeamRead, UserRead
from app.services.identity import administration, directory
from app.services.identity.administration import RoleChange

router = APIRouter(route_class=AuditedRoute, tags=["administration"])


class AccountRead(UserRead):
    team_name: str | None
    two_step: bool


class RoleChangeRead(SQLModel):
    user: UserRead
    # families that now have no allocated social worker: their team lead allocates them
    unallocated_families: int
    ended_allocations: int


class TeamWrite(SQLModel):
    name: str = Field(min_length=1, max_length=120)


class TeamRename(TeamWrite):
    # the team's version the change is based on: an older one answers 409
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class TeamUseRead(TeamRead):
    members: int
    families: int


def _account(row: directory.AccountRow) -> AccountRead:
    return AccountRead(
        id=row.id,
        email=row.email,
        display_name=row.name,
        role=row.role,
        team_id=row.team_id,
        is_active=row.is_active,
        version=row.version,
        team_name=row.team,
        two_step=row.two_step,
    )


@router.get(
    "/users",
    response_model=list[AccountRead],
    summary="Every account, by name, filtered by role, team and status (administrators)",
    responses=answers(404),
)
def list_users(
    session: SessionDep,
    actor: ActorDep,
    role: Annotated[Role | None, Query(description="Only accounts of this role")] = None,
    team_id: Annotated[uuid.UUID | None, Query(description="Only members of this team")] = None,
    no_team: Annotated[bool, Query(description="Only accounts with no team")] = False,
    account_status: Annotated[
        Literal["active", "disabled"] | None,
        Query(alias="status", description="Only active or only disabled accounts"),
    ] = None,
) -> list[AccountRead]:
    wanted = directory.DirectoryFilter(
        role=role, team="none" if no_team else team_id, status=account_status
    )
    return [_account(row) for row in directory.directory(session, actor, wanted).accounts]


@router.get(
    "/users/{user_id}",
    response_model=AccountRead,
    summary="One account (administrators)",
    responses=answers(404),
)
def get_user(user_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> AccountRead:
    return _account(directory.account(session, actor, user_id))


@router.patch(
    "/users/{user_id}",
    response_model=RoleChangeRead,
    summary="Change an account's role or team (administrators); send the version you saw",
    description=(
        "A social worker who leaves their team loses access to the old team's families "
        "at once. If that would leave a family with no allocated social worker, the change "
        "is refused (422 on `confirm_unallocated`) until it is sent again with "
        "`confirm_unallocated: true`. The last active administrator keeps the role."
    ),
    responses=answers(404, 409),
)
def change_user(
    user_id: uuid.UUID, data: RoleChange, session: SessionDep, actor: ActorDep
) -> RoleChangeRead:
    changed = administration.change_role(session, actor, user_id, data)
    return RoleChangeRead(
        user=UserRead.model_validate(changed.user, from_attributes=True),
        unallocated_families=changed.unallocated,
        ended_allocations=changed.ended_allocations,
    )


@router.get(
    "/teams",
    response_model=list[TeamUseRead],
    summary="Every team with its numbers of active members and of families (administrators)",
    responses=answers(404),
)
def list_teams(session: SessionDep, actor: ActorDep) -> list[TeamUseRead]:
    teams = directory.teams(session, actor)
    return [
        TeamUseRead(id=t.id, name=t.name, version=t.version, members=t.members, families=t.families)
        for t in teams
    ]


@router.post(
    "/teams",
    response_model=TeamRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a team (administrators)",
    responses=answers(404, 409),
)
def create_team(data: TeamWrite, session: SessionDep, actor: ActorDep) -> TeamRead:
    team = administration.create_team(session, actor, data.name)
    return TeamRead.model_validate(team, from_attributes=True)


@router.patch(
    "/teams/{team_id}",
    response_model=TeamRead,
    summary="Rename a team (administrators); send the version you saw",
    responses=answers(404, 409),
)
def rename_team(
    team_id: uuid.UUID, data: TeamRename, session: SessionDep, actor: ActorDep
) -> TeamRead:
    team = administration.rename_team(session, actor, team_id, data.name, data.version)
    return TeamRead.model_validate(team, from_attributes=True)


@router.delete(
    "/teams/{team_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a team with no members and no families (administrators)",
    responses=answers(404, 409),
)
def delete_team(
    team_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    version: Annotated[
        int | None,
        Query(ge=1, le=2**31 - 1, description="The team's version you saw: older answers 409"),
    ] = None,
) -> Response:
    administration.delete_team(session, actor, team_id, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
