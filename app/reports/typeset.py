"""PDF via Typst, as PDF/A-3b with the evidence JSON attached, tagged for screen readers.

The document goes to ``templates/reports/document.typ`` as JSON through
``sys.inputs``; the template places every string as text, never as markup.
Fonts come from the DejaVu folder only, so Typst does not scan the system's fonts.
The template lays out headings, numbered paragraphs, labelled fields, tables and
charts (each chart's SVG placed as an image, with its description as the
alternative text).
"""

import dataclasses
import json
import time
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from app.reports.document import Document
from app.reports.pdf import Timings
from app.reports.templating import TEMPLATES
from app.typography import long_date

TEMPLATE = TEMPLATES / "reports" / "document.typ"
CHART_TEMPLATE = TEMPLATES / "reports" / "chart.typ"
CHART_PPI = 150
# where Linux distributions put DejaVu Sans (the face the reports are set in)
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/System/Library/Fonts/Supplemental",
)


@lru_cache(maxsize=1)
def font_paths() -> list[str]:
    """The first folder holding DejaVu Sans; none leaves Typst its own embedded faces."""
    for folder in FONT_DIRS:
        if (Path(folder) / "DejaVuSans.ttf").is_file():
            return [folder]
    return []


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def document_json(doc: Document) -> str:
    """The document as the template reads it, with the line under the title worded here."""
    meta = (
        f"{doc.family_name} · case reference {doc.case_reference} · as at "
        f"{long_date(doc.as_at)} · evidence {doc.evidence_short}"
    )
    if doc.audience == "family":
        meta += " · family copy: only what is shared with the family"
    data = _plain(dataclasses.asdict(doc))
    data["meta"] = meta
    return json.dumps(data, ensure_ascii=False)


def document_pdf(
    doc: Document, evidence_json: bytes | None = None, timings: Timings | None = None
) -> bytes:
    """Lay the document out as PDF/A-3b; attach the evidence JSON (its exact bytes) if given."""
    started = time.perf_counter()
    inputs = {"doc": document_json(doc)}
    if evidence_json is not None:
        inputs["evidence"] = evidence_json.decode("utf-8")
    content = typst.compile(
        str(TEMPLATE),
        root=str(TEMPLATES),
        font_paths=font_paths(),
        ignore_system_fonts=True,
        sys_inputs=inputs,
        pdf_standards=["a-3b"],
    )
    if timings is not None:
        timings.add("pdf engine", time.perf_counter() - started)
    assert isinstance(content, bytes)
    return content


def chart_png(svg: str) -> bytes:
    """A chart's SVG drawn as a PNG (for the Word document), with the reports' font."""
    content = typst.compile(
        str(CHART_TEMPLATE),
        root=str(TEMPLATES),
        font_paths=font_paths(),
        ignore_system_fonts=True,
        sys_inputs={"svg": svg},
        format="png",
        ppi=CHART_PPI,
    )
    assert isinstance(content, bytes)
    return content
