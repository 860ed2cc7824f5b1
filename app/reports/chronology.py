"""The court chronology (Practice Direction 12A): number, date, event, source, significance.

Rendered from a ``Chronology`` whose rows ``app.services.reporting.chronology``
chose from the record, with the summary of the local authority's involvement.
"""

from dataclasses import dataclass, field
from datetime import date

from app import vocabulary
from app.domain.timescale import weeks_between
from app.reports.case_record import CaseRecord
from app.reports.document import Document, Table
from app.typography import long_date

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
    lines = [f"Legal status: {vocabulary.in_sentence(vocabulary.court(f.legal_status))}."]
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
    t = case.timescale
    if t.decision_date:
        lines.append(t.sentence())
        lines.append(t.position(as_at))
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
