"""The ``cct`` command. Each group of commands lives in its own module here."""

import typer

from app.cli import accounts as accounts_cli
from app.cli import audit as audit_cli
from app.cli import backup as backup_cli
from app.cli import db, server
from app.cli import demo as demo_cli
from app.cli import keys as keys_cli
from app.cli import reports as reports_cli
from app.cli import seed as seed_cli
from app.cli import users as users_cli

app = typer.Typer(help="Capacity to Change Tracker", no_args_is_help=True)
app.add_typer(db.app, name="db")
server.register(app)
accounts_cli.register(app)
audit_cli.register(app)
backup_cli.register(app)
keys_cli.register(app)
reports_cli.register(app)
users_cli.register(app)
demo_cli.register(app)
seed_cli.register(app)

if __name__ == "__main__":
    app()
