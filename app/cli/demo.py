"""cct demo: load the demo case load and print the demo sign-ins."""

import time

import typer
from rich.console import Console
from rich.table import Table as RichTable

from app.cli.users import console as wide_console
from app.cli.users import fail, open_session
from app.demo import load as demo
from app.demo import text as demo_text


def print_sign_ins(console: Console) -> None:
    table = RichTable(title="Demo sign-ins", title_justify="left")
    table.add_column("Email", no_wrap=True)
    table.add_column("Role", no_wrap=True)
    table.add_column("Team or family")
    table.add_column("What to try")
    for sign_in in demo.demo_sign_ins():
        table.add_row(
            sign_in.email, sign_in.role.value.replace("_", " "), sign_in.team, sign_in.try_this
        )
    console.print(table)
    console.print(f"Every demo account uses the password: [bold]{demo_text.DEMO_PASSWORD}[/bold]")
    console.print(
        "For the JSON API, create a personal token: "
        "cct token create --email <an email above> --name demo"
    )


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def load_demo(
        if_empty: bool = typer.Option(
            False, "--if-empty", help="Load only when there are no families yet (safe to repeat)"
        ),
    ) -> None:
        """Load the demo case load: three teams and about forty invented families."""
        console = wide_console()
        with open_session() as session:
            try:
                demo.refuse_in_production()
            except demo.DemoRefused as exc:
                fail(str(exc))
            if if_empty and demo.has_families(session):
                if demo.demo_present(session):
                    console.print("The demo case load is already loaded.")
                    print_sign_ins(console)
                else:
                    console.print("The database already has families: demo case load not loaded.")
                return
            started = time.perf_counter()
            try:
                count = demo.load_demo(session)
            except demo.DemoRefused as exc:
                fail(str(exc))
        console.print(
            f"Loaded the demo case load: {count} families "
            f"in {time.perf_counter() - started:.1f} seconds."
        )
        print_sign_ins(console)
