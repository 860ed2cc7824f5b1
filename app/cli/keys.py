"""cct keys generate | rotate: the key that encrypts secrets at rest."""

import typer
from sqlmodel import Session

from app import crypto
from app.db import get_engine
from app.services.identity import keys

app = typer.Typer(help="The key that encrypts secrets at rest", no_args_is_help=True)


@app.command("generate")
def generate() -> None:
    """Print a new key for CCT_ENCRYPTION_KEY."""
    typer.echo(crypto.generate_key())


@app.command("rotate")
def rotate() -> None:
    """Re-encrypt every stored secret under the first key of CCT_ENCRYPTION_KEY.

    Put the new key first and keep the old one after it (NEW,OLD), run this, then
    drop the old key.
    """
    try:
        with Session(get_engine(), expire_on_commit=False) as session:
            count = keys.rotate(session)
    except crypto.InvalidToken:
        typer.echo(
            "Error: a stored secret opens with none of the keys in CCT_ENCRYPTION_KEY; "
            "list the new key first and the old one after it",
            err=True,
        )
        raise typer.Exit(code=1) from None
    typer.echo(f"Re-encrypted {count} secret{'s' if count != 1 else ''} under the newest key")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
