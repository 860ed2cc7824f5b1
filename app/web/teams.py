"""Administrators manage teams: add one, rename one, delete one nobody belongs to.

The rename and delete forms carry the team's version: a change based on an older
one (the team was renamed in another tab meanwhile) is refused with 409 and the
stale-edit page, the user's input kept.
"""

import uuid

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.account import Team
from app.services.context import Actor
from app.services.identity import administration
from app.services.identity.administration import TeamCreate, TeamEdit
from app.web.conflict import conflict_view_outside_families
from app.web.deps import AdminDep
from app.web.forms import F, Form, FormDep, Parsed, form_context
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

NAME = Form(
    F(
        "name",
        "Team name",
        required="Enter the team's name",
        too_long="The team's name must be 120 characters or fewer",
    ),
    whole="name",
)
# the refusal to delete a team that is still in use shows beside the button
DELETE = Form(F("delete", "Delete", target="delete-team"), aliases={"team_id": "delete"})
# the audited actions that change a team, for "changed by … at …"
TEAM_CHANGES = ("create", "rename")


@router.get("/accounts/teams/new")
def new_team_page(request: Request, _actor: AdminDep) -> Response:
    return render(request, "accounts/team.html", {"team": None, "values": {}, "nav": "accounts"})


@router.post("/accounts/teams")
def create_team(request: Request, session: SessionDep, actor: AdminDep, form: FormDep) -> Response:
    parsed = NAME.parse(form)
    data = NAME.validate(TeamCreate, parsed)
    if data is not None:
        team = NAME.attempt(
            session, parsed, lambda: administration.create_team(session, actor, data.name)
        )
        if team is not None:
            return done("/accounts#teams", f"Team added: {team.name}")
    context = form_context(parsed) | {"team": None, "nav": "accounts"}
    return render(request, "accounts/team.html", context, status_code=422)


def _team_page(
    request: Request,
    session: Session,
    actor: Actor,
    team_id: uuid.UUID,
    parsed: Parsed | None = None,
) -> Response:
    team = administration.team_for_admin(session, actor, team_id)
    use = administration.team_use(session, team.id)
    values = parsed.values if parsed and parsed.values else {"name": team.name}
    if parsed and parsed.conflict:
        # saving again applies the user's input to the version now saved
        values = values | {"version": parsed.conflict.version}
    elif not values.get("version"):
        values = values | {"version": team.version}
    context = form_context(parsed or Parsed()) | {
        "team": team,
        "use": use,
        "values": values,
        "nav": "accounts",
    }
    status = parsed.status if parsed and (parsed.errors or parsed.conflict) else 200
    return render(request, "accounts/team.html", context, status_code=status)


@router.get("/accounts/teams/{team_id}")
def team_page(
    request: Request, session: SessionDep, actor: AdminDep, team_id: uuid.UUID
) -> Response:
    return _team_page(request, session, actor, team_id)


@router.post("/accounts/teams/{team_id}")
def rename_team(
    request: Request, session: SessionDep, actor: AdminDep, form: FormDep, team_id: uuid.UUID
) -> Response:
    parsed = NAME.parse(form)
    data = NAME.validate(TeamEdit, parsed)
    if data is not None:
        team = NAME.attempt(
            session,
            parsed,
            lambda: administration.rename_team(session, actor, team_id, data.name, data.version),
        )
        if team is not None:
            return done("/accounts#teams", f"Team renamed: {team.name}")
        _stale(session, actor, parsed, team_id, {"name": data.name})
    return _team_page(request, session, actor, team_id, parsed)


def _stale(
    session: Session, actor: Actor, parsed: Parsed, team_id: uuid.UUID, yours: dict[str, str]
) -> None:
    """After a refused change: the stale-edit view, if the team moved on meanwhile."""
    if parsed.stale_refusal is None:
        return
    parsed.conflict = conflict_view_outside_families(
        session,
        actor,
        parsed.stale_refusal,
        Team,
        team_id,
        entity="team",
        actions=TEAM_CHANGES,
        fields=[("name", "Team name")],
        yours=yours,
    )


@router.post("/accounts/teams/{team_id}/delete")
def delete_team(
    request: Request, session: SessionDep, actor: AdminDep, form: FormDep, team_id: uuid.UUID
) -> Response:
    parsed = DELETE.parse(form)
    team = DELETE.attempt(
        session,
        parsed,
        lambda: administration.delete_team(session, actor, team_id, parsed.version),
    )
    if team is not None:
        return done("/accounts#teams", f"Team deleted: {team.name}")
    # nothing was typed: their version of the team is the one they saw
    _stale(session, actor, parsed, team_id, {})
    return _team_page(
        request, session, actor, team_id, Parsed(errors=parsed.errors, conflict=parsed.conflict)
    )
