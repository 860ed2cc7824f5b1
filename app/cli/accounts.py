"""cct user invite | reset-link | disable | enable | reset-two-step.

These join the ``cct user`` group if one is registered already, or start it.
The command line acts with an administrator's rights, and is audited as such.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlmodel import Session, select

from app.db import get_engine
from app.models.account import Role, Team, User
from app.models.credentials import AccountInvite, LinkPurpose
from app.services.errors import DomainError, Invalid, NotFound
from app.services.identity import accounts, totp


@contextmanager
def _session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


class PrintLink:
    """Delivery for the command line: the link is printed for the operator to pass on."""

    def deliver(self, user: User, purpose: LinkPurpose, link: str) -> None:
        what = "set up their account" if purpose == LinkPurpose.set_up else "reset their password"
        typer.echo(f"Give {user.email} this link to {what} (it works once, for 48 hours):")
        typer.echo(link)


def _fail(exc: DomainError) -> typer.Exit:
    message = f"{exc.field}: {exc.message}" if isinstance(exc, Invalid) else str(exc)
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=1)


def _user_id(session: Session, email: str) -> uuid.UUID:
    found = session.exec(select(User.id).where(User.email == email.strip().lower())).first()
    if found is None:
        raise NotFound("account")
    return found


def invite(
    email: str = typer.Option(..., help="Their email address (their sign-in name)"),
    name: str = typer.Option(..., help="Their name as others will see it"),
    role: Role = typer.Option(..., help="social_worker, team_lead, parent or admin"),
    team: str | None = typer.Option(None, help="Team name (social workers and team leads)"),
    member_id: uuid.UUID | None = typer.Option(None, help="Family member id (parents)"),
) -> None:
    """Create an account and print its one-time set-up link."""
    with _session() as session:
        try:
            team_id = None
            if team is not None:
                team_id = session.exec(select(Team.id).where(Team.name == team)).first()
                if team_id is None:
                    raise Invalid("team", f"No team called {team!r}")
            data = AccountInvite(
                email=email,
                display_name=name,
                role=role,
                team_id=team_id,
                family_member_id=member_id,
            )
            accounts.invite(session, None, data, PrintLink())
        except DomainError as exc:
            raise _fail(exc) from exc


def reset_link(email: str) -> None:
    """Print a one-time password reset link for an account."""
    with _session() as session:
        try:
            accounts.issue_reset(session, None, _user_id(session, email), PrintLink())
        except DomainError as exc:
            raise _fail(exc) from exc


def disable(email: str) -> None:
    """Disable an account; every session of it ends at once."""
    with _session() as session:
        try:
            accounts.set_active(session, None, _user_id(session, email), False)
        except DomainError as exc:
            raise _fail(exc) from exc
    typer.echo(f"{email} is disabled.")


def enable(email: str) -> None:
    """Enable a disabled account again."""
    with _session() as session:
        try:
            accounts.set_active(session, None, _user_id(session, email), True)
        except DomainError as exc:
            raise _fail(exc) from exc
    typer.echo(f"{email} is enabled.")


def reset_two_step(email: str) -> None:
    """Switch off an account's two-step sign-in; they set it up again at next sign-in."""
    with _session() as session:
        try:
            totp.reset_enrolment(session, None, _user_id(session, email))
        except DomainError as exc:
            raise _fail(exc) from exc
    typer.echo(f"Two-step sign-in for {email} is reset.")


def register(app: typer.Typer) -> None:
    group = next(
        (g.typer_instance for g in app.registered_groups if g.name == "user"),
        None,
    )
    if group is None:
        group = typer.Typer(help="Accounts", no_args_is_help=True)
        app.add_typer(group, name="user")
    group.command("invite")(invite)
    group.command("reset-link")(reset_link)
    group.command("disable")(disable)
    group.command("enable")(enable)
    group.command("reset-two-step")(reset_two_step)
