"""Every route the application serves, read from the application itself.

FastAPI includes routers lazily: ``app.router.routes`` holds one entry per
included router, whose own routes (and further included routers) sit behind
``original_router`` with the prefix in ``include_context``. The JSON API is an
application of its own, mounted under its prefix.
"""

from typing import Any

from fastapi import FastAPI
from starlette.routing import Mount, Route

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _walk(routes: list[Any], prefix: str, found: dict[str, Any]) -> None:
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:
            children = list(original.routes) + list(getattr(original, "_low_priority_routes", []))
            _walk(children, prefix + route.include_context.prefix, found)
        elif isinstance(route, Mount) and isinstance(route.app, FastAPI):
            _walk(list(route.app.router.routes), prefix + route.path, found)  # the JSON API
        elif isinstance(route, Mount):
            continue  # static files: no records behind them
        elif isinstance(route, Route):
            for method in sorted((route.methods or set()) - IGNORED_METHODS):
                # the first route for an address wins, as when serving
                found.setdefault(f"{method} {prefix}{route.path}", route)
        else:
            raise AssertionError(f"unknown kind of route {route!r}: teach the walk about it")


def all_routes(app: FastAPI) -> dict[str, Any]:
    """``"METHOD /path"`` → route, for the JSON API and the pages alike."""
    found: dict[str, Any] = {}
    _walk(list(app.router.routes), "", found)
    return found
