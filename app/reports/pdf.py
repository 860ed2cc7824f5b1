"""PDF via WeasyPrint, as PDF/A-3b with the evidence JSON attached.

``render_pdf`` turns any template under templates/ into a PDF, so other pages
(the parent's printable plan) can reuse the same engine and page furniture.
"""

import io
import time
from dataclasses import dataclass, field
from typing import Any

from weasyprint import HTML, Attachment

from app import clock
from app.reports.document import Document
from app.reports.templating import TEMPLATES, render

EVIDENCE_NAME = "evidence.json"


@dataclass
class Timings:
    """Seconds spent in each stage, for the benchmark."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


def html_to_pdf(
    html: str,
    *,
    title: str,
    evidence_json: bytes | None = None,
    timings: Timings | None = None,
) -> bytes:
    """Lay out HTML as PDF/A-3b; attach the evidence JSON if given."""
    started = time.perf_counter()
    attachments = []
    if evidence_json is not None:
        attachments.append(
            Attachment(
                string=evidence_json,
                name=EVIDENCE_NAME,
                description="The evidence this report was built from (canonical JSON)",
                relationship="Source",
                created=clock.now(),
                modified=clock.now(),
            )
        )
    out = io.BytesIO()
    document = HTML(string=html, base_url=str(TEMPLATES)).render()
    document.metadata.title = title  # the title a screen reader announces for the file
    document.write_pdf(
        out,
        pdf_variant="pdf/a-3b",
        attachments=attachments,
        custom_metadata=True,
    )
    if timings is not None:
        timings.add("pdf engine", time.perf_counter() - started)
    return out.getvalue()


def render_pdf(
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    evidence_json: bytes | None = None,
    timings: Timings | None = None,
) -> bytes:
    """Render a template under templates/ to PDF/A-3b."""
    started = time.perf_counter()
    html = render(template, **context)
    if timings is not None:
        timings.add("templating", time.perf_counter() - started)
    return html_to_pdf(html, title=title, evidence_json=evidence_json, timings=timings)


def document_pdf(
    doc: Document, evidence_json: bytes | None = None, timings: Timings | None = None
) -> bytes:
    return render_pdf(
        "reports/document.html",
        {"doc": doc},
        title=f"{doc.title} · {doc.case_reference}",
        evidence_json=evidence_json,
        timings=timings,
    )
