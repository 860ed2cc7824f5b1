"""cct backup PATH, cct restore PATH: the embedded SQLite database."""

from pathlib import Path

import typer
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.services import backup as backups


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup(path: Path = typer.Argument(..., help="The new backup file")) -> None:
        """Copy the live SQLite database to PATH, safely while the service runs."""
        try:
            with Session(get_engine()) as session:
                backups.backup(session, get_settings().sqlalchemy_url, path)
        except backups.BackupError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(code=1) from exc
        typer.echo(f"Backed up to {path} (integrity checked).")

    @app.command("restore")
    def restore(
        path: Path = typer.Argument(..., help="A backup made by 'cct backup'"),
        yes: bool = typer.Option(False, "--yes", help="Don't ask before replacing the data"),
    ) -> None:
        """Check a backup, then replace the database with it. Stop the service first."""
        try:
            revision = backups.check(path)
            if not yes:
                typer.confirm(
                    f"{path} is sound (schema {revision}). Replace every record in the "
                    "database with it?",
                    abort=True,
                )
            with Session(get_engine()) as session:
                backups.restore(session, get_settings().sqlalchemy_url, path)
        except backups.BackupError as exc:
            typer.echo(f"Error: {exc.message}", err=True)
            raise typer.Exit(code=1) from exc
        typer.echo(f"Restored from {path}.")
