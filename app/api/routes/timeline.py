"""A family's timeline: every event, newest first."""

import uuid

from fastapi import APIRouter, Response

from app.api.deps import ActorDep
from app.api.routes.evidence_common import DateFrom, DateTo, Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.views import timeline
from app.services.views.timeline import TimelinePage

router = APIRouter(route_class=AuditedRoute, tags=["timeline"])


@router.get(
    "/families/{family_id}/timeline",
    response_model=TimelinePage,
    summary="A family's events, newest first: entries, ratings, reviews, plan events, comments",
    responses=answers(404),
)
def family_timeline(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    significant_only: bool = False,
    goal_id: uuid.UUID | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    """Amended records show their current version, flagged `amended`. Staff also see
    records entered in error, flagged; parents see only what is shared with the family."""
    # The page is already a validated TimelinePage: dumped here, FastAPI does not
    # validate it a second time (a third of the request's time with 50 events).
    # ``response_model`` still describes the answer in the OpenAPI document.
    page = timeline.family_timeline(
        session,
        actor,
        family_id,
        date_from=date_from,
        date_to=date_to,
        significant_only=significant_only,
        goal_id=goal_id,
        limit=limit,
        offset=offset,
    )
    return Response(page.model_dump_json(), media_type="application/json")
