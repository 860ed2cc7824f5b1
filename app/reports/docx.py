"""Word documents (python-docx) from the same blocks as the PDF, for lawyers to edit."""

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from app.reports.document import Chart, Document, Fields, Para, Section, Table
from app.reports.typeset import chart_png
from app.typography import long_date


def _field(paragraph: object, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) so page numbers stay right after editing."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (
        ("begin", None),
        (None, code),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _table(out: object, t: Table) -> None:
    out.add_paragraph(t.caption, style="Caption")  # type: ignore[attr-defined]
    table = out.add_table(rows=1, cols=len(t.columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")  # repeat the header row on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, name in zip(header.cells, t.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    if not t.rows:
        table.add_row().cells[0].text = "None recorded."
    for row in t.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def _chart(out: object, c: Chart) -> None:
    """The chart as a picture, described in words for screen readers, then its data."""
    out.add_picture(io.BytesIO(chart_png(str(c.svg))), width=Cm(16))  # type: ignore[attr-defined]
    picture = out.paragraphs[-1]  # type: ignore[attr-defined]
    for props in picture._p.iter(qn("wp:docPr")):
        props.set("descr", c.alt)
        props.set("title", c.alt.split(": ", 1)[0])
    if c.alt:
        p = out.add_paragraph(f"Chart: {c.alt}")  # type: ignore[attr-defined]
        p.runs[0].italic = True
    _table(out, c.table)


def _bottom_border(cell: object) -> None:
    """A line to write on: the cell's bottom border."""
    props = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "0B0C0C")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    props.append(borders)


def _fields(out: object, f: Fields) -> None:
    """Labelled values as a two-column table without a grid; a signature block's empty
    values are lines to sign on."""
    table = out.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
    for label, value in f.pairs:
        row = table.add_row()
        row.cells[0].text = ""
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].text = value
        if f.style == "signature":
            row.height = Mm(11)
            if not value:
                _bottom_border(row.cells[1])
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(40), Mm(120)
    out.add_paragraph()  # type: ignore[attr-defined]


def _section(out: object, s: Section) -> None:
    out.add_heading(s.heading, level=min(s.level - 1, 4))  # type: ignore[attr-defined]
    for b in s.blocks:
        if isinstance(b, Section):
            _section(out, b)
        elif isinstance(b, Chart):
            _chart(out, b)
        elif isinstance(b, Fields):
            _fields(out, b)
        elif isinstance(b, Table):
            _table(out, b)
        elif isinstance(b, Para):
            text = f"{b.number}.\t{b.text}" if b.numbered else b.text
            p = out.add_paragraph(text)  # type: ignore[attr-defined]
            if b.numbered:
                p.paragraph_format.left_indent = Mm(9)
                p.paragraph_format.first_line_indent = Mm(-9)


def document_docx(doc: Document) -> bytes:
    out = new_docx()
    style = out.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    section = out.sections[0]
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(18))
    head = section.header.paragraphs[0]
    marked = f" · {doc.watermark}: not approved" if doc.watermark else ""
    head.text = f"OFFICIAL-SENSITIVE{marked}\t\t{doc.case_reference} · {doc.family_name}"
    foot = section.footer.paragraphs[0]
    foot.text = (
        f"OFFICIAL-SENSITIVE · {doc.case_reference} · evidence {doc.evidence_short}\t\tPage "
    )
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")
    out.core_properties.title = f"{doc.title} · {doc.case_reference}"
    out.core_properties.subject = "OFFICIAL-SENSITIVE"
    out.add_heading(doc.title, level=0)
    meta = (
        f"{doc.family_name} · case reference {doc.case_reference} · as at "
        f"{long_date(doc.as_at)} · evidence {doc.evidence_short}"
    )
    if doc.audience == "family":
        meta += " · family copy: only what is shared with the family"
    out.add_paragraph(meta)
    for s in doc.sections:
        _section(out, s)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
