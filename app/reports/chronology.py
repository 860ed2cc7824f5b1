"""The court chronology (Practice Direction 12A), laid out as a court expects it.

A heading block (court, case number, local authority, the children and their dates
of birth, the parties, the author and their role, the date and the "as at" date),
the summary of the local authority's involvement, numbered rows (number, date,
event, source or document reference, significance for the child), an annex of
every correction to the evidence in the period, an annex of what was entered in
error, what the worker left out, then a statement of truth and a signature block.

Rendered from a ``Chronology`` whose rows ``app.services.reporting.chronology``
chose from the record.
"""

from dataclasses import dataclass, field
from datetime import date

from app import vocabulary
from app.domain.timescale import weeks_between
from app.models.family import LegalStatus
from app.reports.case_record import CaseRecord
from app.reports.document import Document, Table
from app.typography import long_date

COLUMNS = ["No.", "Date", "Event", "Source or document reference", "Significance for the child"]
AMENDMENT_COLUMNS = ["Date of the record", "Record", "What changed", "Corrected by", "When", "Why"]
NOT_RECORDED = "Not recorded"
# Family Procedure Rules, Practice Direction 17A: the form of a statement of truth
STATEMENT_OF_TRUTH = (
    "I believe that the facts stated in this chronology are true. I understand that "
    "proceedings for contempt of court may be brought against anyone who makes, or causes "
    "to be made, a false statement in a document verified by a statement of truth without "
    "an honest belief in its truth."
)


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
class Amended:
    """One correction of one piece of evidence: which, what changed, who, when and why."""

    key: str
    on: date  # when the corrected record says it happened
    record: str  # e.g. "Progress entry: Kitchen clean…"
    changed: str  # the fields the correction changed, in words
    by: str
    at: date
    reason: str

    def cells(self) -> list[str]:
        return [
            long_date(self.on),
            self.record,
            self.changed,
            self.by,
            long_date(self.at),
            self.reason,
        ]


@dataclass
class Heading:
    """The heading block of a document filed in proceedings."""

    court: str
    case_number: str
    local_authority: str
    children: list[str]  # "Poppy Fenwick, born 3 August 2022"
    parties: list[str]
    author_name: str
    author_role: str  # "Social worker"
    made_on: date
    as_at: date
    case_reference: str

    @property
    def author(self) -> str:
        """Amir Lowe, social worker."""
        role = vocabulary.in_sentence(self.author_role)
        return self.author_name + (f", {role}" if self.author_name and role else "")

    def pairs(self) -> list[tuple[str, str]]:
        return [
            ("Court", self.court or NOT_RECORDED),
            ("Case number", self.case_number or NOT_RECORDED),
            ("Local authority", self.local_authority or NOT_RECORDED),
            ("Children", "; ".join(self.children) or NOT_RECORDED),
            ("Parties", "; ".join(self.parties) or NOT_RECORDED),
            ("Author", self.author or NOT_RECORDED),
            ("Date", long_date(self.made_on)),
            ("As at", long_date(self.as_at)),
            ("CCT case reference", self.case_reference),
        ]


@dataclass
class Chronology:
    rows: list[Row]
    in_error: list[Annexed]
    left_out: list[Annexed]
    summary: list[str]
    amendments: list[Amended] = field(default_factory=list)
    heading: Heading | None = None


def heading(case: CaseRecord, as_at: date, made_on: date) -> Heading:
    """The heading block from the family's record and the person producing the document."""
    f = case.family
    la = f.local_authority
    in_proceedings = f.legal_status == LegalStatus.care_proceedings
    children = [
        m.full_name + (f", born {long_date(m.date_of_birth)}" if m.date_of_birth else "")
        for m in case.children
    ]
    parties: list[str] = []
    if in_proceedings and la:
        parties.append(f"{la} (applicant)")
    for p in case.parents:
        about = f", {p.relationship}" if p.relationship else ""
        parties.append(f"{p.full_name}{about}" + (" (respondent)" if in_proceedings else ""))
    if in_proceedings:
        parties.extend(f"{m.full_name} (by the children's guardian)" for m in case.children)
    return Heading(
        f.court_name,
        f.court_case_number,
        la,
        children,
        parties,
        case.author_name,
        case.author_role,
        made_on,
        as_at,
        f.case_reference,
    )


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
    filed = case.audience.value == "staff" and chron.heading is not None
    if chron.heading is not None:
        doc.section("Case details").fields(chron.heading.pairs())
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
    s = doc.section("Annex A: evidence corrected in the period")
    s.para(
        "Every correction made to the evidence this chronology covers, routine records "
        "included: the record as it now stands, what the correction changed, who made it, "
        "when and why. The earlier versions are kept unchanged.",
        numbered=False,
        style="note",
    )
    s.blocks.append(
        Table(
            "Corrections",
            AMENDMENT_COLUMNS,
            [a.cells() for a in chron.amendments],
            [11, 33, 14, 12, 11, 19],
        )
    )
    s = doc.section("Annex B: entries marked entered in error (not relied on)")
    s.blocks.append(
        Table(
            "Entered in error",
            ["Date", "What was recorded", "Why it is not relied on"],
            [[long_date(a.on), a.text, a.reason] for a in chron.in_error],
            [14, 50, 36],
        )
    )
    if chron.left_out:
        s = doc.section("Annex C: events left out of the chronology by the worker")
        s.blocks.append(
            Table(
                "Left out",
                ["Date", "Event", "Reason"],
                [[long_date(a.on), a.text, a.reason] for a in chron.left_out],
                [14, 50, 36],
            )
        )
    if filed and chron.heading is not None:
        s = doc.section("Statement of truth")
        s.keep_together = True
        s.para(STATEMENT_OF_TRUTH, numbered=False)
        h = chron.heading
        s.fields(
            [("Signed", ""), ("Name", h.author_name), ("Role", h.author_role), ("Date", "")],
            "signature",
        )
    doc.number_paragraphs()
    return doc
