"""A family's timeline: every event, newest first, from one UNION ALL query.

Progress entries, stage-of-change ratings and review meetings appear in their
current version (flagged when amended); plan events and parents' comments as
written. Staff also see records entered in error, flagged. Parents see only
what is shared, about signed-off goals, and only their own comments.

What counts as significant (``significant_only``): entries marked significant,
a stage-of-change rating of relapse, every review meeting, every plan event,
every case event (a family-level event outside the plan), and a worker's answer
to a parent's view that the worker marked significant.
"""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, TypeAdapter
from sqlmodel import Session

from app.models.evidence import Visibility
from app.services import access, audit
from app.services.context import Actor
from app.services.views import reuse, timeline_sql


# Plain pydantic models (no docstrings: they would show in the OpenAPI document). A page
# holds dozens of items, and SQLModel's ``__init__`` cost several times pydantic's own
# validation of the same fields.
class TimelineItem(BaseModel):
    # progress_entry | stage_rating | review_meeting | plan_event | case_event | parent_comment
    # | view_response (a worker's answer to a parent's view; ``note`` is the view)
    kind: str
    id: uuid.UUID
    occurred_on: date
    recorded_at: datetime
    recorded_by_id: uuid.UUID
    recorded_by_name: str
    backdated: bool
    goal_id: uuid.UUID | None
    goal_title: str | None
    member_id: uuid.UUID | None
    significant: bool
    # the entry's source, the stage, the meeting kind, the plan event kind or the stance
    label: str
    text: str
    # a plan event's note, a meeting's decisions, or an entry's or a case event's
    # significance for the child
    note: str | None
    # an entry's or a case event's document reference; who reported a case event
    document_reference: str | None = None
    reported_by: str | None = None
    # an entry's significance for the child is a suggestion the worker has not confirmed
    needs_review: bool = False
    gas_score: int | None
    motivation: int | None
    ability: int | None
    visibility: Visibility
    # a corrected version of an earlier record
    amended: bool
    entered_in_error: bool
    entered_in_error_reason: str | None


class TimelinePage(BaseModel):
    items: list[TimelineItem]
    total: int
    limit: int
    offset: int
    has_more: bool


_ITEMS = TypeAdapter(list[TimelineItem])


def family_timeline(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    significant_only: bool = False,
    goal_id: uuid.UUID | None = None,
    limit: int = 50,
    offset: int = 0,
) -> TimelinePage:
    """Every event of a family, newest first, one page of it; audited.

    A fixed number of queries whatever the family's size: the access check, the
    family's change marks, the page's keys with the count of all matching events (one
    UNION ALL; counted apart only past the last page), and the page's events with
    their goals and recorders' names. The same page asked again while nothing in the
    family's record has changed is not read again (``reuse``).
    """
    family = access.get_family(session, actor, family_id)
    asked = (date_from, date_to, significant_only, goal_id, limit, offset)
    page = reuse.view(
        session,
        actor,
        ("timeline", family.id, asked),
        lambda: reuse.marks(session, [family.id]),
        lambda: _timeline(session, actor, family.id, *asked),
    )
    audit.record_now(session, actor, "read", "timeline", family.id, family.id)
    return page


def _timeline(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    date_from: date | None,
    date_to: date | None,
    significant_only: bool,
    goal_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> TimelinePage:
    keys, page, count = timeline_sql.statements(
        session.get_bind().dialect.name,
        actor.is_parent,
        date_from is not None,
        date_to is not None,
        significant_only,
        goal_id is not None,
    )
    params = {
        "timeline_family_id": family_id,
        "timeline_parent_user_id": actor.user.id,
        "timeline_parent_member_id": actor.user.family_member_id,
        "timeline_date_from": date_from,
        "timeline_date_to": date_to,
        "timeline_goal_id": goal_id,
        "timeline_limit": limit,
        "timeline_offset": offset,
    }
    # Core rather than ORM execution: the rows are plain tuples, and the ORM's
    # result machinery cost more than the queries
    connection = session.connection()
    found = connection.execute(keys, params, execution_options=timeline_sql.BUILT_ONCE).all()
    if found:
        total: int = found[0].timeline_total
        result = connection.execute(
            page,
            {**params, "timeline_ids": [k.id for k in found]},
            execution_options=timeline_sql.BUILT_ONCE,
        )
        fields = list(result.keys())
        rows = result.all()
    else:  # past the end (or nothing at all): count on its own
        total = connection.execute(
            count, params, execution_options=timeline_sql.BUILT_ONCE
        ).scalar_one()
        fields, rows = [], []
    # validated in one go by pydantic's core rather than one model at a time (from
    # dicts: from the rows' attributes or mappings was two to three times slower)
    items = _ITEMS.validate_python([dict(zip(fields, r, strict=True)) for r in rows])
    return TimelinePage(
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        has_more=offset + len(items) < total,
    )
