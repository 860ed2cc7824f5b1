"""The administrator's home: every account and every team."""

from fastapi import APIRouter, Request, Response

from app.http.deps import SessionDep
from app.services.identity import directory
from app.web.deps import AdminDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/accounts")
def accounts_page(request: Request, session: SessionDep, actor: AdminDep) -> Response:
    found = directory.directory(session, actor)
    return render(request, "accounts.html", {"directory": found, "nav": "accounts"})
