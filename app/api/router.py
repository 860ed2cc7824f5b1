"""Every /api/v1 router, in one list."""

from fastapi import APIRouter

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
from app.http.routing import AuditedRoute

# the answer every operation can give, whatever it does
api_router = APIRouter(
    route_class=AuditedRoute,
    responses={
        503: {"description": "The database is busy; retry after the Retry-After seconds"},
    },
)
api_router.include_router(me.router)
api_router.include_router(entries_router)
api_router.include_router(stages_router)
api_router.include_router(reviews_router)
api_router.include_router(case_events_router)
api_router.include_router(comments_router)
api_router.include_router(timeline_router)
api_router.include_router(scores_router)
api_router.include_router(families_router)
api_router.include_router(assessments_router)
api_router.include_router(goals_router)
api_router.include_router(milestones_router)
api_router.include_router(reports_router)
api_router.include_router(incentives_router)
api_router.include_router(accounts_routes.router)
api_router.include_router(administration_routes.router)
api_router.include_router(audit_routes.router)
