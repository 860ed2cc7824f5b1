"""cct audit verify | export | sign-ins, and cct export-family (subject access requests)."""

from pathlib import Path

import typer
from sqlmodel import Session, select

from app.db import get_engine
from app.models.family import Family
from app.services.audit import trail as audit_trail
from app.services.cases import export_family
from app.services.errors import NotFound
from app.services.identity import sign_ins

app = typer.Typer(help="The audit trail", no_args_is_help=True)


def _session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


@app.command("verify")
def verify(
    family: str | None = typer.Option(None, help="Check only this family's case reference"),
) -> None:
    """Check the audit trail's hash chains; name the first broken link of each."""
    with _session() as session:
        family_id = None
        if family is not None:
            family_id = session.exec(
                select(Family.id).where(Family.case_reference == family)
            ).first()
            if family_id is None:
                typer.echo(f"Error: no family with case reference {family}", err=True)
                raise typer.Exit(code=1)
        count, breaks = audit_trail.verify(session, family_id)
        for broken in breaks:
            where = f"event {broken.event_id}" if broken.event_id else "the end"
            typer.echo(
                f"BROKEN: {audit_trail.describe_chain(session, broken.chain)}, "
                f"{where} (position {broken.seq}): {broken.reason}"
            )
    if breaks:
        raise typer.Exit(code=1)
    typer.echo(f"The audit trail is intact ({count} chain{'s' if count != 1 else ''} checked).")


@app.command("export")
def export(
    family: str = typer.Option(..., help="The family's case reference"),
    out: Path = typer.Option(..., help="The CSV file to write"),
) -> None:
    """Write a family's audit trail as CSV (the export itself is audited)."""
    with _session() as session:
        try:
            count = audit_trail.export_csv(session, family, out)
        except NotFound as exc:
            typer.echo(f"Error: no family with case reference {family}", err=True)
            raise typer.Exit(code=1) from exc
    typer.echo(f"Wrote {count} events to {out}.")


@app.command("sign-ins")
def sign_in_failures(
    hours: int = typer.Option(24, min=1, max=24 * 90, help="How far back to look"),
    limit: int = typer.Option(200, min=1, max=sign_ins.MAX_ROWS, help="At most this many"),
) -> None:
    """Failed sign-ins, newest first, and the accounts and addresses locked out now."""
    with _session() as session:
        found = sign_ins.report(session, None, hours=hours, limit=limit)
    if found.lockouts:
        typer.echo("Locked out now:")
        for lock in found.lockouts:
            typer.echo(
                f"  {lock.kind} {lock.who}: {lock.failures} failures, "
                f"until {lock.until:%Y-%m-%d %H:%M} UTC"
            )
    else:
        typer.echo("No account or address is locked out.")
    typer.echo(f"{len(found.failures)} failed sign-ins since {found.since:%Y-%m-%d %H:%M} UTC")
    for f in found.failures:
        who = f.email or "(no such account)"
        typer.echo(
            f"  {f.at:%Y-%m-%d %H:%M:%S}  {f.step:<11}  {f.outcome:<9}  {who}  "
            f"from {f.client_address or '-'}  request {f.request_id or '-'}"
        )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="audit")

    @root.command("export-family")
    def export_family_command(
        reference: str = typer.Argument(..., help="The family's case reference"),
        out: Path = typer.Option(..., help="The JSON file to write"),
    ) -> None:
        """Everything held about one family, as JSON, for a subject access request."""
        with _session() as session:
            try:
                counts = export_family.export_family(session, reference, out)
            except NotFound as exc:
                typer.echo(f"Error: no family with case reference {reference}", err=True)
                raise typer.Exit(code=1) from exc
        total = sum(counts.values())
        typer.echo(f"Wrote {total} records about {reference} to {out}.")
