"""Stand-in pages for home pages other parts of the service will provide.

Included last: routes match in order, so a real page for the same address,
included earlier, always wins.
"""

from collections.abc import Callable

from fastapi import APIRouter, FastAPI, Request, Response

from app.web.deps import WebActorDep
from app.web.templating import render

PAGES = {
    "/your-plan": ("Your plan", "plan"),
    "/accounts": ("Accounts", "accounts"),
}


def _page(title: str, nav: str) -> Callable[[Request, WebActorDep], Response]:
    def page(request: Request, actor: WebActorDep) -> Response:
        return render(request, "placeholder.html", {"title": title, "nav": nav})

    return page


def add_placeholders(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)
    for path, (title, nav) in PAGES.items():
        router.add_api_route(path, _page(title, nav), methods=["GET"])
    app.include_router(router)
