"""The ``cct`` command. Each group of commands lives in its own module here."""

import typer

from app.cli import db, server

app = typer.Typer(help="Capacity to Change Tracker", no_args_is_help=True)
app.add_typer(db.app, name="db")
server.register(app)

if __name__ == "__main__":
    app()
