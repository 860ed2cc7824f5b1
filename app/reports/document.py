"""A report as plain blocks (headings, numbered paragraphs, tables, charts).

Each report builds one ``Document``; the PDF (via HTML), DOCX and CSV writers
render the same blocks, so the formats say the same thing with the same numbers.
"""

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup


@dataclass
class Para:
    text: str
    numbered: bool = True
    number: str = ""  # filled in by Document.number_paragraphs
    style: str = ""  # "" | "note" | "lead"


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    # relative column widths (percent), for the PDF
    widths: list[int] = field(default_factory=list)
    css_class: str = ""


@dataclass
class Fields:
    """Labelled values, such as the heading of a court document or a signature block;
    an empty value leaves a line to write on."""

    pairs: list[tuple[str, str]]
    style: str = ""  # "" | "signature"


@dataclass
class Chart:
    svg: Markup
    table: Table  # the data behind the chart, shown next to it
    alt: str = ""  # what the chart shows, for a screen reader (the SVG's title and description)


@dataclass
class Section:
    heading: str
    blocks: list["Para | Table | Chart | Fields | Section"] = field(default_factory=list)
    level: int = 2
    # laid out on one page, not split (the statement of truth and its signature block)
    keep_together: bool = False

    def para(self, text: str, numbered: bool = True, style: str = "") -> None:
        if text.strip():
            self.blocks.append(Para(text.strip(), numbered, style=style))

    def paras(self, text: str) -> None:
        """Free text the worker wrote: one numbered paragraph per blank-line-separated block."""
        for chunk in text.replace("\r\n", "\n").split("\n\n"):
            self.para(chunk)

    def fields(self, pairs: list[tuple[str, str]], style: str = "") -> None:
        self.blocks.append(Fields(pairs, style))

    def sub(self, heading: str) -> "Section":
        child = Section(heading, level=self.level + 1)
        self.blocks.append(child)
        return child


@dataclass
class Document:
    kind: str  # chronology | review | assessment
    title: str
    case_reference: str
    family_name: str
    as_at: date
    sections: list[Section] = field(default_factory=list)
    evidence_short: str = ""
    audience: str = "staff"
    landscape: bool = False
    # printed across every page until the report is approved ("DRAFT"), else ""
    watermark: str = ""
    # under the title: who wrote the report and who approved it, with the dates
    byline: str = ""

    def section(self, heading: str) -> Section:
        s = Section(heading)
        self.sections.append(s)
        return s

    def number_paragraphs(self) -> None:
        """Number paragraphs 1, 2, 3… through the whole document, as court documents are."""
        n = 0

        def walk(blocks: list["Para | Table | Chart | Fields | Section"]) -> None:
            nonlocal n
            for b in blocks:
                if isinstance(b, Para) and b.numbered:
                    n += 1
                    b.number = str(n)
                elif isinstance(b, Section):
                    walk(b.blocks)

        for s in self.sections:
            walk(s.blocks)
