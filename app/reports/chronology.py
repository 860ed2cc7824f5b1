"""The court chronology (Practice Direction 12A): number, date, event, source, significance.

Rendered from a ``Chronology`` whose rows ``app.services.reporting.chronology``
chose from the record, with the summary of the local authority's involvement.
"""

from dataclasses import dataclass, field
from datetime import date

from app.domain.timescale import proceedings_week, weeks_between
from app.models.evidence import PlanEventKind, Source
from app.models.family import LegalStatus
from app.models.review import ReviewKind
from app.reports.case_record import CaseRecord
from app.reports.document import Document, Table
from app.reports.templating import long_date

SOURCE_LABELS = {
    Source.home_visit: "Home visit",
    Source.drug_test: "Drug test",
    Source.school_report: "School report",
    Source.agency_report: "Agency report",
    Source.parent_report: "Parent's report",
    Source.contact_session: "Contact session",
    Source.other: "Other",
}
REVIEW_LABELS = {
    ReviewKind.core_group: "Core group meeting",
    ReviewKind.child_protection_conference: "Child protection conference",
    ReviewKind.plo_review: "PLO review meeting",
    ReviewKind.looked_after_review: "Looked after review",
    ReviewKind.assessment_review: "Assessment review meeting",
    ReviewKind.other: "Review meeting",
}
LEGAL_LABELS = {
    LegalStatus.child_in_need: "child in need",
    LegalStatus.child_protection_plan: "child protection plan",
    LegalStatus.plo_pre_proceedings: "pre-proceedings (Public Law Outline)",
    LegalStatus.care_proceedings: "care proceedings",
}
EVENT_KINDS = {
    PlanEventKind.milestone_achieved: "Milestone achieved",
    PlanEventKind.milestone_missed: "Milestone missed",
    PlanEventKind.reward_given: "Reward given",
    PlanEventKind.reward_withdrawn: "Reward withdrawn",
    PlanEventKind.consequence_applied: "Consequence applied",
    PlanEventKind.consequence_waived: "Consequence waived",
    PlanEventKind.relapse: "Relapse",
    PlanEventKind.plan_signed_off: "Plan signed off by team lead",
    PlanEventKind.plan_changes_requested: "Team lead asked for changes to the plan",
}
COLUMNS = ["No.", "Date", "Event", "Source or document reference", "Significance for the child"]


@dataclass
class Row:
    key: str
    on: date
    event: str
    source: str
    significance: str
    notes: list[str] = field(default_factory=list)  # amended, added by the worker
    number: int = 0

    def cells(self) -> list[str]:
        event = self.event + "".join(f" [{n}]" for n in self.notes)
        return [str(self.number), long_date(self.on), event, self.source, self.significance]


@dataclass
class Annexed:
    key: str
    on: date
    text: str
    reason: str


@dataclass
class Chronology:
    rows: list[Row]
    in_error: list[Annexed]
    left_out: list[Annexed]
    summary: list[str]


def summary(case: CaseRecord, as_at: date) -> list[str]:
    """How long the local authority has been involved, and where the child's timescale stands."""
    f = case.family
    lines = [f"Legal status: {LEGAL_LABELS.get(f.legal_status, f.legal_status)}."]
    if f.involved_since:
        lines.append(
            f"The local authority has been involved with the family since "
            f"{long_date(f.involved_since)} ({weeks_between(f.involved_since, as_at)} weeks)."
        )
    a = case.assessment
    if a:
        lines.append(
            f"This capacity-to-change assessment started on {long_date(a.started_on)} "
            f"({weeks_between(a.started_on, as_at)} weeks ago)."
        )
    if f.proceedings_issued_on:
        lines.append(
            f"Care proceedings were issued on {long_date(f.proceedings_issued_on)}; this is "
            f"week {proceedings_week(f.proceedings_issued_on, as_at)} of the 26-week timescale."
        )
    if a and a.decision_date:
        left = weeks_between(as_at, a.decision_date)
        when = f"{left} weeks away" if left >= 0 else f"passed {-left} weeks ago"
        lines.append(
            f"The decision about the child is due by {long_date(a.decision_date)} ({when})."
        )
    return lines


def document(
    case: CaseRecord, chron: Chronology, start: date | None, end: date | None, as_at: date
) -> Document:
    span = ""
    if start or end:
        span = f" from {long_date(start) if start else 'the start'} to {long_date(end or as_at)}"
    doc = Document(
        kind="chronology",
        title=f"Chronology{span}",
        case_reference=case.family.case_reference,
        family_name=case.family.family_name,
        as_at=as_at,
        audience=case.audience.value,
        landscape=True,
    )
    s = doc.section("Summary of the local authority's involvement")
    for line in chron.summary:
        s.para(line)
    s = doc.section("Chronology of significant events")
    s.blocks.append(
        Table(
            "Chronology",
            COLUMNS,
            [r.cells() for r in chron.rows],
            [5, 11, 44, 20, 20],
            "chronology",
        )
    )
    if chron.in_error:
        s = doc.section("Annex A: entries marked entered in error (not relied on)")
        s.blocks.append(
            Table(
                "Entered in error",
                ["Date", "What was recorded", "Why it is not relied on"],
                [[long_date(a.on), a.text, a.reason] for a in chron.in_error],
                [14, 50, 36],
            )
        )
    if chron.left_out:
        s = doc.section("Annex B: events left out of the chronology by the worker")
        s.blocks.append(
            Table(
                "Left out",
                ["Date", "Event", "Reason"],
                [[long_date(a.on), a.text, a.reason] for a in chron.left_out],
                [14, 50, 36],
            )
        )
    doc.number_paragraphs()
    return doc
