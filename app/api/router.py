"""Every /api/v1 router, in one list."""

from typing import Any

from fastapi import APIRouter, FastAPI

from app.api.routes import accounts as accounts_routes
from app.api.routes import administration as administration_routes
from app.api.routes import audit as audit_routes
from app.api.routes import me
from app.api.routes.assessments import router as assessments_router
from app.api.routes.case_events import router as case_events_router
from app.api.routes.comments import router as comments_router
from app.api.routes.entries import router as entries_router
from app.api.routes.families import router as families_router
from app.api.routes.goals import router as goals_router
from app.api.routes.incentives import router as incentives_router
from app.api.routes.milestones import router as milestones_router
from app.api.routes.reports import router as reports_router
from app.api.routes.reviews import router as reviews_router
from app.api.routes.scores import router as scores_router
from app.api.routes.stages import router as stages_router
from app.api.routes.timeline import router as timeline_router

# the answer every operation can give, whatever it does
RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {"description": "The database is busy; retry after the Retry-After seconds"},
}
ROUTERS: list[APIRouter] = [
    me.router,
    entries_router,
    stages_router,
    reviews_router,
    case_events_router,
    comments_router,
    timeline_router,
    scores_router,
    families_router,
    assessments_router,
    goals_router,
    milestones_router,
    reports_router,
    incentives_router,
    accounts_routes.router,
    administration_routes.router,
    audit_routes.router,
]


def install(api: FastAPI) -> None:
    """Include every router in the API application itself, not in a router of routers:
    each level of inclusion is searched again for every request."""
    for router in ROUTERS:
        api.include_router(router, responses=RESPONSES)
