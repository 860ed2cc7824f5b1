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
        from pydantic import ValidationError

        from app import logging as app_logging
        from app.config import get_settings

        try:
            settings = get_settings()
        except ValidationError as exc:
            # refuse to start on settings that cannot work (production without its keys,
            # single sign-on without its client secret…), saying which
            for error in exc.errors():
                typer.echo(f"cct serve: {error['msg'].removeprefix('Value error, ')}", err=True)
            raise typer.Exit(2) from None
        # uvicorn by default believes X-Forwarded-For from 127.0.0.1; only configured proxies may
        # set the client address (it feeds the sign-in throttle and the audit trail)
        proxies = settings.trusted_proxy_list

        typer.echo(f"Serving on http://{host}:{port}")
        uvicorn.run(
            "app.main:app",
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            log_config=app_logging.config(),
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies,
        )
