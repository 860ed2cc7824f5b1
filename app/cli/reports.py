"""cct export | verify: reports for a whole team, and checking a file handed out earlier."""

import uuid
from datetime import datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlmodel import Session, col, select

from app.db import get_engine
from app.models.account import Role, Team, User
from app.models.report import ReportFormat, ReportKind
from app.services.context import Actor
from app.services.errors import DomainError, Invalid
from app.services.reporting import exports


def _actor(session: Session, team_name: str, email: str | None) -> Actor:
    """Who the export is recorded against: the named account, else the team's lead."""
    query = select(User).where(col(User.is_active).is_(True))
    if email:
        query = query.where(User.email == email.strip().lower())
    else:
        query = (
            query.join(Team, col(Team.id) == User.team_id)
            .where(Team.name == team_name, User.role == Role.team_lead)
            .order_by(col(User.email))
        )
    user = session.exec(query).first()
    if user is None:
        raise Invalid("as", "No active account to export as: name one with --as EMAIL")
    return Actor(user, client_address="cli")


def export(
    team: str = typer.Option(..., help="Team name"),
    report: ReportKind = typer.Option(
        ReportKind.chronology, help="chronology, review or assessment"
    ),
    fmt: ReportFormat = typer.Option(ReportFormat.pdf, "--format", help="pdf, docx or csv"),
    out: Path = typer.Option(..., help="Folder to write the files into"),
    as_email: str | None = typer.Option(None, "--as", help="Export as this account"),
    date_from: datetime | None = typer.Option(None, "--from", formats=["%Y-%m-%d"]),
    date_to: datetime | None = typer.Option(None, "--to", formats=["%Y-%m-%d"]),
) -> None:
    """Export a report of every family of a team (each export recorded and audited)."""
    out.mkdir(parents=True, exist_ok=True)
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            actor = _actor(session, team, as_email)
            family_ids: list[uuid.UUID] = exports.team_family_ids(session, actor, team)
        except DomainError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from exc
        written = 0
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ) as progress:
            task = progress.add_task(f"{report.value} ({fmt.value})", total=len(family_ids))
            for family_id in family_ids:
                done = exports.export_report(
                    session,
                    actor,
                    family_id,
                    report,
                    fmt,
                    start=date_from.date() if date_from else None,
                    end=date_to.date() if date_to else None,
                )
                (out / done.built.filename).write_bytes(done.built.content)
                written += 1
                progress.advance(task)
    typer.echo(f"Wrote {written} files to {out}")


def verify(file: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Say whether a report file is unchanged and whether its evidence has changed since."""
    with Session(get_engine(), expire_on_commit=False) as session:
        result = exports.verify(session, None, file.read_bytes())
    said = exports.answer(result)
    if said.verdict == exports.Verdict.not_verified:
        typer.echo(said.lines[0])
        typer.echo(said.headline)
        for line in said.lines[1:]:
            typer.echo(line)
        raise typer.Exit(int(said.verdict))
    for line in said.lines:
        typer.echo(line)
    typer.echo(said.headline)
    for line in said.changes:
        typer.echo(f"  - {line}")
    if said.verdict != exports.Verdict.unchanged:
        raise typer.Exit(int(said.verdict))


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("verify")(verify)
