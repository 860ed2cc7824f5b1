"""What needs doing next: a worker's caseload and a team lead's dashboard.

Every figure comes from one aggregate query over the families the actor may see,
so a page costs the same few queries whatever the size of the caseload.
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app import clock
from app.domain.timescale import Timescale
from app.models.account import Allocation, Role, User
from app.models.evidence import ParentComment, ProgressEntry, StageRating
from app.models.family import (
    Family,
    FamilyMember,
    FamilyStatus,
    LegalStatus,
    TimescaleExtension,
)
from app.models.plan import Assessment, AssessmentStatus, Milestone, MilestoneStatus
from app.models.review import ReviewMeeting
from app.services import access, audit
from app.services.cases import timescale
from app.services.context import Actor

REVIEW_SOON = timedelta(days=14)
DECISION_SOON = timedelta(weeks=4)
EVIDENCE_STALE = timedelta(days=28)


class Show(enum.StrEnum):
    """The lists behind the numbers on the team dashboard."""

    attention = "attention"
    all = "all"
    overdue = "overdue"
    reviews = "reviews"
    decisions = "decisions"
    no_evidence = "no_evidence"
    comments = "comments"


# --- the child's timescale clock -------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """Time left to the decision date, in words and a colour (never colour alone),
    with the rule that sets the date in one sentence."""

    decision_date: date | None
    days_left: int | None
    words: str
    colour: str  # a GOV.UK tag modifier: red, orange, green or grey
    rule: str = ""  # the rule and any extension, in one sentence
    position: str = ""  # where today stands, e.g. "... is in week 3 of 26."


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def timescale_clock(t: Timescale, today: date) -> Clock:
    decision_date, rule = t.decision_date, (t.sentence(), t.position(today))
    if decision_date is None:
        return Clock(None, None, "No decision date", "grey", *rule)
    days = (decision_date - today).days
    if days < 0:
        return Clock(decision_date, days, f"Overdue by {_weeks((-days + 6) // 7)}", "red", *rule)
    if days == 0:
        return Clock(decision_date, days, "Decision due today", "red", *rule)
    if days < 7:
        return Clock(decision_date, days, f"{days} day{'s' if days > 1 else ''} left", "red", *rule)
    weeks = days // 7
    colour = "orange" if days <= DECISION_SOON.days else "green"
    return Clock(decision_date, days, f"{_weeks(weeks)} left", colour, *rule)


# --- one row per family ------------------------------------------------------------


@dataclass(frozen=True)
class FamilyFacts:
    family_id: uuid.UUID
    case_reference: str
    family_name: str
    legal_status: LegalStatus
    worker_id: uuid.UUID | None
    worker_name: str | None
    clock: Clock
    overdue_milestones: int
    next_review_on: date | None
    last_evidence_on: date | None
    new_comments: int
    review_due: bool
    decision_soon: bool
    no_recent_evidence: bool


def _current(model: Any) -> sa.ColumnElement[bool]:
    """Current versions of evidence: not entered in error and not amended since."""
    newer = aliased(model)
    return sa.and_(
        model.entered_in_error_at.is_(None),
        ~sa.exists().where(newer.amends_id == model.id),
    )


def _flag(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.case((condition, 1), else_=0)


def _facts(actor: Actor, today: date) -> Any:
    """A sub-select with one row per open family the actor may see, and its flags.

    Every inner aggregate is limited to the actor's families, so the cost follows
    the size of the caseload, not of the whole database.
    """
    visible = access.family_ids_visible(actor)
    decision = (
        sa.select(col(Assessment.family_id), col(Assessment.decision_date))
        .where(col(Assessment.status) == AssessmentStatus.open)
        .where(col(Assessment.family_id).in_(visible))
        .subquery()
    )
    extended = timescale.extension_totals(visible)
    overdue = (
        sa.select(col(Milestone.family_id), sa.func.count().label("n"))
        .where(col(Milestone.status) == MilestoneStatus.pending, col(Milestone.due_on) < today)
        .where(col(Milestone.family_id).in_(visible))
        .group_by(col(Milestone.family_id))
        .subquery()
    )
    reviews = (
        sa.select(
            col(ReviewMeeting.family_id),
            col(ReviewMeeting.next_review_on),
            sa.func.row_number()
            .over(
                partition_by=col(ReviewMeeting.family_id),
                order_by=(
                    col(ReviewMeeting.occurred_on).desc(),
                    col(ReviewMeeting.recorded_at).desc(),
                ),
            )
            .label("rn"),
        )
        .where(_current(ReviewMeeting), col(ReviewMeeting.family_id).in_(visible))
        .subquery()
    )
    latest_review = (
        sa.select(reviews.c.family_id, reviews.c.next_review_on).where(reviews.c.rn == 1).subquery()
    )
    evidence = sa.union_all(
        sa.select(col(ProgressEntry.family_id), col(ProgressEntry.occurred_on)).where(
            _current(ProgressEntry), col(ProgressEntry.family_id).in_(visible)
        ),
        sa.select(col(StageRating.family_id), col(StageRating.occurred_on)).where(
            _current(StageRating), col(StageRating.family_id).in_(visible)
        ),
    ).subquery()
    last_evidence = (
        sa.select(evidence.c.family_id, sa.func.max(evidence.c.occurred_on).label("last_on"))
        .group_by(evidence.c.family_id)
        .subquery()
    )
    comments = (
        sa.select(col(ParentComment.family_id), sa.func.count().label("n"))
        .where(col(ParentComment.seen_at).is_(None), col(ParentComment.family_id).in_(visible))
        .group_by(col(ParentComment.family_id))
        .subquery()
    )
    allocations = (
        sa.select(
            col(Allocation.family_id),
            col(Allocation.user_id),
            sa.func.row_number()
            .over(
                partition_by=col(Allocation.family_id),
                order_by=col(Allocation.allocated_at).desc(),
            )
            .label("rn"),
        )
        .where(col(Allocation.is_primary).is_(True), col(Allocation.ended_at).is_(None))
        .where(col(Allocation.family_id).in_(visible))
        .subquery()
    )
    worker = (
        sa.select(
            allocations.c.family_id,
            col(User.id).label("user_id"),
            col(User.display_name),
        )
        .join(User, col(User.id) == allocations.c.user_id)
        .where(allocations.c.rn == 1)
        .subquery()
    )
    overdue_n = sa.func.coalesce(overdue.c.n, 0)
    family_id = col(Family.id)
    return (
        sa.select(
            family_id.label("family_id"),
            col(Family.case_reference),
            col(Family.family_name),
            col(Family.legal_status),
            worker.c.user_id.label("worker_id"),
            worker.c.display_name.label("worker_name"),
            decision.c.decision_date,
            col(Family.proceedings_issued_on),
            sa.func.coalesce(extended.c.weeks, 0).label("extension_weeks"),
            sa.func.coalesce(extended.c.n, 0).label("extensions"),
            overdue_n.label("overdue_milestones"),
            latest_review.c.next_review_on,
            last_evidence.c.last_on.label("last_evidence_on"),
            sa.func.coalesce(comments.c.n, 0).label("new_comments"),
            _flag(overdue_n > 0).label("has_overdue"),
            _flag(latest_review.c.next_review_on <= today + REVIEW_SOON).label("review_due"),
            _flag(decision.c.decision_date <= today + DECISION_SOON).label("decision_soon"),
            _flag(
                sa.or_(
                    last_evidence.c.last_on.is_(None),
                    last_evidence.c.last_on < today - EVIDENCE_STALE,
                )
            ).label("no_recent_evidence"),
        )
        .select_from(Family)
        .outerjoin(decision, decision.c.family_id == family_id)
        .outerjoin(extended, extended.c.family_id == family_id)
        .outerjoin(overdue, overdue.c.family_id == family_id)
        .outerjoin(latest_review, latest_review.c.family_id == family_id)
        .outerjoin(last_evidence, last_evidence.c.family_id == family_id)
        .outerjoin(comments, comments.c.family_id == family_id)
        .outerjoin(worker, worker.c.family_id == family_id)
        .where(col(Family.status) == FamilyStatus.open, access.family_condition(actor))
        .subquery()
    )


def _rows(session: Session, statement: Any) -> list[Any]:
    return list(session.exec(statement).all())


def _row_to_facts(row: Any, today: date) -> FamilyFacts:
    return FamilyFacts(
        family_id=row.family_id,
        case_reference=row.case_reference,
        family_name=row.family_name,
        legal_status=row.legal_status,
        worker_id=row.worker_id,
        worker_name=row.worker_name,
        clock=timescale_clock(
            timescale.timescale_of(
                row.legal_status,
                row.proceedings_issued_on,
                row.decision_date,
                int(row.extension_weeks),
                int(row.extensions),
            ),
            today,
        ),
        overdue_milestones=row.overdue_milestones,
        next_review_on=row.next_review_on,
        last_evidence_on=row.last_evidence_on,
        new_comments=row.new_comments,
        review_due=bool(row.review_due),
        decision_soon=bool(row.decision_soon),
        no_recent_evidence=bool(row.no_recent_evidence),
    )


def _show_condition(facts: Any, show: Show) -> sa.ColumnElement[bool]:
    c = facts.c
    conditions: dict[Show, sa.ColumnElement[bool]] = {
        Show.all: sa.true(),
        Show.overdue: c.has_overdue == 1,
        Show.reviews: c.review_due == 1,
        Show.decisions: c.decision_soon == 1,
        Show.no_evidence: c.no_recent_evidence == 1,
        Show.comments: c.new_comments > 0,
    }
    if show == Show.attention:
        return sa.or_(*(v for k, v in conditions.items() if k != Show.all))
    return conditions[show]


def _list(
    session: Session,
    facts: Any,
    today: date,
    condition: sa.ColumnElement[bool],
) -> list[FamilyFacts]:
    c = facts.c
    rows = _rows(
        session,
        sa.select(*facts.c)
        .where(condition)
        .order_by(
            sa.case((c.decision_date.is_(None), 1), else_=0),
            c.decision_date,
            c.family_name,
            c.case_reference,
        ),
    )
    return [_row_to_facts(row, today) for row in rows]


# --- the pages' services -------------------------------------------------------------


def my_caseload(session: Session, actor: Actor, today: date | None = None) -> list[FamilyFacts]:
    """The open families the actor may see, soonest decision date first."""
    access.require_staff(actor)
    today = today or clock.today()
    families = _list(session, _facts(actor, today), today, sa.true())
    audit.record_now(session, actor, "read", "caseload", actor.user.id)
    return families


@dataclass(frozen=True)
class Counts:
    families: int = 0
    overdue: int = 0
    reviews: int = 0
    decisions: int = 0
    no_evidence: int = 0
    comments: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            *(
                getattr(self, f) + getattr(other, f)
                for f in ("families", "overdue", "reviews", "decisions", "no_evidence", "comments")
            )
        )


@dataclass(frozen=True)
class WorkerLoad:
    worker_id: uuid.UUID | None  # None: families with no allocated worker
    name: str
    counts: Counts


@dataclass(frozen=True)
class TeamDashboard:
    totals: Counts
    workers: list[WorkerLoad]
    show: Show
    worker_id: uuid.UUID | None
    families: list[FamilyFacts]


def team_dashboard(
    session: Session,
    actor: Actor,
    show: Show = Show.attention,
    worker_id: uuid.UUID | None = None,
    today: date | None = None,
) -> TeamDashboard:
    """Workers and their caseloads, with the list behind one of the numbers."""
    access.require_team_lead(actor)
    today = today or clock.today()
    facts = _facts(actor, today)
    c = facts.c
    grouped = _rows(
        session,
        sa.select(
            c.worker_id,
            c.worker_name,
            sa.func.count().label("families"),
            sa.func.sum(c.has_overdue).label("overdue"),
            sa.func.sum(c.review_due).label("reviews"),
            sa.func.sum(c.decision_soon).label("decisions"),
            sa.func.sum(c.no_recent_evidence).label("no_evidence"),
            sa.func.sum(_flag(c.new_comments > 0)).label("comments"),
        ).group_by(c.worker_id, c.worker_name),
    )
    names = {row.worker_id: row.worker_name for row in grouped}
    by_worker = {
        row.worker_id: Counts(
            int(row.families),
            int(row.overdue or 0),
            int(row.reviews or 0),
            int(row.decisions or 0),
            int(row.no_evidence or 0),
            int(row.comments or 0),
        )
        for row in grouped
    }
    team_workers: list[Any] = list(
        session.exec(
            select(User.id, User.display_name)
            .where(
                User.team_id == actor.user.team_id,
                User.role == Role.social_worker,
                col(User.is_active).is_(True),
            )
            .order_by(User.display_name)
        ).all()
    )
    workers = [
        WorkerLoad(w.id, w.display_name, by_worker.pop(w.id, Counts())) for w in team_workers
    ]
    # families allocated to someone outside the team's worker list, or to nobody
    for wid, counts in by_worker.items():
        workers.append(WorkerLoad(wid, names[wid] if wid else "Not allocated", counts))
    totals = sum((w.counts for w in workers), Counts())
    condition = _show_condition(facts, show)
    if worker_id is not None:
        condition = sa.and_(condition, c.worker_id == worker_id)
    families = _list(session, facts, today, condition)
    team = actor.user.team_id or ""
    audit.record_now(session, actor, "read", "team_dashboard", team)
    return TeamDashboard(totals, workers, show, worker_id, families)


# --- the family page shell -------------------------------------------------------------


@dataclass(frozen=True)
class FamilySummary:
    family: Family
    members: list[FamilyMember]
    assessment: Assessment | None
    clock: Clock
    extensions: list[TimescaleExtension]


def family_summary(
    session: Session, actor: Actor, family_id: uuid.UUID, today: date | None = None
) -> FamilySummary:
    """A family's members, legal status and timescale clock (read audited)."""
    family = access.get_family(session, actor, family_id)
    members = list(
        session.exec(
            select(FamilyMember)
            .where(FamilyMember.family_id == family.id)
            .order_by(FamilyMember.role, FamilyMember.full_name)
        ).all()
    )
    assessment = session.exec(
        select(Assessment).where(
            Assessment.family_id == family.id, Assessment.status == AssessmentStatus.open
        )
    ).first()
    t, extensions = timescale.family_timescale(session, family, assessment)
    timescale_now = timescale_clock(t, today or clock.today())
    audit.record_now(session, actor, "read", "family", family.id, family.id)
    return FamilySummary(family, members, assessment, timescale_now, extensions)
