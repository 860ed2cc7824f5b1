"""cct user invite | reset-link | disable | enable | reset-two-step | set-role | move.

These join the ``cct user`` group if one is registered already, or start it.
The command line acts with an administrator's rights through the same services
as the accounts pages (the same guard rails), and is audited as the command line
(no person, request id ``cli``).
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
from app.services.identity import accounts, administration, totp
from app.services.identity.administration import RoleChange, RoleChanged


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


def _team_id(session: Session, name: str) -> uuid.UUID:
    found = session.exec(select(Team.id).where(Team.name == name.strip())).first()
    if found is None:
        raise Invalid("team", f"No team called {name!r} (see `cct team list`)")
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
            team_id = _team_id(session, team) if team is not None else None
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


CONFIRM = typer.Option(
    False,
    "--confirm-unallocated",
    help="Go ahead although some families will be left with no allocated social worker",
)


def _changed(email: str, changed: RoleChanged) -> str:
    where = f" in {changed.team_name}" if changed.team_name else ""
    words = f"{email} is now {changed.user.role.value.replace('_', ' ')}{where}."
    if changed.ended_allocations:
        count = administration.families_word(changed.ended_allocations)
        words += f" Their allocation to {count} of their old team ended."
    if changed.unallocated:
        count = administration.families_word(changed.unallocated)
        words += f" {count.capitalize()} now need allocating by their team lead."
    return words


def _change(email: str, role: Role | None, team: str | None, confirm: bool) -> None:
    with _session() as session:
        try:
            user = session.exec(select(User).where(User.email == email.strip().lower())).first()
            if user is None:
                raise NotFound("account")
            new_role = role or user.role
            # a social worker or team lead keeps their team unless another is named
            kept = user.team_id if new_role in administration.STAFF_ROLES else None
            change = RoleChange(
                role=new_role,
                team_id=_team_id(session, team) if team is not None else kept,
                confirm_unallocated=confirm,
            )
            changed = administration.change_role(session, None, user.id, change)
        except DomainError as exc:
            raise _fail(exc) from exc
    typer.echo(_changed(email.strip().lower(), changed))


def set_role(
    email: str = typer.Argument(..., help="Their email address"),
    role: Role = typer.Argument(..., help="social_worker, team_lead or admin"),
    team: str | None = typer.Option(None, help="Their team (social workers and team leads)"),
    confirm_unallocated: bool = CONFIRM,
) -> None:
    """Give an account another role: the same rules as the accounts page."""
    _change(email, role, team, confirm_unallocated)


def move(
    email: str = typer.Argument(..., help="Their email address"),
    team: str = typer.Argument(..., help="The team's name"),
    confirm_unallocated: bool = CONFIRM,
) -> None:
    """Move a social worker or team lead to another team; a social worker's allocations
    in the old team end."""
    _change(email, None, team, confirm_unallocated)


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
    group.command("set-role")(set_role)
    group.command("move")(move)
