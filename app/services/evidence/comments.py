"""Parents' own views: a comment, agreement or disagreement on a goal or an entry.

Only a parent or carer with an account writes them, on their own family, in
their own name; nobody edits or deletes them. Staff read them, each with the goal
or entry it is about, mark them seen (the caseload shows which are new), and answer
them: the parent reads the answer beside their view.
"""

import uuid
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field as PydanticField
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, func, select, update

from app import db
from app.models.account import User
from app.models.base import utcnow
from app.models.evidence import ParentComment, ProgressEntry, Stance, ViewResponse
from app.models.plan import Goal
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import corrections
from app.services.evidence.corrections import Printable

# the entry a comment is on, aliased once: aliasing it afresh for every query cost
# about a twelfth of a family page's time (py-spy), each column adapted again
_ON_ENTRY: Any = aliased(ProgressEntry)

CommentText = Annotated[str, PydanticField(min_length=1, max_length=5000), Printable]


class CommentCreate(SQLModel):
    """A parent's view on exactly one goal or one progress entry."""

    goal_id: uuid.UUID | None = None
    entry_id: uuid.UUID | None = None
    stance: Stance = Stance.comment
    text: CommentText


class ResponseCreate(SQLModel):
    """A worker's answer to a parent's view."""

    text: CommentText
    # the view matters to the case: it goes into the court chronology, with this answer
    significant: bool = False


class ResponseRead(SQLModel):
    id: uuid.UUID
    family_id: uuid.UUID
    comment_id: uuid.UUID
    text: str
    significant: bool
    recorded_by_id: uuid.UUID
    recorded_by_name: str
    recorded_at: datetime


class CommentRead(SQLModel):
    id: uuid.UUID
    family_id: uuid.UUID
    author_id: uuid.UUID
    author_name: str
    member_id: uuid.UUID
    goal_id: uuid.UUID | None
    entry_id: uuid.UUID | None
    stance: Stance
    text: str
    recorded_at: datetime
    # when a worker first saw it
    seen_at: datetime | None
    # the goal it is about (an entry's goal for a view on an entry)
    goal_title: str | None = None
    # the workers' answers, oldest first
    responses: list[ResponseRead] = []


class CommentPage(SQLModel):
    items: list[CommentRead]
    total: int
    limit: int
    offset: int


class SeenRequest(SQLModel):
    """Which comments to mark seen; none listed means every unseen one of the family."""

    comment_ids: list[uuid.UUID] | None = PydanticField(default=None, max_length=500)


class SeenResult(SQLModel):
    marked: int


def to_read(
    comment: ParentComment,
    author_name: str,
    goal_title: str | None = None,
    responses: list[ResponseRead] | None = None,
) -> CommentRead:
    return CommentRead(
        **comment.model_dump(),
        author_name=author_name,
        goal_title=goal_title,
        responses=responses or [],
    )


def responses_to(
    session: Session, comment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ResponseRead]]:
    """The answers to these views, oldest first, by view (one query)."""
    found: dict[uuid.UUID, list[ResponseRead]] = {}
    if not comment_ids:
        return found
    rows = session.exec(
        select(ViewResponse, User.display_name)
        .join(User, col(User.id) == ViewResponse.recorded_by_id)
        .where(col(ViewResponse.comment_id).in_(comment_ids))
        .order_by(col(ViewResponse.recorded_at), col(ViewResponse.id))
    ).all()
    for response, name in rows:
        found.setdefault(response.comment_id, []).append(
            ResponseRead(**response.model_dump(), recorded_by_name=name)
        )
    return found


def get_comment(session: Session, actor: Actor, comment_id: uuid.UUID) -> CommentRead:
    """One view with the goal it is about and its answers (a parent: only their own)."""
    comment = access.get_record(session, actor, ParentComment, comment_id)
    goal_id = comment.goal_id
    if goal_id is None and comment.entry_id is not None:
        goal_id = session.exec(
            select(ProgressEntry.goal_id).where(ProgressEntry.id == comment.entry_id)
        ).first()
    title = session.exec(select(Goal.title).where(Goal.id == goal_id)).first() if goal_id else None
    author = session.exec(select(User.display_name).where(User.id == comment.author_id)).one()
    answers = responses_to(session, [comment.id]).get(comment.id)
    audit.record_now(session, actor, "read", "parentcomment", comment.id, comment.family_id)
    return to_read(comment, author, title, answers)


def respond(
    session: Session, actor: Actor, comment_id: uuid.UUID, data: ResponseCreate
) -> ResponseRead:
    """A worker answers a parent's view (which also marks it seen); staff only."""
    access.require_staff(actor)
    comment = access.get_record(session, actor, ParentComment, comment_id, for_update=True)
    response = ViewResponse(
        family_id=comment.family_id,
        comment_id=comment.id,
        text=data.text,
        significant=data.significant,
        recorded_by_id=actor.user.id,
    )
    session.add(response)
    if comment.seen_at is None:
        comment.seen_at = utcnow()
        session.add(comment)
    session.flush()
    audit.record(session, actor, "create", "viewresponse", response.id, comment.family_id)
    session.commit()
    return ResponseRead(**response.model_dump(), recorded_by_name=actor.user.display_name)


def _check_target(
    session: Session, actor: Actor, family_id: uuid.UUID, data: CommentCreate
) -> None:
    """The goal must be one the parent can see; the entry one shared with them."""
    if (data.goal_id is None) == (data.entry_id is None):
        raise Invalid("goal_id", "Choose either a goal or a progress entry to comment on")
    if data.goal_id is not None:
        found = session.exec(
            select(Goal.id).where(
                Goal.id == data.goal_id, Goal.family_id == family_id, access.goal_visible(actor)
            )
        ).first()
        if found is None:
            raise Invalid("goal_id", "Choose a goal from your family's plan")
    else:
        found = session.exec(
            select(ProgressEntry.id)
            .join(Goal, col(Goal.id) == ProgressEntry.goal_id)
            .where(
                ProgressEntry.id == data.entry_id,
                ProgressEntry.family_id == family_id,
                access.goal_visible(actor),
                *corrections.parent_view(actor, ProgressEntry),
            )
        ).first()
        if found is None:
            raise Invalid("entry_id", "Choose a progress entry shared with your family")


def create_comment(
    session: Session, actor: Actor, family_id: uuid.UUID, data: CommentCreate
) -> CommentRead:
    """Record a parent's own view, with their name and the time; parents only."""
    if not actor.is_parent or actor.user.family_member_id is None:
        raise access.RoleRefused(actor, "record")
    family = access.get_family(session, actor, family_id)
    _check_target(session, actor, family.id, data)
    comment = ParentComment(
        **data.model_dump(),
        family_id=family.id,
        author_id=actor.user.id,
        member_id=actor.user.family_member_id,
    )
    session.add(comment)
    session.flush()
    audit.record(session, actor, "create", "parentcomment", comment.id, family.id)
    session.commit()
    return to_read(comment, actor.user.display_name)


@lru_cache(maxsize=16)
def _list_statements(by_author: bool, on_goal: bool, on_entry: bool, unseen_only: bool) -> Any:
    """The count and the page of a family's comments, built once for each kind of list,
    every value bound at execution (built per request they were a tenth of the list's time)."""
    conditions: list[Any] = [
        ParentComment.family_id == sa.bindparam("comments_family_id", type_=sa.Uuid)
    ]
    if by_author:
        conditions.append(
            ParentComment.author_id == sa.bindparam("comments_author_id", type_=sa.Uuid)
        )
    if on_goal:
        conditions.append(ParentComment.goal_id == sa.bindparam("comments_goal_id", type_=sa.Uuid))
    if on_entry:
        conditions.append(
            ParentComment.entry_id == sa.bindparam("comments_entry_id", type_=sa.Uuid)
        )
    if unseen_only:
        conditions.append(col(ParentComment.seen_at).is_(None))
    count = select(func.count()).select_from(ParentComment).where(*conditions)
    entry = _ON_ENTRY
    rows = (
        select(ParentComment, User.display_name, Goal.title)
        .join(User, col(User.id) == ParentComment.author_id)
        .outerjoin(entry, entry.id == col(ParentComment.entry_id))
        .outerjoin(Goal, col(Goal.id) == sa.func.coalesce(ParentComment.goal_id, entry.goal_id))
        .where(*conditions)
        .order_by(col(ParentComment.recorded_at).desc(), sa.desc(col(ParentComment.id)))
        .limit(sa.bindparam("comments_limit", type_=sa.Integer))
        .offset(sa.bindparam("comments_offset", type_=sa.Integer))
    )
    return count, rows


def list_comments(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    goal_id: uuid.UUID | None = None,
    entry_id: uuid.UUID | None = None,
    unseen_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> CommentPage:
    """A family's parent comments, newest first. A parent sees only their own."""
    family = access.get_family(session, actor, family_id)
    count_query, rows_query = _list_statements(
        actor.is_parent, goal_id is not None, entry_id is not None, unseen_only
    )
    params = {
        "comments_family_id": family.id,
        "comments_author_id": actor.user.id,
        "comments_goal_id": goal_id,
        "comments_entry_id": entry_id,
        "comments_limit": limit,
        "comments_offset": offset,
    }
    total = db.plain_rows(session, count_query, params)[0][0]
    rows = session.exec(rows_query, params=params).all()
    answers = responses_to(session, [c.id for c, _, _ in rows])
    audit.record_now(session, actor, "list", "parentcomment", family.id, family.id)
    return CommentPage(
        items=[to_read(c, name, title, answers.get(c.id)) for c, name, title in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


def mark_seen(
    session: Session, actor: Actor, family_id: uuid.UUID, comment_ids: list[uuid.UUID] | None
) -> SeenResult:
    """Mark a family's comments seen (all unseen ones, or those listed); staff only."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    conditions: list[Any] = [
        ParentComment.family_id == family.id,
        col(ParentComment.seen_at).is_(None),
    ]
    if comment_ids is not None:
        conditions.append(col(ParentComment.id).in_(comment_ids))
    result = session.exec(update(ParentComment).where(*conditions).values(seen_at=utcnow()))
    marked = int(result.rowcount or 0)
    audit.record(session, actor, "mark_seen", "parentcomment", family.id, family.id)
    session.commit()
    return SeenResult(marked=marked)


def unseen_counts(session: Session, actor: Actor) -> dict[uuid.UUID, int]:
    """How many unseen parent comments each family the actor may see has (one query).

    For the caseload, which audits its own read. Parents get nothing.
    """
    if not actor.is_staff:
        return {}
    rows = session.exec(
        select(ParentComment.family_id, func.count())
        .where(
            col(ParentComment.seen_at).is_(None),
            col(ParentComment.family_id).in_(access.family_ids_visible(actor)),
        )
        .group_by(col(ParentComment.family_id))
    ).all()
    return dict(rows)
