"""cct user create | list, cct team create | list, cct token create.

Accounts are made through the account service (the same checks as an
administrator in the browser): the account is invited, then its set-up link is
redeemed at once with the password given here. Errors are printed plainly with
a non-zero exit code, never as a traceback.
"""

import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table as RichTable
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, col, select

from app.db import get_engine
from app.models.account import Role, Team, User
from app.models.credentials import AccountInvite
from app.models.family import FamilyMember
from app.services.errors import DomainError, Invalid
from app.services.identity import accounts, administration, auth, passwords
from app.services.identity.accounts import ShowToIssuer

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

team_app = typer.Typer(help="Teams", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens for /api/v1", no_args_is_help=True)


def fail(message: str) -> NoReturn:
    typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code=1)


def _domain_message(exc: DomainError) -> str:
    return f"{exc.field}: {exc.message}" if isinstance(exc, Invalid) else str(exc)


@contextmanager
def open_session() -> Iterator[Session]:
    """A database session; settings and connection problems become plain errors."""
    try:
        engine = get_engine()
    except ValidationError as exc:
        fail(f"the settings are not valid: {exc.errors()[0]['msg']}")
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    except (OperationalError, ProgrammingError) as exc:
        problem = str(exc.orig)
        if "no such table" in problem or "does not exist" in problem:
            fail(f"the database is not ready ({problem}). Run `cct db upgrade` first.")
        fail(f"the database could not be used: {problem}")


def console() -> Console:
    """Rich output; piped or logged output gets room for the whole table."""
    found = Console()
    return found if found.is_terminal else Console(width=150)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def create_user(
    email: str = typer.Option(..., help="Their email address (their sign-in name)"),
    name: str = typer.Option(..., help="Their name as others will see it"),
    role: Role = typer.Option(..., help="social_worker, team_lead, parent or admin"),
    team: str | None = typer.Option(None, help="Team name (social workers and team leads)"),
    member_id: uuid.UUID | None = typer.Option(None, help="Family member id (parents)"),
    password_stdin: bool = typer.Option(False, help="Read the password from standard input"),
) -> None:
    """Create an account with a password (asked for twice unless read from standard input)."""
    if not _EMAIL.match(email.strip()):
        fail("email: enter an email address like name@example.org")
    if team is not None and role not in (Role.social_worker, Role.team_lead):
        fail("--team is only for social workers and team leads")
    if role in (Role.social_worker, Role.team_lead) and team is None:
        fail(f"a {role.value.replace('_', ' ')} needs --team (see `cct team list`)")
    if role == Role.parent and member_id is None:
        fail("a parent account needs --member-id: the family member it speaks for")
    with open_session() as session:
        team_id = None
        if team is not None:
            team_id = session.exec(select(Team.id).where(Team.name == team)).first()
            if team_id is None:
                fail(f"there is no team called {team!r}. Create it with: cct team create {team!r}")
        try:
            data = AccountInvite(
                email=email,
                display_name=name,
                role=role,
                team_id=team_id,
                family_member_id=member_id,
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            fail(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
        password = _read_password(password_stdin)
        try:
            passwords.check(password, personal=(email, name))
            issued = accounts.invite(session, None, data, ShowToIssuer())
            accounts.redeem(session, issued.link.rsplit("/", 1)[-1], password, request_id="cli")
        except DomainError as exc:
            fail(_domain_message(exc))
    where = f" in {team}" if team else ""
    typer.echo(f"Created {role.value.replace('_', ' ')} account {issued.user.email}{where}.")


def list_users() -> None:
    """List every account, with role, team and whether it is active."""
    with open_session() as session:
        rows = session.exec(
            select(User, Team.name, FamilyMember.full_name)
            .outerjoin(Team, col(Team.id) == col(User.team_id))
            .outerjoin(FamilyMember, col(FamilyMember.id) == col(User.family_member_id))
            .order_by(col(User.role), col(User.email))
        ).all()
    table = RichTable("Email", "Name", "Role", "Team", "Speaks for", "Active")
    for user, team_name, member_name in rows:
        table.add_row(
            user.email,
            user.display_name,
            user.role.value,
            team_name or "",
            member_name or "",
            "yes" if user.is_active else "no",
        )
    console().print(table)


@team_app.command("create")
def create_team(
    name: str = typer.Argument(..., help="The team's name, e.g. 'Kestrel Team'"),
) -> None:
    """Create a team, so social workers and team leads can join it."""
    with open_session() as session:
        try:
            team = administration.create_team(session, None, name)
        except DomainError as exc:
            fail(_domain_message(exc))
    typer.echo(f"Created team {team.name!r}.")


@team_app.command("rename")
def rename_team(
    name: str = typer.Argument(..., help="The team's name now"),
    new_name: str = typer.Argument(..., help="Its new name"),
) -> None:
    """Rename a team (the same rules as the accounts page)."""
    with open_session() as session:
        try:
            team_id = session.exec(select(Team.id).where(Team.name == name.strip())).first()
            if team_id is None:
                raise Invalid("name", f"there is no team called {name!r} (see `cct team list`)")
            team = administration.rename_team(session, None, team_id, new_name)
        except DomainError as exc:
            fail(_domain_message(exc))
    typer.echo(f"Renamed team {name.strip()!r} to {team.name!r}.")


@team_app.command("list")
def list_teams() -> None:
    """List the teams and how many active accounts each has."""
    with open_session() as session:
        teams = session.exec(select(Team).order_by(col(Team.name))).all()
        users = session.exec(select(User.team_id).where(col(User.is_active))).all()
    table = RichTable("Team", "Active accounts")
    for team in teams:
        table.add_row(team.name, str(sum(1 for t in users if t == team.id)))
    console().print(table)


@token_app.command("create")
def create_token(
    email: str = typer.Option(..., help="Whose token: their email address"),
    name: str = typer.Option(..., help="What the token is for, e.g. 'laptop' or 'benchmark'"),
) -> None:
    """Create a personal API token. It is shown once; only its hash is kept."""
    label = name.strip()
    if not 1 <= len(label) <= 120:
        fail("name: give the token a name of 1 to 120 characters")
    with open_session() as session:
        user = session.exec(select(User).where(User.email == auth.normalise_email(email))).first()
        if user is None:
            fail(f"email: there is no account with the email address {email}")
        if not user.is_active:
            fail(f"email: the account {user.email} is disabled")
        token = auth.create_api_token(session, user, label)
    typer.echo(f"API token for {user.email} ({label}). It is shown only this once:")
    typer.echo(token)
    typer.echo("Send it as the header  Authorization: Bearer <token>")


def register(app: typer.Typer) -> None:
    """Add `user create` and `user list` to the `user` group; the team and token groups."""
    group = next((g.typer_instance for g in app.registered_groups if g.name == "user"), None)
    if group is None:
        group = typer.Typer(help="Accounts", no_args_is_help=True)
        app.add_typer(group, name="user")
    group.command("create")(create_user)
    group.command("list")(list_users)
    app.add_typer(team_app, name="team")
    app.add_typer(token_app, name="token")
