"""cct seed: add invented families at scale, for benchmarks."""

import time

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.cli.users import fail, open_session
from app.demo import load as demo
from app.demo import text as demo_text


def register(app: typer.Typer) -> None:
    @app.command("seed")
    def seed(
        families: int = typer.Option(..., min=1, max=1_000_000, help="How many families to add"),
        entries_per_family: int = typer.Option(20, min=1, max=1000, help="Progress entries each"),
        prefix: str = typer.Option("SEED", help="Case reference prefix (PREFIX-000001 on)"),
        teams: int = typer.Option(
            len(demo.SEED_TEAMS), min=1, max=100_000, help="Teams of a lead and five workers"
        ),
        staff: str = typer.Option("Seed", help="Names the teams and sign-ins (Seed Team 1…)"),
    ) -> None:
        """Add invented families on top of what is there (never in production)."""
        console = Console()
        started = time.perf_counter()
        with (
            open_session() as session,
            Progress(
                TextColumn("Seeding families"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as progress,
        ):
            task = progress.add_task("seed", total=families)
            try:
                added = demo.seed_families(
                    session,
                    families,
                    entries_per_family,
                    prefix=prefix,
                    teams=teams,
                    staff=staff,
                    progress=lambda n: progress.advance(task, n),
                )
            except demo.DemoRefused as exc:
                fail(str(exc))
        console.print(
            f"Added {added} families with about {entries_per_family} progress entries each "
            f"in {time.perf_counter() - started:.1f} seconds."
        )
        console.print(
            f"Seed staff sign in as {staff.lower()}.lead.1@{demo_text.DEMO_DOMAIN} or "
            f"{staff.lower()}.worker.1.1@{demo_text.DEMO_DOMAIN} with the demo password."
        )
