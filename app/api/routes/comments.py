"""Parents' own views on their plan. Written by parents only; never edited or deleted."""

import uuid

from fastapi import APIRouter, status

from app.api.deps import ActorDep
from app.api.routes.evidence_common import Limit, Offset, answers
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.evidence import comments
from app.services.evidence.comments import (
    CommentCreate,
    CommentPage,
    CommentRead,
    ResponseCreate,
    ResponseRead,
    SeenRequest,
    SeenResult,
)

router = APIRouter(route_class=AuditedRoute, tags=["parent comments"])


@router.post(
    "/families/{family_id}/comments",
    response_model=CommentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a parent's own view on a goal or a progress entry",
    responses=answers(404, 409),
)
def create_comment(
    family_id: uuid.UUID, body: CommentCreate, session: SessionDep, actor: ActorDep
) -> CommentRead:
    """Parents and carers only, on their own family. Give exactly one of `goal_id` and
    `entry_id`; the stance is agree, disagree or comment."""
    return comments.create_comment(session, actor, family_id, body)


@router.get(
    "/families/{family_id}/comments",
    response_model=CommentPage,
    summary="List a family's parent comments, newest first",
    responses=answers(404),
)
def list_comments(
    family_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    goal_id: uuid.UUID | None = None,
    entry_id: uuid.UUID | None = None,
    unseen_only: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CommentPage:
    """Staff see every comment of the family; a parent sees their own."""
    return comments.list_comments(
        session,
        actor,
        family_id,
        goal_id=goal_id,
        entry_id=entry_id,
        unseen_only=unseen_only,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/families/{family_id}/comments/seen",
    response_model=SeenResult,
    summary="Mark a family's parent comments seen",
    responses=answers(404, 409),
)
def mark_seen(
    family_id: uuid.UUID, body: SeenRequest, session: SessionDep, actor: ActorDep
) -> SeenResult:
    """Staff only. Without `comment_ids`, marks every unseen comment of the family."""
    return comments.mark_seen(session, actor, family_id, body.comment_ids)


@router.post(
    "/comments/{comment_id}/responses",
    response_model=ResponseRead,
    status_code=status.HTTP_201_CREATED,
    summary="Answer a parent's view",
    responses=answers(404, 409),
)
def respond(
    comment_id: uuid.UUID, body: ResponseCreate, session: SessionDep, actor: ActorDep
) -> ResponseRead:
    """Staff only. The parent reads the answer beside their view; a view marked
    `significant` goes into the court chronology with the answer."""
    return comments.respond(session, actor, comment_id, body)
