"""What needs doing next: a worker's caseload and a team lead's dashboard.

Every figure comes from one aggregate query over the families the actor may see,
plus the few queries the risk rule reads (``views.risk``), so a page costs the
same few queries whatever the size of the caseload. Families are listed most at
risk first.
"""

import enum
import uuid
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

import sqlalchemy as sa
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
from app.models.plan import Assessment, AssessmentStatus, Milestone
from app.models.review import ReviewMeeting
from app.services import access, audit
from app.services.cases import assessments, families, timescale
from app.services.context import Actor
from app.services.plan import milestones
from app.services.views import oversight, reuse, risk
from app.services.views.paging import Paged, page_of
from app.services.views.risk import DECISION_SOON, Risk, Signal

# families listed a page at a time on the caseload and the team dashboard
PER_PAGE = 25
REVIEW_SOON = timedelta(days=14)
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
    not_on_course = "not_on_course"
    falling = "falling"
    relapse = "relapse"


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
    no_recent_evidence: bool
    risk: Risk

    @property
    def decision_soon(self) -> bool:
        return self.risk.decision_soon

    @cached_property
    def lists(self) -> frozenset["Show"]:
        """The dashboard's lists the family is in, worked out once: asked afresh for each
        list of each family's counts, this rule was a third of a team dashboard's time
        (cProfile)."""
        signals = self.risk.signals
        found = {Show.all}
        found.update(
            show
            for show, on in (
                (Show.overdue, Signal.overdue in signals),
                (Show.reviews, self.review_due),
                (Show.decisions, Signal.decision in signals),
                (Show.no_evidence, self.no_recent_evidence),
                (Show.comments, self.new_comments > 0),
                (Show.not_on_course, Signal.not_on_course in signals),
                (Show.falling, Signal.falling in signals),
                (Show.relapse, Signal.relapse in signals),
            )
            if on
        )
        if len(found) > 1:
            found.add(Show.attention)
        return frozenset(found)

    def shows(self, show: "Show") -> bool:
        """Whether the family belongs in one of the dashboard's lists."""
        return show in self.lists


def _current(model: Any) -> sa.ColumnElement[bool]:
    """Current versions of evidence: not entered in error and not amended since.

    The "not amended" clause is built once per table (``access.is_current``): aliasing
    the table afresh for every query was a tenth of a caseload page's time (py-spy).
    """
    return sa.and_(model.entered_in_error_at.is_(None), access.is_current(model))


def _params(actor: Actor, today: date) -> dict[str, Any]:
    """The bound values of the caseload's statements: the actor and today's date."""
    return access.rule_params(actor) | {"caseload_today": today}


def _per_family(statement: sa.Select[Any]) -> Any:
    """A figure of the family on the caseload's row, read through the family's own index."""
    return statement.correlate(Family).scalar_subquery()


@lru_cache(maxsize=16)
def _facts(role: Role, active: bool) -> Any:
    """A select with one row per open family a user of this role may see, and its figures.

    Each figure is a subquery of that family's rows alone, through the family's index:
    joining per-table aggregates over every visible family (each with its own copy of
    the access rule) took SQLite ten times as long for a worker's caseload (3 ms
    against 0.3). The flags that compare with today are worked out in Python.
    Built once per role, every value bound at execution (``_params``): building it
    took a third of a caseload page's time (py-spy).
    """
    today: Any = sa.bindparam("caseload_today", type_=sa.Date)
    family_id = col(Family.id)
    decision = sa.select(col(Assessment.decision_date)).where(
        col(Assessment.family_id) == family_id, col(Assessment.status) == AssessmentStatus.open
    )
    in_force = sa.and_(
        col(TimescaleExtension.family_id) == family_id,
        col(TimescaleExtension.entered_in_error_at).is_(None),
    )
    extension_weeks = sa.select(sa.func.sum(col(TimescaleExtension.weeks))).where(in_force)
    extensions = sa.select(sa.func.count()).select_from(TimescaleExtension).where(in_force)
    overdue = (
        sa.select(sa.func.count())
        .select_from(Milestone)
        .where(col(Milestone.family_id) == family_id, milestones.overdue_condition(today))
    )
    next_review = (
        sa.select(col(ReviewMeeting.next_review_on))
        .where(col(ReviewMeeting.family_id) == family_id, _current(ReviewMeeting))
        .order_by(col(ReviewMeeting.occurred_on).desc(), col(ReviewMeeting.recorded_at).desc())
        .limit(1)
    )
    last_entry = sa.select(sa.func.max(col(ProgressEntry.occurred_on))).where(
        col(ProgressEntry.family_id) == family_id, _current(ProgressEntry)
    )
    last_rating = sa.select(sa.func.max(col(StageRating.occurred_on))).where(
        col(StageRating.family_id) == family_id, _current(StageRating)
    )
    comments = (
        sa.select(sa.func.count())
        .select_from(ParentComment)
        .where(col(ParentComment.family_id) == family_id, col(ParentComment.seen_at).is_(None))
    )
    # the latest primary allocation in force: its worker's id and name
    allocated = (
        sa.select(col(Allocation.user_id))
        .where(
            col(Allocation.family_id) == family_id,
            col(Allocation.is_primary).is_(True),
            col(Allocation.ended_at).is_(None),
        )
        .order_by(col(Allocation.allocated_at).desc(), col(Allocation.id).desc())
        .limit(1)
    )
    worker_name = sa.select(col(User.display_name)).where(col(User.id) == _per_family(allocated))
    # the actor's open families first, materialised on PostgreSQL: otherwise it joins
    # every open family in the database to the aggregates and only then keeps the
    # actor's (EXPLAIN ANALYZE at 20,000 families: 54 ms, against 0.3 ms this way)
    mine = (
        sa.select(family_id)
        .where(col(Family.status) == FamilyStatus.open, access.family_rule(role, active))
        .cte("my_open_families")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return (
        sa.select(
            family_id.label("family_id"),
            col(Family.case_reference),
            col(Family.family_name),
            col(Family.legal_status),
            _per_family(allocated).label("worker_id"),
            _per_family(worker_name).label("worker_name"),
            _per_family(decision).label("decision_date"),
            col(Family.proceedings_issued_on),
            _per_family(extension_weeks).label("extension_weeks"),
            _per_family(extensions).label("extensions"),
            _per_family(overdue).label("overdue_milestones"),
            _per_family(next_review).label("next_review_on"),
            _per_family(last_entry).label("last_entry_on"),
            _per_family(last_rating).label("last_rating_on"),
            _per_family(comments).label("new_comments"),
        )
        .select_from(mine)
        .join(Family, family_id == mine.c.id)
    )


def _latest(*days: date | None) -> date | None:
    return max((d for d in days if d is not None), default=None)


def _families(session: Session, actor: Actor, today: date) -> list[FamilyFacts]:
    """Every open family the actor may see, most at risk first: three queries, or two
    when none of those families has changed since the list was last worked out."""
    return reuse.view(
        session,
        actor,
        ("caseload_families", today),
        lambda: reuse.visible_marks(session, actor),
        lambda: _work_out_families(session, actor, today),
    )


def _work_out_families(session: Session, actor: Actor, today: date) -> list[FamilyFacts]:
    user = actor.user
    statement = _facts(user.role, user.is_active)
    # plain rows through the connection, as the risk rule's (``risk.rows``)
    rows = risk.rows(session, statement, _params(actor, today))
    evidence = risk.load(session, actor, today)
    review_by, stale_before = today + REVIEW_SOON, today - EVIDENCE_STALE
    families = []
    for row in rows:
        t = timescale.timescale_of(
            row.legal_status,
            row.proceedings_issued_on,
            row.decision_date,
            int(row.extension_weeks or 0),
            int(row.extensions),
        )
        family_risk = risk.assess(
            evidence.goal_points.get(row.family_id, []),
            t.decision_date,
            today,
            overdue_milestones=row.overdue_milestones,
            relapse_on=evidence.relapse_on.get(row.family_id),
        )
        last_evidence_on = _latest(row.last_entry_on, row.last_rating_on)
        families.append(
            FamilyFacts(
                family_id=row.family_id,
                case_reference=row.case_reference,
                family_name=row.family_name,
                legal_status=row.legal_status,
                worker_id=row.worker_id,
                worker_name=row.worker_name,
                clock=risk.shown_clock(timescale_clock(t, today), family_risk),
                overdue_milestones=row.overdue_milestones,
                next_review_on=row.next_review_on,
                last_evidence_on=last_evidence_on,
                new_comments=row.new_comments,
                review_due=row.next_review_on is not None and row.next_review_on <= review_by,
                no_recent_evidence=last_evidence_on is None or last_evidence_on < stale_before,
                risk=family_risk,
            )
        )
    families.sort(key=lambda f: (f.risk.sort_key(), f.family_name, f.case_reference))
    return families


# --- the pages' services -------------------------------------------------------------


def my_caseload(
    session: Session, actor: Actor, today: date | None = None, *, page: int = 1
) -> Paged[FamilyFacts]:
    """One page of the open families the actor may see, most at risk first.

    The order needs every family's risk, so all are read (in the same few queries
    whatever their number); only the page's are shown.
    """
    access.require_staff(actor)
    today = today or clock.today()
    families = _families(session, actor, today)
    audit.record_now(session, actor, "read", "caseload", actor.user.id)
    return page_of(families, page, PER_PAGE)


@dataclass(frozen=True)
class Counts:
    families: int = 0
    overdue: int = 0
    reviews: int = 0
    decisions: int = 0
    no_evidence: int = 0
    comments: int = 0
    not_on_course: int = 0
    falling: int = 0
    relapse: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @classmethod
    def of(cls, families: list[FamilyFacts]) -> "Counts":
        """How many of these families are in each of the dashboard's lists."""
        return cls(
            **{
                f.name: sum(
                    family.shows(Show.all if f.name == "families" else Show(f.name))
                    for family in families
                )
                for f in fields(cls)
            }
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
    # one page of the list behind the number shown
    listed: Paged[FamilyFacts]
    # goals waiting for a team lead's sign-off
    awaiting_sign_off: int = 0

    @property
    def families(self) -> list[FamilyFacts]:
        return self.listed.items


# the team's active workers, built once (building it took as long as running it); a lead
# with no team is shown the workers with none, as ``User.team_id == None`` did
_TEAM_WORKERS = (
    select(User.id, User.display_name)
    .where(
        col(User.team_id).is_not_distinct_from(sa.bindparam("team_id", type_=sa.Uuid)),
        User.role == Role.social_worker,
        col(User.is_active).is_(True),
    )
    .order_by(User.display_name)
)


def team_dashboard(
    session: Session,
    actor: Actor,
    show: Show = Show.attention,
    worker_id: uuid.UUID | None = None,
    today: date | None = None,
    *,
    page: int = 1,
) -> TeamDashboard:
    """Workers and their caseloads, with one page of the list behind one of the numbers."""
    access.require_team_lead(actor)
    today = today or clock.today()
    everyone = _families(session, actor, today)
    by_worker_families: dict[uuid.UUID | None, list[FamilyFacts]] = {}
    names: dict[uuid.UUID | None, str | None] = {}
    for family in everyone:
        by_worker_families.setdefault(family.worker_id, []).append(family)
        names[family.worker_id] = family.worker_name
    by_worker = {wid: Counts.of(families) for wid, families in by_worker_families.items()}
    team_workers = risk.rows(session, _TEAM_WORKERS, {"team_id": actor.user.team_id})
    workers = [
        WorkerLoad(w.id, w.display_name, by_worker.pop(w.id, Counts())) for w in team_workers
    ]
    # families allocated to someone outside the team's worker list, or to nobody
    for wid, counts in by_worker.items():
        workers.append(WorkerLoad(wid, names[wid] or "Not allocated", counts))
    totals = sum((w.counts for w in workers), Counts())
    families = [
        f for f in everyone if f.shows(show) and (worker_id is None or f.worker_id == worker_id)
    ]
    team = actor.user.team_id or ""
    audit.record_now(session, actor, "read", "team_dashboard", team)
    waiting = oversight.count_awaiting_sign_off(session, actor)
    listed = page_of(families, page, PER_PAGE)
    return TeamDashboard(totals, workers, show, worker_id, listed, waiting)


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
    # by role, then by name: a stable sort of the members in the database's order of names
    # (roles are stored as their text)
    members = sorted(families.members_by_name(session, family.id), key=lambda m: m.role.value)
    assessment = assessments.open_assessment(session, family.id)
    t, extensions = timescale.family_timescale(session, family, assessment)
    timescale_now = timescale_clock(t, today or clock.today())
    audit.record_now(session, actor, "read", "family", family.id, family.id)
    return FamilySummary(family, members, assessment, timescale_now, extensions)
