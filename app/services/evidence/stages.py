"""Stage-of-change ratings: where each parent or carer is, and their motivation and ability.

Motivation and ability are rated separately (0–10): a motivated parent may still
be unable to change. Ratings are evidence: amended or entered in error, never
changed in place (``app.services.evidence.corrections``).
"""

import uuid
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field as PydanticField
from sqlmodel import Session, SQLModel, col, func, select

from app.models.evidence import Significance, Stage, StageRating, Visibility
from app.models.family import FamilyMember, MemberRole
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import corrections
from app.services.evidence.corrections import CaseDate, EvidenceRead, Printable, Reason
from app.services.evidence.significance import SignificanceForChild, worker_words
from app.services.inputs import check_evidence_date

ENTITY = "stage-of-change rating"
Rating = Annotated[int, PydanticField(ge=0, le=10)]
Note = Annotated[str, PydanticField(max_length=5000), Printable]


class StageRatingCreate(SQLModel):
    member_id: uuid.UUID  # a parent or carer of the family
    occurred_on: CaseDate
    stage: Stage
    motivation: Rating
    ability: Rating
    note: Note = ""
    visibility: Visibility = Visibility.internal
    # marked significant, the rating reaches the court chronology with what it means for
    # the child in the worker's words (left blank: "needs review" until they write it)
    significance: Significance = Significance.routine
    significance_for_child: SignificanceForChild = ""


class StageRatingAmend(SQLModel):
    """A correction: why, and only the fields that change."""

    reason: Reason
    member_id: uuid.UUID | None = None
    occurred_on: CaseDate | None = None
    stage: Stage | None = None
    motivation: Rating | None = None
    ability: Rating | None = None
    note: Note | None = None
    visibility: Visibility | None = None
    significance: Significance | None = None
    significance_for_child: SignificanceForChild | None = None


class StageRatingRead(EvidenceRead):
    member_id: uuid.UUID
    member_name: str
    stage: Stage
    motivation: int
    ability: int
    note: str
    significance: Significance
    significance_for_child: str
    # significant, with no significance for the child written yet
    significance_needs_review: bool


class StageRatingHistory(SQLModel):
    rating: StageRatingRead
    versions: list[StageRatingRead]


class StageRatingPage(SQLModel):
    items: list[StageRatingRead]
    total: int
    limit: int
    offset: int


def _member_names(session: Session, member_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not member_ids:
        return {}
    rows = session.exec(
        select(FamilyMember.id, FamilyMember.full_name).where(col(FamilyMember.id).in_(member_ids))
    ).all()
    return dict(rows)


def _reads(
    session: Session, ratings: list[StageRating], latest_id: uuid.UUID | None = None
) -> list[StageRatingRead]:
    """Ratings with names: two queries whatever the number."""
    names = corrections.user_names(session, [r.recorded_by_id for r in ratings])
    members = _member_names(session, {r.member_id for r in ratings})
    return [
        StageRatingRead(
            **corrections.read_fields(r, names, is_current=latest_id is None or r.id == latest_id),
            member_name=members.get(r.member_id, ""),
        )
        for r in ratings
    ]


def _check(session: Session, family_id: uuid.UUID, data: StageRatingCreate) -> None:
    check_evidence_date(session, family_id, data.occurred_on)
    role = session.exec(
        select(FamilyMember.role).where(
            FamilyMember.id == data.member_id, FamilyMember.family_id == family_id
        )
    ).first()
    if role not in (MemberRole.parent, MemberRole.carer):
        raise Invalid("member_id", "Choose a parent or carer in this family")


def _significance(data: StageRatingCreate) -> tuple[str, bool]:
    return worker_words(
        data.significance_for_child,
        reaches_chronology=data.significance == Significance.significant,
    )


def create_rating(
    session: Session, actor: Actor, family_id: uuid.UUID, data: StageRatingCreate
) -> StageRatingRead:
    """Record a parent's or carer's stage of change; staff only."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    _check(session, family.id, data)
    text, needs_review = _significance(data)
    rating = StageRating(
        **data.model_dump(exclude={"significance_for_child"}),
        significance_for_child=text,
        significance_needs_review=needs_review,
        family_id=family.id,
        recorded_by_id=actor.user.id,
    )
    session.add(rating)
    session.flush()
    audit.record(session, actor, "create", "stagerating", rating.id, family.id)
    session.commit()
    return _reads(session, [rating])[0]


def amend_rating(
    session: Session, actor: Actor, rating_id: uuid.UUID, changes: StageRatingAmend
) -> StageRatingRead:
    """Correct the latest version of a rating by adding a new version; staff only."""
    old = corrections.load_latest(session, actor, StageRating, rating_id, ENTITY)
    merged = corrections.merge(StageRatingCreate, old, changes)
    _check(session, old.family_id, merged)
    new = corrections.new_version(session, actor, old, merged, changes.reason, ENTITY)
    # set before the commit, in the amendment's own transaction
    new.significance_for_child, new.significance_needs_review = _significance(merged)
    corrections.commit(session, ENTITY)
    return _reads(session, [new])[0]


def mark_entered_in_error(
    session: Session, actor: Actor, rating_id: uuid.UUID, reason: str
) -> StageRatingRead:
    """Mark the latest version of a rating entered in error; staff only; 409 if already."""
    rating = corrections.mark_entered_in_error(
        session, actor, StageRating, rating_id, reason, ENTITY
    )
    return _reads(session, [rating])[0]


def get_rating(session: Session, actor: Actor, rating_id: uuid.UUID) -> StageRatingHistory:
    """One rating with every version of it, oldest first."""
    rating = corrections.readable(session, actor, StageRating, rating_id)
    versions, latest_id = corrections.readable_versions(
        actor, rating, corrections.chain(session, StageRating, rating)
    )
    reads = _reads(session, versions, latest_id)
    audit.record_now(session, actor, "read", "stagerating", rating.id, rating.family_id)
    return StageRatingHistory(rating=next(r for r in reads if r.id == rating.id), versions=reads)


def list_ratings(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    member_id: uuid.UUID | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> StageRatingPage:
    """A family's ratings (current versions), newest first; a fixed number of queries."""
    family = access.get_family(session, actor, family_id)
    conditions: list[Any] = [
        StageRating.family_id == family.id,
        corrections.is_current(StageRating),
        *corrections.parent_view(actor, StageRating),
    ]
    if member_id is not None:
        conditions.append(StageRating.member_id == member_id)
    if date_from is not None:
        conditions.append(col(StageRating.occurred_on) >= date_from)
    if date_to is not None:
        conditions.append(col(StageRating.occurred_on) <= date_to)
    total = session.exec(select(func.count()).select_from(StageRating).where(*conditions)).one()
    rows = session.exec(
        select(StageRating)
        .where(*conditions)
        .order_by(
            col(StageRating.occurred_on).desc(),
            col(StageRating.recorded_at).desc(),
            sa.desc(col(StageRating.id)),
        )
        .limit(limit)
        .offset(offset)
    ).all()
    items = _reads(session, list(rows))
    audit.record_now(session, actor, "list", "stagerating", family.id, family.id)
    return StageRatingPage(items=items, total=total, limit=limit, offset=offset)
