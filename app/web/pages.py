"""Staff home pages: my caseload and the team dashboard."""

from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.views import caseload
from app.services.views.caseload import Show
from app.web import filters, paging
from app.web.deps import StaffDep, TeamLeadDep, WebActorDep, home_for
from app.web.forms import F, Form, as_uuid
from app.web.templating import render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

SHOW_TITLES = {
    Show.attention: "Families that need attention",
    Show.all: "All families",
    Show.overdue: "Families with overdue milestones",
    Show.reviews: "Families with a review due in 14 days",
    Show.decisions: "Families with a decision date within 4 weeks",
    Show.no_evidence: "Families with no evidence recorded in 28 days",
    Show.comments: "Families with new comments from parents",
    Show.not_on_course: "Families with goals not on course",
    Show.falling: "Families with a falling trend",
    Show.relapse: "Families with a relapse since the last stage-of-change rating",
}


@router.get("/")
def home(actor: WebActorDep) -> Response:
    return RedirectResponse(home_for(actor.role), status_code=303)


# the caseload has no filters, only pages: anything else in its address is an error
CASELOAD_FILTER = Form(filters.PAGE)
TEAM_FILTER = Form(
    filters.choice(
        "show", "Families to show", [s.value for s in Show], "Choose which families to show"
    ),
    F("worker", "Worker", invalid="Choose a worker from the list"),
    filters.PAGE,
)


def _address(path: str, pairs: dict[str, str], page: int) -> str:
    """A page of a list, keeping its filters (page 1 has no page number)."""
    query = urlencode({**pairs, **({"page": str(page)} if page > 1 else {})})
    return f"{path}?{query}" if query else path


@router.get("/caseload")
def my_caseload(request: Request, session: SessionDep, actor: StaffDep) -> Response:
    parsed = filters.read(CASELOAD_FILTER, request.query_params)
    listed = caseload.my_caseload(session, actor, page=int(parsed.data.get("page") or 1))
    links = paging.pagination(
        listed.page, listed.pages, lambda n: _address("/caseload", {}, n), "Caseload pages"
    )
    return render(
        request,
        "caseload.html",
        {"listed": listed, "pagination": links, "nav": "caseload", "errors": parsed.errors},
        fragment="families",
        status_code=filters.status(parsed),
    )


@router.get("/team")
def team_dashboard(request: Request, session: SessionDep, actor: TeamLeadDep) -> Response:
    parsed = filters.read(TEAM_FILTER, request.query_params)
    show = Show(parsed.data.get("show") or Show.attention.value)
    raw_worker = parsed.data.get("worker")
    worker = as_uuid(raw_worker) if raw_worker else None
    page = int(parsed.data.get("page") or 1)
    dashboard = caseload.team_dashboard(session, actor, show=show, worker_id=worker, page=page)
    workers = {w.worker_id: w.name for w in dashboard.workers if w.worker_id is not None}
    if raw_worker and worker not in workers:
        # not one of the team's workers: say so, and list the families without it
        parsed.errors.append(TEAM_FILTER.error("worker", "Choose a worker from the list"))
        dashboard = caseload.team_dashboard(session, actor, show=show, page=page)
        worker = None
    kept = {"show": show.value} | ({"worker": str(worker)} if worker else {})
    listed = dashboard.listed
    links = paging.pagination(
        listed.page, listed.pages, lambda n: _address("/team", kept, n), "Family list pages"
    )
    return render(
        request,
        "team.html",
        {
            "dashboard": dashboard,
            "pagination": links,
            "list_title": SHOW_TITLES[show],
            "worker_name": workers.get(worker) if worker else None,
            "show_choices": [(s.value, SHOW_TITLES[s]) for s in Show],
            "worker_choices": list(workers.items()),
            "values": {"show": show.value} | {k: v for k, v in parsed.values.items() if v},
            "errors": TEAM_FILTER.in_order(parsed.errors),
            "nav": "team",
        },
        fragment="dashboard",
        status_code=filters.status(parsed),
    )
