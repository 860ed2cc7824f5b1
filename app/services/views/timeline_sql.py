"""The timeline's statements: one UNION ALL of every kind of event, built once per shape.

Each kind of record (progress entries, stage-of-change ratings, review meetings,
plan events, case events, parents' comments and workers' answers to them) is a
branch of the union with the same columns; ``statements`` gives the three a page
needs, with every value a bound parameter.
"""

from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, func

from app import clock
from app.models.account import User
from app.models.evidence import (
    CaseEvent,
    ParentComment,
    PlanEvent,
    ProgressEntry,
    Significance,
    Stage,
    StageRating,
    ViewResponse,
    Visibility,
)
from app.models.plan import Goal
from app.models.review import ReviewMeeting
from app.services import access
from app.services.evidence import corrections
from app.services.views.compiled_cache import SameStatementCache

# untyped: the union's branches have more columns than sqlmodel's select overloads
_select: Any = sa.select


def _text(value: str) -> Any:
    return sa.literal_column(f"'{value}'", sa.String)


def _null(type_: Any) -> Any:
    return sa.cast(sa.null(), type_)


def _as_str(column: Any) -> Any:
    # enum columns of different kinds share one text column in the union
    return sa.type_coerce(column, sa.String)


def _columns(
    model: Any,
    kind: str,
    *,
    goal_id: Any,
    member_id: Any,
    significant: Any,
    label: Any,
    text: Any,
    note: Any = None,
    gas_score: Any = None,
    motivation: Any = None,
    ability: Any = None,
    amended: Any = None,
    document_reference: Any = None,
    reported_by: Any = None,
    needs_review: Any = None,
) -> list[Any]:
    return [
        _text(kind).label("kind"),
        model.id.label("id"),
        model.occurred_on.label("occurred_on"),
        model.recorded_at.label("recorded_at"),
        model.recorded_by_id.label("recorded_by_id"),
        goal_id.label("goal_id"),
        member_id.label("member_id"),
        sa.cast(significant, sa.Boolean).label("significant"),
        _as_str(label).label("label"),
        text.label("text"),
        (note if note is not None else _null(sa.Text)).label("note"),
        (document_reference if document_reference is not None else _null(sa.String)).label(
            "document_reference"
        ),
        (reported_by if reported_by is not None else _null(sa.String)).label("reported_by"),
        sa.cast(needs_review if needs_review is not None else sa.false(), sa.Boolean).label(
            "needs_review"
        ),
        (gas_score if gas_score is not None else _null(sa.Integer)).label("gas_score"),
        (motivation if motivation is not None else _null(sa.Integer)).label("motivation"),
        (ability if ability is not None else _null(sa.Integer)).label("ability"),
        _as_str(model.visibility).label("visibility"),
        sa.cast(amended if amended is not None else sa.false(), sa.Boolean).label("amended"),
        model.entered_in_error_at.is_not(None).label("entered_in_error"),
        model.entered_in_error_reason.label("entered_in_error_reason"),
    ]


def _comment_day(dialect: str, at: Any = None) -> Any:
    """The UK day a comment (or an answer to one) was written: they have no 'occurred on'."""
    at = col(ParentComment.recorded_at) if at is None else at
    if dialect == "postgresql":
        return sa.cast(func.timezone(clock.LONDON_NAME, at), sa.Date)
    return sa.type_coerce(func.uk_date(at), sa.Date)  # registered on each SQLite connection


# the statement's values, bound at execution
_FAMILY = sa.bindparam("timeline_family_id", type_=sa.Uuid)
_PARENT_USER = sa.bindparam("timeline_parent_user_id", type_=sa.Uuid)
_PARENT_MEMBER = sa.bindparam("timeline_parent_member_id", type_=sa.Uuid)


# what the page's keys query needs of every event: its order and the filters
_KEY_COLUMNS = frozenset({"kind", "id", "occurred_on", "recorded_at", "goal_id", "significant"})


@lru_cache(maxsize=16)
def _union(dialect: str, for_parent: bool, narrow: bool = False) -> Any:
    """The UNION ALL of every kind of event, built once per dialect and audience.

    Building it costs far more than running it (each branch's columns are
    copied into the subquery), so the family and the parent are bound
    parameters rather than part of the structure. ``narrow``: only the columns
    the page's keys query needs, with the same conditions.
    """
    family_id = _FAMILY

    def readable(model: Any) -> list[Any]:
        return access.for_parent(model, _PARENT_MEMBER) if for_parent else []

    entries = _select(
        *_columns(
            ProgressEntry,
            "progress_entry",
            goal_id=col(ProgressEntry.goal_id),
            member_id=_null(sa.Uuid),
            significant=ProgressEntry.significance == Significance.significant,
            label=ProgressEntry.source,
            text=col(ProgressEntry.observation),
            gas_score=col(ProgressEntry.gas_score),
            amended=col(ProgressEntry.amends_id).is_not(None),
            document_reference=col(ProgressEntry.document_reference),
            note=col(ProgressEntry.significance_for_child),
            needs_review=col(ProgressEntry.significance_needs_review),
        )
    ).where(
        ProgressEntry.family_id == family_id,
        corrections.is_current(ProgressEntry),
        *readable(ProgressEntry),
    )
    ratings = _select(
        *_columns(
            StageRating,
            "stage_rating",
            goal_id=_null(sa.Uuid),
            member_id=col(StageRating.member_id),
            significant=StageRating.stage == Stage.relapse,
            label=StageRating.stage,
            text=col(StageRating.note),
            motivation=col(StageRating.motivation),
            ability=col(StageRating.ability),
            amended=col(StageRating.amends_id).is_not(None),
        )
    ).where(
        StageRating.family_id == family_id,
        corrections.is_current(StageRating),
        *readable(StageRating),
    )
    reviews = _select(
        *_columns(
            ReviewMeeting,
            "review_meeting",
            goal_id=_null(sa.Uuid),
            member_id=_null(sa.Uuid),
            significant=sa.true(),
            label=ReviewMeeting.kind,
            text=col(ReviewMeeting.summary),
            note=col(ReviewMeeting.decisions),
            amended=col(ReviewMeeting.amends_id).is_not(None),
        )
    ).where(
        ReviewMeeting.family_id == family_id,
        corrections.is_current(ReviewMeeting),
        *readable(ReviewMeeting),
    )
    plan_events = _select(
        *_columns(
            PlanEvent,
            "plan_event",
            goal_id=col(PlanEvent.goal_id),
            member_id=_null(sa.Uuid),
            significant=sa.true(),
            label=PlanEvent.kind,
            text=col(PlanEvent.summary),
            note=col(PlanEvent.note),
        )
    ).where(PlanEvent.family_id == family_id, *readable(PlanEvent))
    case_events = _select(
        *_columns(
            CaseEvent,
            "case_event",
            goal_id=_null(sa.Uuid),
            member_id=_null(sa.Uuid),
            significant=sa.true(),
            label=CaseEvent.source,
            text=col(CaseEvent.what_happened),
            note=col(CaseEvent.significance_for_child),
            amended=col(CaseEvent.amends_id).is_not(None),
            document_reference=col(CaseEvent.document_reference),
            reported_by=col(CaseEvent.reported_by),
        )
    ).where(
        CaseEvent.family_id == family_id,
        corrections.is_current(CaseEvent),
        *readable(CaseEvent),
    )
    commented_entry = aliased(ProgressEntry)
    comments = (
        _select(
            _text("parent_comment").label("kind"),
            col(ParentComment.id).label("id"),
            _comment_day(dialect).label("occurred_on"),
            col(ParentComment.recorded_at).label("recorded_at"),
            col(ParentComment.author_id).label("recorded_by_id"),
            func.coalesce(ParentComment.goal_id, commented_entry.goal_id).label("goal_id"),
            col(ParentComment.member_id).label("member_id"),
            sa.cast(sa.false(), sa.Boolean).label("significant"),
            _as_str(ParentComment.stance).label("label"),
            col(ParentComment.text).label("text"),
            _null(sa.Text).label("note"),
            _null(sa.String).label("document_reference"),
            _null(sa.String).label("reported_by"),
            sa.cast(sa.false(), sa.Boolean).label("needs_review"),
            _null(sa.Integer).label("gas_score"),
            _null(sa.Integer).label("motivation"),
            _null(sa.Integer).label("ability"),
            _text(Visibility.shared.value).label("visibility"),
            sa.cast(sa.false(), sa.Boolean).label("amended"),
            sa.cast(sa.false(), sa.Boolean).label("entered_in_error"),
            _null(sa.Text).label("entered_in_error_reason"),
        )
        .outerjoin(commented_entry, commented_entry.id == ParentComment.entry_id)
        .where(ParentComment.family_id == family_id)
    )
    if for_parent:
        comments = comments.where(ParentComment.author_id == _PARENT_USER)
    answered: Any = aliased(ParentComment)
    answered_entry: Any = aliased(ProgressEntry)
    responses = (
        _select(
            _text("view_response").label("kind"),
            col(ViewResponse.id).label("id"),
            _comment_day(dialect, col(ViewResponse.recorded_at)).label("occurred_on"),
            col(ViewResponse.recorded_at).label("recorded_at"),
            col(ViewResponse.recorded_by_id).label("recorded_by_id"),
            func.coalesce(answered.goal_id, answered_entry.goal_id).label("goal_id"),
            answered.member_id.label("member_id"),
            sa.cast(col(ViewResponse.significant), sa.Boolean).label("significant"),
            _as_str(answered.stance).label("label"),
            col(ViewResponse.text).label("text"),
            # the view it answers
            answered.text.label("note"),
            _null(sa.String).label("document_reference"),
            _null(sa.String).label("reported_by"),
            sa.cast(sa.false(), sa.Boolean).label("needs_review"),
            _null(sa.Integer).label("gas_score"),
            _null(sa.Integer).label("motivation"),
            _null(sa.Integer).label("ability"),
            _text(Visibility.shared.value).label("visibility"),
            sa.cast(sa.false(), sa.Boolean).label("amended"),
            sa.cast(sa.false(), sa.Boolean).label("entered_in_error"),
            _null(sa.Text).label("entered_in_error_reason"),
        )
        .join(answered, answered.id == ViewResponse.comment_id)
        .outerjoin(answered_entry, answered_entry.id == answered.entry_id)
        .where(ViewResponse.family_id == family_id)
    )
    if for_parent:
        responses = responses.where(*access.for_parent(ViewResponse, _PARENT_MEMBER))
    branches = [entries, ratings, reviews, plan_events, case_events, comments, responses]
    if narrow:
        branches = [
            b.with_only_columns(
                *(c for c in b.selected_columns if c.name in _KEY_COLUMNS),
                maintain_column_froms=True,
            )
            for b in branches
        ]
    return sa.union_all(*branches).subquery("events")


# ``execution_options`` for the statements below: their compiled forms found by identity
BUILT_ONCE: dict[str, Any] = {"compiled_cache": SameStatementCache(size=512)}


# the union's id columns
_IDS = frozenset({"id", "recorded_by_id", "goal_id", "member_id"})


@lru_cache(maxsize=64)
def statements(
    dialect: str,
    for_parent: bool,
    has_from: bool,
    has_to: bool,
    significant_only: bool,
    has_goal: bool,
) -> tuple[Any, Any, Any]:
    """The page's keys (with the count of every match), the page's events by id and the
    count alone, for one shape of filter, built once: every value is a bound parameter.
    Building the statement and its cache key cost a tenth of a timeline request
    (py-spy); a statement built once keeps its cache key."""
    full = _union(dialect, for_parent)
    events = _union(dialect, for_parent, narrow=True)
    conditions: list[Any] = []
    if for_parent:
        # parents: nothing about a goal that is not signed off yet
        conditions.append(
            sa.or_(events.c.goal_id.is_(None), access.goal_for_parent(_PARENT_MEMBER))
        )
    if has_from:
        conditions.append(events.c.occurred_on >= sa.bindparam("timeline_date_from", type_=sa.Date))
    if has_to:
        conditions.append(events.c.occurred_on <= sa.bindparam("timeline_date_to", type_=sa.Date))
    if significant_only:
        conditions.append(events.c.significant.is_(True))
    if has_goal:
        conditions.append(events.c.goal_id == sa.bindparam("timeline_goal_id", type_=sa.Uuid))
    joined = events.outerjoin(Goal, col(Goal.id) == events.c.goal_id)
    newest_first = (
        events.c.occurred_on.desc(),
        events.c.recorded_at.desc(),
        events.c.kind,
        events.c.id.desc(),
    )
    # On SQLite, the ids as stored (hex text): pydantic makes the UUIDs faster than
    # SQLAlchemy's result processing; PostgreSQL's driver returns UUIDs anyway.
    id_type: Any = sa.String if dialect == "sqlite" else sa.Uuid
    # The page's keys and the count of every match, in one pass over a union of the
    # columns the order and the filters need. Only these go through the sort: sorting
    # every event with all its text, goal and recorder cost most of the query, and
    # grew with the family's record (2,000 entries: ~25 ms, now ~13 ms).
    keys = (
        _select(
            sa.type_coerce(events.c.id, id_type).label("id"),
            func.count().over().label("timeline_total"),
        )
        .select_from(joined)
        .where(*conditions)
        .order_by(*newest_first)
        .limit(sa.bindparam("timeline_limit", type_=sa.Integer))
        .offset(sa.bindparam("timeline_offset", type_=sa.Integer))
    )
    # Then the page's events by id (each branch of the union reads them by primary
    # key), with their goals' titles and the recorders' names.
    page = (
        _select(
            *(
                sa.type_coerce(column, id_type).label(column.name)
                if column.name in _IDS
                else column
                for column in full.c
            ),
            col(Goal.title).label("goal_title"),
            func.coalesce(User.display_name, "").label("recorded_by_name"),
            # written down on a later UK day than it happened (``corrections.is_backdated``)
            (full.c.occurred_on < _comment_day(dialect, full.c.recorded_at)).label("backdated"),
        )
        .select_from(
            full.outerjoin(Goal, col(Goal.id) == full.c.goal_id).outerjoin(
                User, col(User.id) == full.c.recorded_by_id
            )
        )
        .where(
            sa.type_coerce(full.c.id, id_type).in_(
                sa.bindparam("timeline_ids", expanding=True, type_=id_type)
            )
        )
        .order_by(
            full.c.occurred_on.desc(), full.c.recorded_at.desc(), full.c.kind, full.c.id.desc()
        )
    )
    count = _select(func.count()).select_from(joined).where(*conditions)
    return keys, page, count
