"""Progress entries: record, amend, mark entered in error, read with history, list.

There is no route that changes an entry in place or deletes one.
"""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import DateFrom, DateTo, Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.evidence import Significance
from app.services.evidence import entries
from app.services.evidence.corrections import CorrectionReason
from app.services.evidence.entries import (
    EntryAmend,
    EntryCreate,
    EntryHistory,
    EntryPage,
    EntryRead,
)

router = APIRouter(route_class=AuditedRoute, tags=["progress entries"])


@router.post(
    "/goals/{goal_id}/entries",
    response_model=EntryRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a progress entry against a goal",
    responses=answers(404, 409),
)
def create_entry(
    goal_id: uuid.UUID, body: EntryCreate, session: SessionDep, actor: ActorDep
) -> EntryRead:
    """Staff only. `recorded_at` is the server's time; `backdated` says whether the
    entry was written down on a later day than it happened."""
    return entries.create_entry(session, actor, goal_id, body)


@router.get(
    "/families/{family_id}/entries",
    response_model=EntryPage,
    summary="List a family's progress entries (current versions), newest first",
    responses=answers(404),
)
def list_entries(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    goal_id: uuid.UUID | None = None,
    significance: Significance | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EntryPage:
    return entries.list_entries(
        session,
        actor,
        family_id,
        goal_id=goal_id,
        significance=significance,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/entries/{entry_id}",
    response_model=EntryHistory,
    summary="Read a progress entry with its amendment history (oldest first)",
    responses=answers(404),
)
def read_entry(entry_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> EntryHistory:
    return entries.get_entry(session, actor, entry_id)


@router.post(
    "/entries/{entry_id}/amendments",
    response_model=EntryRead,
    status_code=status.HTTP_201_CREATED,
    summary="Amend a progress entry (adds a new version; the original stays readable)",
    responses=answers(404, 409),
)
def amend_entry(
    entry_id: uuid.UUID, body: EntryAmend, session: SessionDep, actor: ActorDep
) -> EntryRead:
    """Only the latest version can be amended: an older one answers 409 with the latest."""
    return entries.amend_entry(session, actor, entry_id, body)


@router.post(
    "/entries/{entry_id}/entered-in-error",
    response_model=EntryRead,
    summary="Mark a progress entry entered in error, with a reason",
    responses=answers(404, 409),
)
def mark_entry_in_error(
    entry_id: uuid.UUID, body: CorrectionReason, session: SessionDep, actor: ActorDep
) -> EntryRead:
    return entries.mark_entered_in_error(session, actor, entry_id, body.reason)
