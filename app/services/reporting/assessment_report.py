"""The assessment report as a piece of work: drafted by the worker, approved by the team lead.

- The worker writes each section (``ReportSection``, in SWET order). Every save is a new
  ``SectionDraft`` (append-only, numbered from 1); a save must name the draft number it
  was based on, so a save over someone else's newer draft answers 409 and loses nothing.
- The worker submits the report once every section is written. While it is with the
  team lead it cannot change.
- A team lead of the family's team approves it, or returns it with comments. The person
  who submitted it cannot approve it. Each step is a ``ReportDecision`` (append-only)
  and names the report version it was taken on, so a team lead approves exactly what
  they read. Once approved, the report is final.

Staff only: anyone else is answered as if the assessment did not exist (and audited).
Every read and write is audited.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app import clock, vocabulary
from app.models.account import Role, User
from app.models.family import Family
from app.models.plan import Assessment
from app.models.report import (
    AssessmentReport,
    ReportAction,
    ReportDecision,
    ReportSection,
    ReportStatus,
    SectionDraft,
)
from app.reports.case_record import Signatory, WrittenReport
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotAllowed
from app.services.inputs import bad_characters, has_visible

TEXT_MAX = 50_000
COMMENT_MAX = 5_000
SECTIONS = list(ReportSection)  # in the order the report prints them
EDITABLE = (ReportStatus.draft, ReportStatus.returned)


@dataclass(frozen=True)
class Draft:
    """One saved version of a section, with who wrote it."""

    section: ReportSection
    number: int
    text: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Decision:
    action: ReportAction
    comment: str
    by: str
    at: datetime
    report_version: int


@dataclass
class ReportState:
    """Everything known about an assessment's report, for a page, the API or a PDF."""

    assessment: Assessment
    report: AssessmentReport | None
    family: Family | None = None
    # every version of every section, oldest first
    drafts: list[Draft] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    names: dict[uuid.UUID, str] = field(default_factory=dict)
    roles: dict[uuid.UUID, Role] = field(default_factory=dict)

    @property
    def status(self) -> ReportStatus:
        return self.report.status if self.report else ReportStatus.draft

    @property
    def version(self) -> int:
        """The report's version: 0 before anything is written."""
        return self.report.version if self.report else 0

    def current(self, section: ReportSection) -> Draft | None:
        found = [d for d in self.drafts if d.section == section]
        return found[-1] if found else None

    def history(self, section: ReportSection) -> list[Draft]:
        """A section's versions, newest first."""
        return [d for d in reversed(self.drafts) if d.section == section]

    @property
    def missing(self) -> list[ReportSection]:
        return [s for s in SECTIONS if self.current(s) is None]

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def last_return(self) -> Decision | None:
        """The team lead's comments, while the report is returned to the worker."""
        if self.status != ReportStatus.returned:
            return None
        returned = [d for d in self.decisions if d.action == ReportAction.returned]
        return returned[-1] if returned else None

    def signatory(self, user_id: uuid.UUID | None, at: datetime | None) -> Signatory | None:
        if user_id is None or at is None:
            return None
        role = self.roles.get(user_id)
        return Signatory(
            self.names.get(user_id, "unknown"),
            vocabulary.court(role) if role else "",
            clock.local_date(at),
        )

    def written(self) -> WrittenReport:
        """The part a rendered report needs."""
        r = self.report
        return WrittenReport(
            status=self.status.value,
            version=self.version,
            sections={s.value: d.text for s in SECTIONS if (d := self.current(s)) is not None},
            author=self.signatory(r.author_id, r.submitted_at) if r else None,
            approver=self.signatory(r.approved_by_id, r.approved_at) if r else None,
        )


def _staff_only(session: Session, actor: Actor, assessment_id: uuid.UUID) -> None:
    if not actor.is_staff:
        raise access.deny(session, actor, "assessment", assessment_id)


def load(session: Session, assessment: Assessment) -> ReportState:
    """The report of an assessment the caller has already been allowed to see (4 queries)."""
    report = session.exec(
        select(AssessmentReport).where(AssessmentReport.assessment_id == assessment.id)
    ).first()
    state = ReportState(assessment, report)
    if report is None:
        return state
    drafts = session.exec(
        select(SectionDraft)
        .where(SectionDraft.report_id == report.id)
        .order_by(col(SectionDraft.number), col(SectionDraft.written_at))
    ).all()
    decisions = session.exec(
        select(ReportDecision)
        .where(ReportDecision.report_id == report.id)
        .order_by(col(ReportDecision.decided_at), col(ReportDecision.report_version))
    ).all()
    user_ids = {d.written_by_id for d in drafts} | {d.decided_by_id for d in decisions}
    user_ids |= {u for u in (report.author_id, report.approved_by_id) if u}
    users = session.exec(select(User).where(col(User.id).in_(user_ids))).all() if user_ids else []
    state.names = {u.id: u.display_name for u in users}
    state.roles = {u.id: u.role for u in users}
    name = state.names.get
    state.drafts = [
        Draft(d.section, d.number, d.text, name(d.written_by_id, "unknown"), d.written_at)
        for d in drafts
    ]
    state.decisions = [
        Decision(
            d.action, d.comment, name(d.decided_by_id, "unknown"), d.decided_at, d.report_version
        )
        for d in decisions
    ]
    return state


def report_state(session: Session, actor: Actor, assessment_id: uuid.UUID) -> ReportState:
    """The report of an assessment, for staff who may see the family (audited read)."""
    _staff_only(session, actor, assessment_id)
    assessment = access.get_record(session, actor, Assessment, assessment_id)
    state = load(session, assessment)
    state.family = access.get_family(session, actor, assessment.family_id)
    audit.record_now(
        session, actor, "read", "assessmentreport", assessment.id, assessment.family_id
    )
    return state


@dataclass(frozen=True)
class Awaiting:
    """A submitted report waiting for a team lead's decision."""

    assessment_id: uuid.UUID
    family_id: uuid.UUID
    family_name: str
    case_reference: str
    author: str
    submitted_at: datetime
    own: bool  # submitted by the team lead reading the list: another must approve it


def awaiting_approval(session: Session, actor: Actor) -> list[Awaiting]:
    """The team's submitted assessment reports, oldest first (one query)."""
    access.require_team_lead(actor)
    rows = session.exec(
        select(AssessmentReport, Family.family_name, Family.case_reference, User.display_name)
        .join(Family, col(Family.id) == col(AssessmentReport.family_id))
        .outerjoin(User, col(User.id) == col(AssessmentReport.author_id))
        .where(access.family_condition(actor), AssessmentReport.status == ReportStatus.submitted)
        .order_by(col(AssessmentReport.submitted_at))
    ).all()
    return [
        Awaiting(
            r.assessment_id,
            r.family_id,
            family_name,
            reference,
            author or "unknown",
            r.submitted_at or r.created_at,
            r.author_id == actor.user.id,
        )
        for r, family_name, reference, author in rows
    ]


def _check_text(field_name: str, value: str, what: str, limit: int) -> str:
    if not has_visible(value):
        raise Invalid(field_name, f"Enter {what}")
    if len(value) > limit:
        raise Invalid(
            field_name, f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer"
        )
    if bad_characters(value):
        raise Invalid(
            field_name, f"{what[0].upper()}{what[1:]} must not contain control characters"
        )
    return value.strip()


def _locked(state: ReportState) -> Conflict:
    if state.status == ReportStatus.submitted:
        message = (
            "The report is with the team lead for approval, so it cannot change "
            "until they return it"
        )
    else:
        message = "The report is approved, so it can no longer change"
    return Conflict(message, current=_snapshot(state))


def _snapshot(state: ReportState) -> dict[str, object]:
    return {
        "status": state.status.value,
        "report_version": state.version,
        "sections": {
            s.value: {"number": d.number, "text": d.text}
            for s in SECTIONS
            if (d := state.current(s)) is not None
        },
    }


def _locked_for_update(session: Session, actor: Actor, assessment_id: uuid.UUID) -> ReportState:
    _staff_only(session, actor, assessment_id)
    assessment = access.get_record(session, actor, Assessment, assessment_id, for_update=True)
    return load(session, assessment)


def save_section(
    session: Session,
    actor: Actor,
    assessment_id: uuid.UUID,
    section: ReportSection,
    text: str,
    based_on: int,
) -> ReportState:
    """Save a new version of one section. ``based_on`` is the number of the version the
    writer started from (0 for a section not yet written); a newer one answers 409."""
    state = _locked_for_update(session, actor, assessment_id)
    words = vocabulary.staff(section).lower()
    cleaned = _check_text("text", text, f"the {words}", TEXT_MAX)
    if not state.editable:
        raise _locked(state)
    current = state.current(section)
    number = current.number if current else 0
    if based_on != number:
        raise Conflict(
            f"Someone else saved this section while you were writing (you started from "
            f"version {based_on}, it is now version {number}). Your text is kept below: "
            "compare it with theirs before saving again",
            current=_snapshot(state),
        )
    if current is not None and current.text == cleaned:
        return state  # nothing changed: no new version
    a = state.assessment
    report = state.report
    if report is None:
        report = AssessmentReport(assessment_id=a.id, family_id=a.family_id)
        session.add(report)
    else:
        report.version += 1
        session.add(report)
    draft = SectionDraft(
        report_id=report.id,
        family_id=a.family_id,
        section=section,
        number=number + 1,
        text=cleaned,
        written_by_id=actor.user.id,
    )
    session.add(draft)
    try:
        session.flush()
    except IntegrityError as exc:  # two first saves at once: the unique indexes decide
        session.rollback()
        raise Conflict("Someone else saved this section at the same moment; try again") from exc
    audit.record(session, actor, "create", "sectiondraft", draft.id, a.family_id)
    session.commit()
    return load(session, a)


def _decide(
    session: Session,
    report: AssessmentReport,
    actor: Actor,
    action: ReportAction,
    comment: str = "",
) -> None:
    report.version += 1
    session.add(report)
    session.add(
        ReportDecision(
            report_id=report.id,
            family_id=report.family_id,
            action=action,
            comment=comment,
            report_version=report.version,
            decided_by_id=actor.user.id,
        )
    )
    audit.record(session, actor, action.value, "assessmentreport", report.id, report.family_id)


def _check_version(state: ReportState, version: int) -> None:
    if version != state.version:
        raise Conflict(
            f"The report changed while you were reading it (you read version {version}, "
            f"it is now version {state.version}). Read it again before you go on",
            current=_snapshot(state),
        )


def submit(session: Session, actor: Actor, assessment_id: uuid.UUID, version: int) -> ReportState:
    """Send the report to the team lead for approval: every section must be written."""
    state = _locked_for_update(session, actor, assessment_id)
    if not state.editable:
        raise _locked(state)
    _check_version(state, version)
    if state.missing:
        names = ", ".join(vocabulary.staff(s).lower() for s in state.missing)
        raise Invalid("sections", f"Write every section before you submit the report: {names}")
    report = state.report
    assert report is not None  # every section is written, so the report exists
    report.status = ReportStatus.submitted
    report.author_id = actor.user.id
    report.submitted_at = clock.now()
    report.approved_by_id = None
    report.approved_at = None
    _decide(session, report, actor, ReportAction.submitted)
    session.commit()
    return load(session, state.assessment)


def _for_decision(
    session: Session, actor: Actor, assessment_id: uuid.UUID, version: int
) -> tuple[ReportState, AssessmentReport]:
    """A submitted report that this team lead may decide on."""
    _staff_only(session, actor, assessment_id)
    access.require_team_lead(actor)
    state = _locked_for_update(session, actor, assessment_id)
    report = state.report
    if report is None or state.status != ReportStatus.submitted:
        raise Conflict(
            "Only a report that has been submitted for approval can be approved or returned",
            current=_snapshot(state),
        )
    _check_version(state, version)
    if report.author_id == actor.user.id:
        raise NotAllowed("You submitted this report, so another team lead must approve it")
    return state, report


def approve(
    session: Session, actor: Actor, assessment_id: uuid.UUID, version: int, comment: str = ""
) -> ReportState:
    """A team lead of the family's team approves the version they read."""
    state, report = _for_decision(session, actor, assessment_id, version)
    if comment.strip():
        comment = _check_text("comment", comment, "your comments", COMMENT_MAX)
    report.status = ReportStatus.approved
    report.approved_by_id = actor.user.id
    report.approved_at = clock.now()
    _decide(session, report, actor, ReportAction.approved, comment.strip())
    session.commit()
    return load(session, state.assessment)


def return_report(
    session: Session, actor: Actor, assessment_id: uuid.UUID, version: int, comment: str
) -> ReportState:
    """A team lead of the family's team sends it back to the worker, saying what to change."""
    state, report = _for_decision(session, actor, assessment_id, version)
    cleaned = _check_text("comment", comment, "what needs to change", COMMENT_MAX)
    report.status = ReportStatus.returned
    _decide(session, report, actor, ReportAction.returned, cleaned)
    session.commit()
    return load(session, state.assessment)


__all__ = [
    "SECTIONS",
    "Awaiting",
    "Draft",
    "ReportState",
    "approve",
    "awaiting_approval",
    "load",
    "report_state",
    "return_report",
    "save_section",
    "submit",
]
