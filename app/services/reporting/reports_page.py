"""The "Reports and chronology" page of a family: what can be exported, what was, and the
worker's changes to the chronology. Staff only, in a fixed number of queries.

Exporting itself, and recording a change to the chronology, are
``app.services.reporting.exports``; this module adds the reading side and the checks a
form needs (the event to leave out must be one of the family's chronology rows).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from app import clock
from app.models.evidence import Significance, Visibility
from app.models.family import Family
from app.models.report import (
    AdjustmentAction,
    ChronologyAdjustment,
    Export,
    ReportSection,
    ReportStatus,
)
from app.reports.case_record import CaseRecord, Signatory
from app.reports.chronology import Chronology
from app.reports.significance import NEEDS_REVIEW
from app.services import access
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import corrections
from app.services.inputs import bad_characters, check_evidence_date
from app.services.reporting import chronology, exports
from app.services.reporting.case_record import gather

SOURCE_MAX = 300  # ChronologyAdjustment.source
TEXT_MAX = 5000


@dataclass(frozen=True)
class EventChoice:
    """A chronology row the worker may leave out."""

    key: str
    on: date
    number: int
    event: str


@dataclass(frozen=True)
class Change:
    """A change the worker made to the chronology: who, when, what and why."""

    action: AdjustmentAction
    by: str
    at: datetime
    on: date | None
    event: str
    reason: str


@dataclass(frozen=True)
class ExportLine:
    export: Export
    by: str


@dataclass(frozen=True)
class AssessmentStatus:
    """Where the assessment report stands: draft or approved, and what is still missing."""

    assessment_id: uuid.UUID
    status: ReportStatus
    missing: list[ReportSection]
    author: Signatory | None
    approver: Signatory | None


@dataclass(frozen=True)
class ReportsOverview:
    family: Family
    events: list[EventChoice]
    changes: list[Change]
    exports: list[ExportLine]
    # the assessment report of the open (else the latest) assessment; None without one
    assessment: AssessmentStatus | None = None
    # significant entries whose "significance for the child" is a suggestion not yet
    # confirmed by the worker (the chronology and the reports print it)
    needs_review: int = 0
    # the plan events in the chronology, for the worker to write what each means for the
    # child (those still needing it first)
    plan_events: list[EventChoice] = field(default_factory=list)


def assessment_status(case: CaseRecord) -> AssessmentStatus | None:
    a = case.assessment
    if a is None:
        return None
    written = case.report
    sections = written.sections if written else {}
    return AssessmentStatus(
        a.id,
        ReportStatus(written.status) if written else ReportStatus.draft,
        [s for s in ReportSection if s.value not in sections],
        written.author if written else None,
        written.approver if written and written.approved else None,
    )


def needing_review(case: CaseRecord) -> int:
    return sum(
        1
        for e in case.current(case.entries)
        if e.significance == Significance.significant
        and e.significance_needs_review
        and e.entered_in_error_at is None
    )


def staff_only(session: Session, actor: Actor, family_id: uuid.UUID) -> None:
    """Anyone but staff is answered as if the family did not exist (and audited)."""
    if not actor.is_staff:
        raise access.deny(session, actor, "family", family_id)


def _changes(case: CaseRecord, chron: Chronology) -> list[Change]:
    left_out = {a.key: a for a in chron.left_out}
    rows = {r.key: r for r in chron.rows}
    found: list[Change] = []
    for adj in reversed(case.adjustments):  # newest first
        if adj.action == AdjustmentAction.omit:
            row = left_out.get(adj.target_key)
            on, event = (row.on, row.text) if row else (None, "An event no longer in the record")
        elif adj.action == AdjustmentAction.significance:
            kept = rows.get(adj.target_key)
            on, event = (
                (kept.on, kept.event) if kept else (None, "An event no longer in the record")
            )
            event = f"What it means for the child: “{adj.significance}”, for: {event}"
        else:
            on, event = adj.occurred_on, adj.event
        found.append(
            Change(adj.action, case.name(adj.created_by_id), adj.created_at, on, event, adj.reason)
        )
    return found


def overview(
    session: Session, actor: Actor, family_id: uuid.UUID, today: date | None = None
) -> ReportsOverview:
    """Everything the page shows; the read is audited (by ``exports.family_exports``)."""
    staff_only(session, actor, family_id)
    done = exports.family_exports(session, actor, family_id)
    case = gather(session, actor, family_id)
    chron = chronology.build(case, None, None, today or clock.today())
    events = [
        EventChoice(row.key, row.on, row.number, row.event)
        for row in chron.rows
        if not row.key.startswith("adjustment:")
    ]
    needs_review = {row.key: row.significance.startswith(NEEDS_REVIEW) for row in chron.rows}
    names = dict(case.names)
    missing = {e.created_by_id for e in done if e.created_by_id and e.created_by_id not in names}
    names |= corrections.user_names(session, missing)
    lines = [
        ExportLine(e, names.get(e.created_by_id, "unknown") if e.created_by_id else "unknown")
        for e in done
    ]
    plan_events = sorted(
        (e for e in events if e.key.startswith("event:")),
        key=lambda e: (not needs_review[e.key], e.number),
    )
    return ReportsOverview(
        case.family,
        events,
        _changes(case, chron),
        lines,
        assessment_status(case),
        needing_review(case),
        plan_events,
    )


def _check_text(field: str, value: str, what: str, limit: int = TEXT_MAX) -> None:
    if len(value) > limit:
        raise Invalid(field, f"{what} must be {limit} characters or fewer")
    if bad_characters(value):
        raise Invalid(field, f"{what} must not contain control characters")


def leave_out(
    session: Session, actor: Actor, family_id: uuid.UUID, target_key: str, reason: str
) -> ChronologyAdjustment:
    """Leave one of the family's chronology events out, with a reason."""
    staff_only(session, actor, family_id)
    if not target_key:
        raise Invalid("target_key", "Choose the event to leave out")
    case = gather(session, actor, family_id)
    chron = chronology.build(case, None, None, clock.today())
    if target_key not in {r.key for r in chron.rows if not r.key.startswith("adjustment:")}:
        raise Invalid("target_key", "Choose an event from the chronology")
    _check_text("reason", reason, "The reason")
    return exports.add_adjustment(
        session, actor, family_id, AdjustmentAction.omit, reason, target_key=target_key
    )


def add_event(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    *,
    occurred_on: date,
    event: str,
    source: str,
    significance: str,
    reason: str,
    shared: bool = False,
) -> ChronologyAdjustment:
    """Add an event the records do not hold to the chronology, with a reason."""
    staff_only(session, actor, family_id)
    # an event from outside the plan may predate the family's involvement: 1900 to today
    check_evidence_date(session, None, occurred_on)
    _check_text("event", event, "What happened")
    _check_text("source", source, "The source", SOURCE_MAX)
    _check_text("significance", significance, "The significance for the child")
    _check_text("reason", reason, "The reason")
    return exports.add_adjustment(
        session,
        actor,
        family_id,
        AdjustmentAction.add,
        reason,
        occurred_on=occurred_on,
        event=event,
        source=source,
        significance=significance,
        shared=shared,
    )


def write_significance(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    target_key: str,
    significance: str,
    reason: str,
) -> ChronologyAdjustment:
    """Write (or correct) what a plan event in the chronology means for the child."""
    staff_only(session, actor, family_id)
    if not target_key:
        raise Invalid("significance_key", "Choose the event")
    case = gather(session, actor, family_id)
    chron = chronology.build(case, None, None, clock.today())
    if not target_key.startswith("event:") or target_key not in {r.key for r in chron.rows}:
        raise Invalid("significance_key", "Choose an event of the plan from the chronology")
    if not significance.strip():
        raise Invalid("significance_text", "Enter what the event means for the child")
    _check_text("significance_text", significance, "What the event means for the child")
    if not reason.strip():
        raise Invalid("significance_reason", "Enter why you are writing or changing it")
    _check_text("significance_reason", reason, "The reason")
    event_id = uuid.UUID(target_key.split(":", 1)[1])
    shared = any(e.id == event_id and e.visibility == Visibility.shared for e in case.events)
    return exports.add_adjustment(
        session,
        actor,
        family_id,
        AdjustmentAction.significance,
        reason,
        target_key=target_key,
        significance=significance,
        shared=shared,
    )
