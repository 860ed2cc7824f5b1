"""cct db …: the database schema."""

from pathlib import Path

import typer
from alembic import command
from alembic.config import Config

from app.config import get_settings

app = typer.Typer(help="The database", no_args_is_help=True)

ROOT = Path(__file__).resolve().parent.parent.parent


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option(
        "sqlalchemy.url", (url or get_settings().sqlalchemy_url).replace("%", "%%")
    )
    return config


@app.command("upgrade")
def upgrade(revision: str = "head") -> None:
    """Bring the database schema up to date (safe to run every time)."""
    command.upgrade(alembic_config(), revision)
    typer.echo(f"Database schema is up to date ({revision}).")
