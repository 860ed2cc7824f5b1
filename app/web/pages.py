"""Staff home pages: my caseload and the team dashboard."""

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app.http.deps import SessionDep
from app.services.views import caseload
from app.services.views.caseload import Show
from app.web.deps import StaffDep, TeamLeadDep, WebActorDep, home_for
from app.web.templating import render

router = APIRouter(include_in_schema=False)

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


@router.get("/caseload")
def my_caseload(request: Request, session: SessionDep, actor: StaffDep) -> Response:
    families = caseload.my_caseload(session, actor)
    return render(
        request, "caseload.html", {"families": families, "nav": "caseload"}, fragment="families"
    )


@router.get("/team")
def team_dashboard(
    request: Request,
    session: SessionDep,
    actor: TeamLeadDep,
    show: Show = Show.attention,
    worker: uuid.UUID | None = None,
) -> Response:
    dashboard = caseload.team_dashboard(session, actor, show=show, worker_id=worker)
    worker_name = next((w.name for w in dashboard.workers if w.worker_id == worker), None)
    return render(
        request,
        "team.html",
        {
            "dashboard": dashboard,
            "list_title": SHOW_TITLES[show],
            "worker_name": worker_name,
            "nav": "team",
        },
        fragment="dashboard",
    )
