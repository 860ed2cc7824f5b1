"""The ``cct`` command."""

from pathlib import Path

import typer

app = typer.Typer(help="Capacity to Change Tracker", no_args_is_help=True)
db_app = typer.Typer(help="The database", no_args_is_help=True)
app.add_typer(db_app, name="db")

ROOT = Path(__file__).resolve().parent.parent


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Bring the database schema up to date (safe to run every time)."""
    from alembic import command
    from alembic.config import Config

    from app.config import get_settings

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", get_settings().sqlalchemy_url.replace("%", "%%"))
    command.upgrade(config, revision)
    typer.echo(f"Database is at revision {revision}.")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = typer.Option(1, min=1, help="App processes sharing the database"),
    reload: bool = False,
) -> None:
    """Serve the web service and API."""
    import uvicorn

    typer.echo(f"Serving on http://{host}:{port}")
    uvicorn.run("app.main:app", host=host, port=port, workers=workers, reload=reload)


if __name__ == "__main__":
    app()
