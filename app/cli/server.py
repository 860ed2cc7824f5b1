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
        from app.config import get_settings

        # uvicorn by default believes X-Forwarded-For from 127.0.0.1; only configured proxies may
        # set the client address (it feeds the sign-in throttle and the audit trail)
        proxies = get_settings().trusted_proxy_list

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
