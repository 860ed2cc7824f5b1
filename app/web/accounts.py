"""The administrator's home: accounts (filtered by role, team and status) and what can
be done to one: invite, change role or team, disable, enable, reset two-step sign-in,
send a password link. Teams are managed in ``app/web/teams.py``.

No page here shows anything of a family's case record.
"""

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.account import Role
from app.models.credentials import AccountInvite
from app.services.context import Actor
from app.services.errors import NotAllowed
from app.services.identity import accounts, administration, directory, totp
from app.services.identity.accounts import IssuedLink
from app.services.identity.administration import RoleChange, RoleChanged
from app.services.identity.directory import NO_TEAM, DirectoryFilter
from app.vocabulary import ACCOUNT_STATUSES, choices, staff
from app.web import filters
from app.web.deps import AdminDep
from app.web.forms import F, Form, FormDep, Parsed, form_context
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

STAFF_ROLES = (Role.social_worker, Role.team_lead, Role.admin)
ROLE_CHOICES = choices(Role)
STAFF_ROLE_CHOICES = choices(Role, only=STAFF_ROLES)
STATUS_CHOICES = list(ACCOUNT_STATUSES.items())

FILTER = Form(
    filters.choice("role", "Role", [r.value for r in Role], "Choose a role from the list"),
    F("team", "Team", kind="choice", invalid="Choose a team from the list"),
    filters.choice("status", "Status", ACCOUNT_STATUSES, "Choose active or disabled"),
)
INVITE = Form(
    F("display_name", "Full name", required="Enter the person's full name"),
    F(
        "email",
        "Email address",
        required="Enter their email address",
        invalid="Enter an email address in the correct format, like name@example.com",
    ),
    F(
        "role",
        "Role",
        kind="choice",
        required="Choose a role",
        choices=tuple(r.value for r in STAFF_ROLES),
        target="role",
    ),
    F("team_id", "Team", kind="choice", invalid="Choose a team from the list"),
)
ROLE_FORM = Form(
    F("role", "Role", kind="choice", required="Choose a role", target="role"),
    F("team_id", "Team", kind="choice", invalid="Choose a team from the list"),
    F("confirm_unallocated", "Confirm", kind="check", target="confirm_unallocated"),
    whole="role",
)
STATE_FORM = Form(F("is_active", "Status"), whole="is_active")


def _team_ids(teams: list[directory.TeamRow]) -> list[str]:
    return [str(t.id) for t in teams]


def _team_filter(team: str | None) -> uuid.UUID | Literal["none"] | None:
    if not team:
        return None
    return "none" if team == NO_TEAM else uuid.UUID(team)


@router.get("/accounts")
def accounts_page(request: Request, session: SessionDep, actor: AdminDep) -> Response:
    teams = directory.teams(session, actor)
    parsed = filters.read(FILTER, request.query_params, {"team": [*_team_ids(teams), NO_TEAM]})
    data = parsed.data
    wanted = DirectoryFilter(
        role=Role(data["role"]) if data.get("role") else None,
        team=_team_filter(data.get("team")),
        status=data.get("status") or None,
    )
    found = directory.directory(session, actor, wanted)
    context = form_context(parsed) | {
        "directory": found,
        "filtering": any(parsed.values.get(k) for k in ("role", "team", "status")),
        "role_choices": ROLE_CHOICES,
        "status_choices": STATUS_CHOICES,
        "nav": "accounts",
    }
    return render(request, "accounts.html", context, status_code=filters.status(parsed))


# --- inviting ----------------------------------------------------------------------------


def _invite_page(
    request: Request, session: Session, actor: Actor, parsed: Parsed | None = None
) -> Response:
    parsed = parsed or Parsed()
    context = form_context(parsed) | {
        "teams": directory.teams(session, actor),
        "role_choices": STAFF_ROLE_CHOICES,
        "nav": "accounts",
    }
    status = parsed.status if parsed.errors else 200
    return render(request, "accounts/invite.html", context, status_code=status)


@router.get("/accounts/invite")
def invite_page(request: Request, session: SessionDep, actor: AdminDep) -> Response:
    return _invite_page(request, session, actor)


def _issued_page(request: Request, issued: IssuedLink, title: str) -> Response:
    context = {"issued": issued, "title": title, "nav": "accounts"}
    return render(request, "accounts/link.html", context)


@router.post("/accounts/invite")
def invite(request: Request, session: SessionDep, actor: AdminDep, form: FormDep) -> Response:
    parsed = INVITE.parse(form)
    team = parsed.data.get("team_id")
    if team and team not in _team_ids(directory.teams(session, actor)):
        parsed.errors.append(INVITE.error("team_id", "Choose a team from the list"))
        parsed.data.pop("team_id")
    if parsed.data.get("role") in (Role.social_worker, Role.team_lead) and not team:
        parsed.errors.append(INVITE.error("team_id", "Choose the team this person works in"))
    data = INVITE.validate(AccountInvite, parsed)
    if data is not None:
        issued = INVITE.attempt(session, parsed, lambda: accounts.invite(session, actor, data))
        if issued is not None:
            return _issued_page(request, issued, "Account created")
    return _invite_page(request, session, actor, parsed)


# --- one account -------------------------------------------------------------------------


def _account_page(
    request: Request,
    session: Session,
    actor: Actor,
    user_id: uuid.UUID,
    parsed: Parsed | None = None,
    status: int = 200,
) -> Response:
    account = directory.account(session, actor, user_id)
    values: dict[str, Any] = {"role": account.role.value, "team_id": str(account.team_id or "")}
    if parsed is not None:
        values |= {k: v for k, v in parsed.values.items() if k in ("role", "team_id")}
        values["confirm_unallocated"] = parsed.values.get("confirm_unallocated")
    errors = parsed.errors if parsed else []
    context: dict[str, Any] = {
        "account": account,
        "teams": directory.teams(session, actor),
        "values": values,
        "errors": errors,
        "asks_to_confirm": any(e.get("href") == "#confirm_unallocated" for e in errors),
        "role_choices": STAFF_ROLE_CHOICES,
        "is_self": account.id == actor.user.id,
        "nav": "accounts",
    }
    return render(request, "accounts/account.html", context, status_code=status)


@router.get("/accounts/{user_id}")
def account_page(
    request: Request, session: SessionDep, actor: AdminDep, user_id: uuid.UUID
) -> Response:
    return _account_page(request, session, actor, user_id)


def _version(form: Any) -> int | None:
    raw = str(form.get("version") or "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _role_message(changed: RoleChanged) -> str:
    user = changed.user
    where = f" in {changed.team_name}" if changed.team_name else ""
    message = f"{user.display_name} is now {staff(user.role, Role).lower()}{where}"
    if changed.unallocated:
        count = administration.families_word(changed.unallocated)
        verb = "has" if changed.unallocated == 1 else "have"
        return (
            f"{message}. {count} now {verb} no allocated social worker: "
            "their team lead needs to allocate them"
        )
    if changed.ended_allocations:
        count = administration.families_word(changed.ended_allocations)
        return f"{message}. Their access to {count} of their old team ended"
    return message


@router.post("/accounts/{user_id}/role")
def change_role(
    request: Request, session: SessionDep, actor: AdminDep, form: FormDep, user_id: uuid.UUID
) -> Response:
    parsed = ROLE_FORM.parse(form)
    parsed.version = _version(form)
    data = ROLE_FORM.validate(RoleChange, parsed, version=parsed.version)
    if data is not None:
        changed = ROLE_FORM.attempt(
            session, parsed, lambda: administration.change_role(session, actor, user_id, data)
        )
        if changed is not None:
            return done(f"/accounts/{user_id}", _role_message(changed))
        if parsed.stale_refusal is not None:
            parsed.errors.append(ROLE_FORM.error("role", _STALE))
    return _account_page(request, session, actor, user_id, parsed, 409 if parsed.refused else 422)


_STALE = "This account was changed by someone else meanwhile. Check it and try again"


def _set_active(
    request: Request,
    session: Session,
    actor: Actor,
    form: Any,
    user_id: uuid.UUID,
    active: bool,
) -> Response:
    parsed = Parsed(version=_version(form))
    try:
        user = STATE_FORM.attempt(
            session,
            parsed,
            lambda: accounts.set_active(session, actor, user_id, active, parsed.version),
        )
    except NotAllowed as refusal:
        session.rollback()
        parsed.errors.append(STATE_FORM.error("is_active", refusal.reason))
        user = None
    if user is not None:
        if active:
            return done(f"/accounts/{user_id}", f"{user.display_name}’s account is enabled")
        words = f"{user.display_name}’s account is disabled and signed out everywhere"
        held = administration.families_allocated_to(session, user.id)
        if held:
            # their families stay allocated to them, so say who must act
            count = administration.families_word(held)
            words += (
                f". {count.capitalize()} still {'has' if held == 1 else 'have'} them as "
                "allocated social worker: their team lead needs to reallocate"
            )
        return done(f"/accounts/{user_id}", words)
    if parsed.stale_refusal is not None:
        parsed.errors.append(STATE_FORM.error("is_active", _STALE))
    return _account_page(request, session, actor, user_id, parsed, 409 if parsed.refused else 422)


@router.post("/accounts/{user_id}/disable")
def disable(
    request: Request, session: SessionDep, actor: AdminDep, form: FormDep, user_id: uuid.UUID
) -> Response:
    return _set_active(request, session, actor, form, user_id, False)


@router.post("/accounts/{user_id}/enable")
def enable(
    request: Request, session: SessionDep, actor: AdminDep, form: FormDep, user_id: uuid.UUID
) -> Response:
    return _set_active(request, session, actor, form, user_id, True)


@router.post("/accounts/{user_id}/two-step/reset")
def reset_two_step(session: SessionDep, actor: AdminDep, user_id: uuid.UUID) -> Response:
    account = directory.account(session, actor, user_id)
    had = totp.reset_enrolment(session, actor, user_id)
    words = (
        f"Two-step sign-in reset for {account.name}: they set it up again when they next sign in"
        if had
        else f"{account.name} had no authenticator app set up; nothing else changed"
    )
    return done(f"/accounts/{user_id}", words)


@router.post("/accounts/{user_id}/reset-link")
def reset_link(
    request: Request, session: SessionDep, actor: AdminDep, user_id: uuid.UUID
) -> Response:
    parsed = Parsed()
    issued = STATE_FORM.attempt(
        session, parsed, lambda: accounts.issue_reset(session, actor, user_id)
    )
    if issued is None:
        return _account_page(request, session, actor, user_id, parsed, 422)
    return _issued_page(request, issued, "Password link made")
