"""Render any report in any format from a case record: the file, its name, its evidence."""

import re
import time
from dataclasses import dataclass
from datetime import date

from app.models.report import ReportFormat, ReportKind
from app.reports import assessment, chronology, evidence, review, typeset
from app.reports.case_record import CaseRecord
from app.reports.chronology import Chronology
from app.reports.csv import chronology_csv, document_csv
from app.reports.document import Document
from app.reports.docx import document_docx
from app.reports.typeset import Timings

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
    case: CaseRecord,
    kind: ReportKind,
    chron: Chronology | None,
    start: date | None,
    end: date | None,
    as_at: date,
) -> Document:
    if kind == ReportKind.chronology:
        assert chron is not None, "the chronology report needs its chosen rows"
        return chronology.document(case, chron, start, end, as_at)
    if kind == ReportKind.review:
        return review.document(case, as_at)
    return assessment.document(case, as_at)


def render(
    case: CaseRecord,
    kind: ReportKind,
    fmt: ReportFormat,
    *,
    as_at: date,
    start: date | None = None,
    end: date | None = None,
    chron: Chronology | None = None,
    timings: Timings | None = None,
) -> Built:
    """Seal the evidence, lay out the report, write the file.

    The chronology report is drawn from ``chron`` (the rows chosen from the record);
    its CSV is one row per event, any other report's CSV one row per value.
    """
    started = time.perf_counter()
    sealed = evidence.seal(evidence.evidence(case, kind.value, start, end))
    if fmt == ReportFormat.csv and kind == ReportKind.chronology:
        assert chron is not None, "the chronology report needs its chosen rows"
        content = chronology_csv(chron)
        if timings:
            timings.add("templating", time.perf_counter() - started)
    elif fmt == ReportFormat.csv:
        content = document_csv(document(case, kind, chron, start, end, as_at))
        if timings:
            timings.add("templating", time.perf_counter() - started)
    else:
        doc = document(case, kind, chron, start, end, as_at)
        doc.evidence_short = sealed.short
        if timings:
            timings.add("templating", time.perf_counter() - started)
        if fmt == ReportFormat.pdf:
            content = typeset.document_pdf(doc, sealed.json_bytes, timings)
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
