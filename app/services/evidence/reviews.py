"""Review meetings: what was decided about the plan, and when it is next looked at.

Records of meetings are evidence: amended or entered in error, never changed in
place (``app.services.evidence.corrections``).
"""

import uuid
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import ValidationInfo, field_validator
from sqlmodel import Session, SQLModel, col, func, select

from app.models.evidence import Visibility
from app.models.plan import Assessment
from app.models.review import ReviewKind, ReviewMeeting
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import corrections
from app.services.evidence.corrections import CaseDate, EvidenceRead, Printable, Reason
from app.services.evidence.significance import SignificanceForChild, worker_words
from app.services.inputs import check_evidence_date

ENTITY = "review meeting"
Attendees = Annotated[str, PydanticField(max_length=2000), Printable]
Summary = Annotated[str, PydanticField(min_length=1, max_length=20_000), Printable]
Decisions = Annotated[str, PydanticField(max_length=20_000), Printable]


class ReviewCreate(SQLModel):
    occurred_on: CaseDate
    kind: ReviewKind
    attendees: Attendees = ""
    summary: Summary
    decisions: Decisions = ""
    next_review_on: CaseDate | None = None
    # the assessment reviewed, if any: it must belong to the same family
    assessment_id: uuid.UUID | None = None
    visibility: Visibility = Visibility.internal
    # every review reaches the court chronology: what it means for the child, in the
    # worker's words (left blank: "needs review" until they write it)
    significance_for_child: SignificanceForChild = ""

    @field_validator("next_review_on")
    @classmethod
    def _next_after_this(cls, value: date | None, info: ValidationInfo) -> date | None:
        occurred_on = info.data.get("occurred_on")
        if value is not None and occurred_on is not None and value <= occurred_on:
            raise ValueError("The next review must be after the meeting date")
        return value


class ReviewAmend(SQLModel):
    """A correction: why, and only the fields that change."""

    reason: Reason
    occurred_on: CaseDate | None = None
    kind: ReviewKind | None = None
    attendees: Attendees | None = None
    summary: Summary | None = None
    decisions: Decisions | None = None
    next_review_on: CaseDate | None = None
    assessment_id: uuid.UUID | None = None
    visibility: Visibility | None = None
    significance_for_child: SignificanceForChild | None = None


class ReviewRead(EvidenceRead):
    assessment_id: uuid.UUID | None
    kind: ReviewKind
    attendees: str
    summary: str
    decisions: str
    next_review_on: date | None
    significance_for_child: str
    # no significance for the child written yet
    significance_needs_review: bool


class ReviewHistory(SQLModel):
    review: ReviewRead
    versions: list[ReviewRead]


class ReviewPage(SQLModel):
    items: list[ReviewRead]
    total: int
    limit: int
    offset: int


def _reads(
    session: Session, reviews: list[ReviewMeeting], latest_id: uuid.UUID | None = None
) -> list[ReviewRead]:
    names = corrections.user_names(session, [r.recorded_by_id for r in reviews])
    return [
        ReviewRead(
            **corrections.read_fields(r, names, is_current=latest_id is None or r.id == latest_id)
        )
        for r in reviews
    ]


def _check(session: Session, family_id: uuid.UUID, data: ReviewCreate) -> None:
    check_evidence_date(session, family_id, data.occurred_on)
    if data.assessment_id is not None:
        found = session.exec(
            select(Assessment.id).where(
                Assessment.id == data.assessment_id, Assessment.family_id == family_id
            )
        ).first()
        if found is None:
            raise Invalid("assessment_id", "Choose an assessment of this family")


def create_review(
    session: Session, actor: Actor, family_id: uuid.UUID, data: ReviewCreate
) -> ReviewRead:
    """Record a review meeting; staff only."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    _check(session, family.id, data)
    text, needs_review = worker_words(data.significance_for_child, reaches_chronology=True)
    review = ReviewMeeting(
        **data.model_dump(exclude={"significance_for_child"}),
        significance_for_child=text,
        significance_needs_review=needs_review,
        family_id=family.id,
        recorded_by_id=actor.user.id,
    )
    session.add(review)
    session.flush()
    audit.record(session, actor, "create", "reviewmeeting", review.id, family.id)
    session.commit()
    return _reads(session, [review])[0]


def amend_review(
    session: Session, actor: Actor, review_id: uuid.UUID, changes: ReviewAmend
) -> ReviewRead:
    """Correct the latest version of a review record by adding a new version; staff only."""
    old = corrections.load_latest(session, actor, ReviewMeeting, review_id, ENTITY)
    merged = corrections.merge(ReviewCreate, old, changes)
    _check(session, old.family_id, merged)
    new = corrections.new_version(session, actor, old, merged, changes.reason, ENTITY)
    # set before the commit, in the amendment's own transaction
    new.significance_for_child, new.significance_needs_review = worker_words(
        merged.significance_for_child, reaches_chronology=True
    )
    corrections.commit(session, ENTITY)
    return _reads(session, [new])[0]


def mark_entered_in_error(
    session: Session, actor: Actor, review_id: uuid.UUID, reason: str
) -> ReviewRead:
    """Mark the latest version of a review record entered in error; staff only."""
    review = corrections.mark_entered_in_error(
        session, actor, ReviewMeeting, review_id, reason, ENTITY
    )
    return _reads(session, [review])[0]


def get_review(session: Session, actor: Actor, review_id: uuid.UUID) -> ReviewHistory:
    """One review record with every version of it, oldest first."""
    review = corrections.readable(session, actor, ReviewMeeting, review_id)
    versions, latest_id = corrections.readable_versions(
        actor, review, corrections.chain(session, ReviewMeeting, review)
    )
    reads = _reads(session, versions, latest_id)
    audit.record_now(session, actor, "read", "reviewmeeting", review.id, review.family_id)
    return ReviewHistory(review=next(r for r in reads if r.id == review.id), versions=reads)


def list_reviews(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ReviewPage:
    """A family's review records (current versions), newest first; fixed query count."""
    family = access.get_family(session, actor, family_id)
    conditions: list[Any] = [
        ReviewMeeting.family_id == family.id,
        corrections.is_current(ReviewMeeting),
        *corrections.parent_view(actor, ReviewMeeting),
    ]
    if date_from is not None:
        conditions.append(col(ReviewMeeting.occurred_on) >= date_from)
    if date_to is not None:
        conditions.append(col(ReviewMeeting.occurred_on) <= date_to)
    total = session.exec(select(func.count()).select_from(ReviewMeeting).where(*conditions)).one()
    rows = session.exec(
        select(ReviewMeeting)
        .where(*conditions)
        .order_by(
            col(ReviewMeeting.occurred_on).desc(),
            col(ReviewMeeting.recorded_at).desc(),
            sa.desc(col(ReviewMeeting.id)),
        )
        .limit(limit)
        .offset(offset)
    ).all()
    items = _reads(session, list(rows))
    audit.record_now(session, actor, "list", "reviewmeeting", family.id, family.id)
    return ReviewPage(items=items, total=total, limit=limit, offset=offset)
