"""Progress entries: observations against a goal, the core evidence of change.

Entries are append-only (see ``app.services.evidence.corrections``): staff record them,
amend them by adding a new version, or mark them entered in error. Parents read
only shared entries of signed-off goals, never one entered in error.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field as PydanticField
from sqlmodel import Session, SQLModel, col, func, select

from app.models.account import User
from app.models.evidence import (
    ProgressEntry,
    ProgressEntryParent,
    Significance,
    Source,
    Visibility,
)
from app.models.plan import Goal, GoalLifecycle, GoalParent
from app.services import access, audit
from app.services.context import Actor
from app.services.editing import snapshot
from app.services.errors import Conflict, Invalid
from app.services.evidence import corrections
from app.services.evidence.corrections import CaseDate, EvidenceRead, Printable, Reason
from app.services.inputs import check_evidence_date
from app.services.measuring import measures

ENTITY = "progress entry"
# a goal in one of these states takes no new evidence
CLOSED_GOAL = (GoalLifecycle.cancelled, GoalLifecycle.entered_in_error, GoalLifecycle.rejected)

Observation = Annotated[str, PydanticField(min_length=1, max_length=10_000), Printable]
DocumentReference = Annotated[str, PydanticField(max_length=200), Printable]
# strictly a whole number: "1" and true are refused rather than read as 1
GasScore = Annotated[int, PydanticField(ge=-2, le=2, strict=True)]
SignificanceForChild = Annotated[str, PydanticField(max_length=10_000), Printable]


class EntryCreate(SQLModel):
    """A new observation against a goal (the quick log on a visit)."""

    occurred_on: CaseDate
    gas_score: GasScore | None = None
    observation: Observation
    source: Source
    document_reference: DocumentReference = ""
    significance: Significance = Significance.routine
    # what a significant entry means for the child, in the worker's words; left out, a
    # suggestion is filled in and the entry is marked as needing the worker's review
    significance_for_child: SignificanceForChild = ""
    visibility: Visibility = Visibility.internal
    # the parents it is about; none named means all of the goal's parents
    parent_ids: list[uuid.UUID] = PydanticField(default=[], max_length=20)
    # shown to every parent of the family, not only those it is about (a deliberate choice)
    shared_with_all_parents: bool = False


class EntryAmend(SQLModel):
    """A correction: why, and only the fields that change (``gas_score: null`` clears it)."""

    reason: Reason
    occurred_on: CaseDate | None = None
    gas_score: GasScore | None = None
    observation: Observation | None = None
    source: Source | None = None
    document_reference: DocumentReference | None = None
    significance: Significance | None = None
    # sent (even unchanged), it is the worker's own words: "needs review" is cleared
    significance_for_child: SignificanceForChild | None = None
    visibility: Visibility | None = None
    parent_ids: list[uuid.UUID] | None = PydanticField(default=None, max_length=20)
    shared_with_all_parents: bool | None = None


class EntryRead(EvidenceRead):
    goal_id: uuid.UUID
    gas_score: int | None
    observation: str
    source: Source
    document_reference: str
    significance: Significance
    significance_for_child: str
    # a suggested significance the worker has not confirmed yet
    significance_needs_review: bool
    # the parents it is about; empty means all of the goal's parents
    parent_ids: list[uuid.UUID]
    shared_with_all_parents: bool


class EntryHistory(SQLModel):
    """One entry with every version of it, oldest first."""

    entry: EntryRead
    versions: list[EntryRead]


class EntryPage(SQLModel):
    items: list[EntryRead]
    total: int
    limit: int
    offset: int


def to_read(
    entry: ProgressEntry,
    names: dict[uuid.UUID, str],
    parent_ids: Iterable[uuid.UUID],
    *,
    is_current: bool = True,
) -> EntryRead:
    fields = corrections.read_fields(entry, names, is_current=is_current)
    return EntryRead(**fields, parent_ids=sorted(set(parent_ids)))


def _visible(actor: Actor) -> list[Any]:
    """Conditions for entries the actor may read (the query must join Goal)."""
    return [
        col(ProgressEntry.family_id).in_(access.family_ids_visible(actor)),
        access.goal_visible(actor),
        *corrections.parent_view(actor, ProgressEntry),
    ]


def _parents_of(session: Session, entry_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if entry_ids:
        rows = session.exec(
            select(ProgressEntryParent).where(col(ProgressEntryParent.entry_id).in_(entry_ids))
        ).all()
        for row in rows:
            found[row.entry_id].append(row.member_id)
    return found


def _check(session: Session, goal: Goal, data: EntryCreate) -> None:
    """Rules the schema cannot see: no future dates, only the goal's own parents."""
    check_evidence_date(session, goal.family_id, data.occurred_on)
    if data.parent_ids:
        goal_parents = set(
            session.exec(select(GoalParent.member_id).where(GoalParent.goal_id == goal.id)).all()
        )
        if not set(data.parent_ids) <= goal_parents:
            raise Invalid("parent_ids", "Choose only parents or carers this goal applies to")


def _add_parents(session: Session, entry: ProgressEntry, parent_ids: list[uuid.UUID]) -> None:
    for member_id in dict.fromkeys(parent_ids):
        session.add(ProgressEntryParent(entry_id=entry.id, member_id=member_id))


def suggested_significance(goal: Goal) -> str:
    """What a significant entry's significance is prefilled with: the goal's own reason."""
    return goal.why_it_matters


def _significance(
    goal: Goal, data: EntryCreate, written: bool, before: tuple[str, bool] | None = None
) -> tuple[str, bool]:
    """The significance for the child and whether it still needs the worker's review.

    ``written``: the worker sent it (their words, or a suggestion they confirmed).
    ``before``: the amended version's (text, needs review), carried when not sent.
    """
    text = data.significance_for_child.strip()
    if written and text:
        return text, False
    if before is not None and not written and before[0]:
        return before
    if data.significance == Significance.significant:
        return suggested_significance(goal), True
    return text, False


def after_entry_recorded(
    session: Session, actor: Actor, entry: ProgressEntry
) -> measures.RelapseResult:
    """Runs in the transaction of every new entry or amendment, before it commits.

    The hook for rules that react to new evidence (relapse detection): anything it
    adds commits with the entry; anything it raises leaves nothing written.
    Returns what the entry set off.
    """
    return measures.detect_relapse(session, actor, entry)


@dataclass(frozen=True)
class Recorded:
    """A new entry and what it set off (a relapse, consequences now due)."""

    entry: EntryRead
    relapse: measures.RelapseResult


def create_entry(
    session: Session, actor: Actor, goal_id: uuid.UUID, data: EntryCreate
) -> EntryRead:
    """Record an observation against a goal; staff only. ``recorded_at`` is server time."""
    return record_entry(session, actor, goal_id, data).entry


def record_entry(session: Session, actor: Actor, goal_id: uuid.UUID, data: EntryCreate) -> Recorded:
    """``create_entry``, also saying what the entry set off."""
    access.require_staff(actor)
    goal = access.get_record(session, actor, Goal, goal_id)
    if goal.lifecycle_status in CLOSED_GOAL:
        raise Conflict(
            f"This goal is {goal.lifecycle_status.value}; record evidence against an open goal",
            current=snapshot(goal),
        )
    _check(session, goal, data)
    text, needs_review = _significance(
        goal, data, "significance_for_child" in data.model_fields_set
    )
    entry = ProgressEntry(
        **data.model_dump(exclude={"parent_ids", "significance_for_child"}),
        significance_for_child=text,
        significance_needs_review=needs_review,
        family_id=goal.family_id,
        goal_id=goal.id,
        recorded_by_id=actor.user.id,
    )
    session.add(entry)
    session.flush()
    _add_parents(session, entry, data.parent_ids)
    audit.record(session, actor, "create", "progressentry", entry.id, entry.family_id)
    access.record_sharing(session, actor, entry)
    relapse = after_entry_recorded(session, actor, entry)
    session.commit()
    read = to_read(entry, {actor.user.id: actor.user.display_name}, data.parent_ids)
    return Recorded(read, relapse)


def amend_entry(
    session: Session, actor: Actor, entry_id: uuid.UUID, changes: EntryAmend
) -> EntryRead:
    """Correct the latest version of an entry by adding a new version; staff only.

    Fields left out are copied from the version amended. 409 if the entry was
    amended since or entered in error.
    """
    old = corrections.load_latest(session, actor, ProgressEntry, entry_id, ENTITY)
    old_parents = _parents_of(session, [old.id])[old.id]
    merged = corrections.merge(EntryCreate, old, changes, parent_ids=old_parents)
    goal = session.get_one(Goal, old.goal_id)
    _check(session, goal, merged)
    written = "significance_for_child" in changes.model_fields_set
    before = (old.significance_for_child, old.significance_needs_review)
    text, needs_review = _significance(goal, merged, written, before)
    new = corrections.new_version(
        session, actor, old, merged, changes.reason, ENTITY, exclude={"parent_ids"}
    )
    # set before the commit, in the amendment's own transaction
    new.significance_for_child, new.significance_needs_review = text, needs_review
    _add_parents(session, new, merged.parent_ids)
    access.record_sharing(session, actor, new, old.shared_with_all_parents)
    after_entry_recorded(session, actor, new)
    corrections.commit(session, ENTITY)
    return to_read(new, {actor.user.id: actor.user.display_name}, merged.parent_ids)


def mark_entered_in_error(
    session: Session, actor: Actor, entry_id: uuid.UUID, reason: str
) -> EntryRead:
    """Mark the latest version of an entry entered in error; staff only; 409 if already."""
    entry = corrections.mark_entered_in_error(
        session, actor, ProgressEntry, entry_id, reason, ENTITY
    )
    parents = _parents_of(session, [entry.id])[entry.id]
    return to_read(entry, corrections.user_names(session, [entry.recorded_by_id]), parents)


def get_entry(session: Session, actor: Actor, entry_id: uuid.UUID) -> EntryHistory:
    """One entry and its whole amendment history, oldest first (parents: shared versions)."""
    entry = session.exec(
        select(ProgressEntry)
        .join(Goal, col(Goal.id) == ProgressEntry.goal_id)
        .where(ProgressEntry.id == entry_id, *_visible(actor))
    ).first()
    if entry is None:
        raise access.deny(session, actor, "progressentry", entry_id)
    versions, latest_id = corrections.readable_versions(
        actor, entry, corrections.chain(session, ProgressEntry, entry)
    )
    parents = _parents_of(session, [v.id for v in versions])
    names = corrections.user_names(session, [v.recorded_by_id for v in versions])
    reads = [to_read(v, names, parents[v.id], is_current=v.id == latest_id) for v in versions]
    audit.record_now(session, actor, "read", "progressentry", entry.id, entry.family_id)
    current = next(r for r in reads if r.id == entry.id)
    return EntryHistory(entry=current, versions=reads)


def list_entries(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    goal_id: uuid.UUID | None = None,
    significance: Significance | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> EntryPage:
    """A family's entries, current versions only, newest first; a fixed number of queries."""
    family = access.get_family(session, actor, family_id)
    conditions: list[Any] = [
        ProgressEntry.family_id == family.id,
        corrections.is_current(ProgressEntry),
        *_visible(actor),
    ]
    if goal_id is not None:
        conditions.append(ProgressEntry.goal_id == goal_id)
    if significance is not None:
        conditions.append(ProgressEntry.significance == significance)
    if date_from is not None:
        conditions.append(col(ProgressEntry.occurred_on) >= date_from)
    if date_to is not None:
        conditions.append(col(ProgressEntry.occurred_on) <= date_to)
    base = select(ProgressEntry).join(Goal, col(Goal.id) == ProgressEntry.goal_id)
    total = session.exec(select(func.count()).select_from(base.where(*conditions).subquery())).one()
    rows = session.exec(
        select(ProgressEntry, User.display_name)
        .join(Goal, col(Goal.id) == ProgressEntry.goal_id)
        .join(User, col(User.id) == ProgressEntry.recorded_by_id)
        .where(*conditions)
        .order_by(
            col(ProgressEntry.occurred_on).desc(),
            col(ProgressEntry.recorded_at).desc(),
            sa.desc(col(ProgressEntry.id)),
        )
        .limit(limit)
        .offset(offset)
    ).all()
    parents = _parents_of(session, [e.id for e, _ in rows])
    audit.record_now(session, actor, "list", "progressentry", family.id, family.id)
    names = {e.recorded_by_id: name for e, name in rows}
    return EntryPage(
        items=[to_read(e, names, parents[e.id]) for e, _ in rows],
        total=total,
        limit=limit,
        offset=offset,
    )
