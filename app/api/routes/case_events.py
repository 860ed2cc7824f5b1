"""Case events: family-level events that belong to no goal (a police call-out, a
hospital attendance, a school exclusion). Record, amend, mark entered in error,
read with history, list. There is no route that changes one in place or deletes one.
"""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import DateFrom, DateTo, Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.evidence import EventSource
from app.services.evidence import case_events
from app.services.evidence.case_events import (
    CaseEventAmend,
    CaseEventCreate,
    CaseEventHistory,
    CaseEventPage,
    CaseEventRead,
)
from app.services.evidence.corrections import CorrectionReason

router = APIRouter(route_class=AuditedRoute, tags=["case events"])


@router.post(
    "/families/{family_id}/events",
    response_model=CaseEventRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a family-level event that belongs to no goal",
    responses=answers(404, 409),
)
def create_event(
    family_id: uuid.UUID, body: CaseEventCreate, session: SessionDep, actor: ActorDep
) -> CaseEventRead:
    """Staff only. `source` is police, health, education, probation, housing,
    other_agency, family or other; `significance_for_child` is the worker's own words.
    `occurred_on` may not be in the future; `recorded_at` is server time."""
    return case_events.create_event(session, actor, family_id, body)


@router.get(
    "/families/{family_id}/events",
    response_model=CaseEventPage,
    summary="List a family's events (current versions), newest first",
    responses=answers(404),
)
def list_events(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    source: EventSource | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CaseEventPage:
    return case_events.list_events(
        session,
        actor,
        family_id,
        source=source,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/events/{event_id}",
    response_model=CaseEventHistory,
    summary="Read an event with its amendment history (oldest first)",
    responses=answers(404),
)
def read_event(event_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> CaseEventHistory:
    return case_events.get_event(session, actor, event_id)


@router.post(
    "/events/{event_id}/amendments",
    response_model=CaseEventRead,
    status_code=status.HTTP_201_CREATED,
    summary="Amend an event (adds a new version, with a reason)",
    responses=answers(404, 409),
)
def amend_event(
    event_id: uuid.UUID, body: CaseEventAmend, session: SessionDep, actor: ActorDep
) -> CaseEventRead:
    """Only the latest version can be amended: an older one answers 409 with the latest."""
    return case_events.amend_event(session, actor, event_id, body)


@router.post(
    "/events/{event_id}/entered-in-error",
    response_model=CaseEventRead,
    summary="Mark an event entered in error, with a reason",
    responses=answers(404, 409),
)
def mark_event_in_error(
    event_id: uuid.UUID, body: CorrectionReason, session: SessionDep, actor: ActorDep
) -> CaseEventRead:
    return case_events.mark_entered_in_error(session, actor, event_id, body.reason)
