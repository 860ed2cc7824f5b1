"""Build any report in any format from a family's record."""

import re
import time
import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models.report import ReportFormat, ReportKind
from app.reports import assessment, chronology, evidence, review
from app.reports.csv import chronology_csv
from app.reports.data import CaseData, gather
from app.reports.document import Document
from app.reports.docx import document_docx
from app.reports.pdf import Timings, document_pdf
from app.services.context import Actor
from app.services.errors import Invalid

MEDIA_TYPES = {
    ReportFormat.pdf: "application/pdf",
    ReportFormat.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.csv: "text/csv; charset=utf-8",
}


@dataclass
class Built:
    content: bytes
    filename: str
    media_type: str
    sealed: evidence.Sealed
    kind: ReportKind
    format: ReportFormat


def filename(case_reference: str, kind: ReportKind, fmt: ReportFormat, as_at: date) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", case_reference)
    return f"{safe}-{kind.value}-{as_at.isoformat()}.{fmt.value}"


def document(
    case: CaseData, kind: ReportKind, start: date | None, end: date | None, as_at: date
) -> Document:
    if kind == ReportKind.chronology:
        return chronology.document(case, start, end, as_at)
    if kind == ReportKind.review:
        return review.document(case, as_at)
    return assessment.document(case, as_at)


def build(
    case: CaseData,
    kind: ReportKind,
    fmt: ReportFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    as_at: date | None = None,
    timings: Timings | None = None,
) -> Built:
    """Seal the evidence, lay out the report, write the file."""
    if fmt == ReportFormat.csv and kind != ReportKind.chronology:
        raise Invalid("format", "Only the chronology can be exported as CSV")
    if start and end and start > end:
        raise Invalid("date_from", "The start date must be on or before the end date")
    as_at = as_at or end or date.today()
    started = time.perf_counter()
    sealed = evidence.seal(evidence.evidence(case, kind.value, start, end))
    if fmt == ReportFormat.csv:
        chron = chronology.build(case, start, end, as_at)
        content = chronology_csv(chron, case.family.case_reference)
        if timings:
            timings.add("templating", time.perf_counter() - started)
    else:
        doc = document(case, kind, start, end, as_at)
        doc.evidence_short = sealed.short
        if timings:
            timings.add("templating", time.perf_counter() - started)
        if fmt == ReportFormat.pdf:
            content = document_pdf(doc, sealed.json_bytes, timings)
        else:
            written = time.perf_counter()
            content = document_docx(doc)
            if timings:
                timings.add("docx writer", time.perf_counter() - written)
    return Built(
        content,
        filename(case.family.case_reference, kind, fmt, as_at),
        MEDIA_TYPES[fmt],
        sealed,
        kind,
        fmt,
    )


def render_report(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    kind: ReportKind,
    fmt: ReportFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    as_at: date | None = None,
    timings: Timings | None = None,
) -> Built:
    """A report as the actor may see it (a parent gets the family copy). Not recorded:
    call ``app.services.reporting.exports.export_report`` to hand a file out."""
    started = time.perf_counter()
    case = gather(session, actor, family_id)
    if timings:
        timings.add("gathering data", time.perf_counter() - started)
    return build(case, kind, fmt, start=start, end=end, as_at=as_at, timings=timings)
