"""cct serve."""

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = "127.0.0.1",
        port: int = 8000,
        workers: int = typer.Option(1, min=1, help="App processes sharing the database"),
        reload: bool = False,
    ) -> None:
        """Serve the web pages and the JSON API."""
        import uvicorn

        from app import logging as app_logging

        typer.echo(f"Serving on http://{host}:{port}")
        uvicorn.run(
            "app.main:app",
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            log_config=app_logging.config(),
        )
