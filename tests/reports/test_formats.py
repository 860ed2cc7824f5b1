"""Reading the files back: PDF text and PDF/A attachment, DOCX paragraphs and tables, CSV rows."""

import csv
import io
import json

import pikepdf
from docx import Document as read_docx
from pypdf import PdfReader
from sqlmodel import Session

from app.models.report import ReportFormat, ReportKind
from app.reports.evidence import sha256
from app.services.context import Actor
from app.services.reporting.render import render_report
from tests.factories import World
from tests.reports import case as case_builder
from tests.reports.case import TODAY


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def test_chronology_pdf_reads_back_in_order_with_furniture(session: Session, world: World) -> None:
    case_builder.build(session, world)
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    pages = pdf_text(built.content)
    text = " ".join(" ".join(pages).split())  # layout line breaks do not matter
    for page in pages:  # on every page
        assert "OFFICIAL-SENSITIVE" in page
        assert "CCT-A-0001" in page
        assert f"evidence {built.sealed.short}" in page
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "1. Legal status: care proceedings. 2. The local authority" in text  # numbered
    order = [
        "Summary of the local authority's involvement",
        "Plan signed off by team lead",
        "front bedroom",
        "PLO review meeting",
        "Stair gate fitted",
        "Milestone achieved",
        "Neighbour reported shouting",
        "Annex A: evidence corrected in the period",
        "Annex B: entries marked entered in error",
        "Recorded against the wrong family by mistake.",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "back bedroom" not in text
    assert "Amended on" in text

    with pikepdf.open(io.BytesIO(built.content)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        attached = pdf.attachments["evidence.json"].get_file().read_bytes()
    assert attached == built.sealed.json_bytes
    assert sha256(attached) == built.sealed.sha256
    data = json.loads(attached)
    assert data["case_reference"] == "CCT-A-0001"
    assert any(k.startswith("entry:") for k in data["records"])


def test_assessment_docx_follows_the_template_order(session: Session, world: World) -> None:
    case_builder.build(session, world)
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.assessment, ReportFormat.docx
    )
    doc = read_docx(io.BytesIO(built.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    top = [h for h in headings if h[:2].rstrip(".").isdigit()]
    # SWET order; the child's lived experience is not written yet, so it is left out
    assert top == [
        "1. The family and the child’s timescale",
        "2. The parents’ views",
        "3. What must change: the goals and their five levels",
        "4. Evidence of change, goal by goal",
        "5. Analysis of capacity to change",
        "6. Recommendation",
        "7. Sign-off",
    ]
    assert "The social worker has not written" not in " ".join(p.text for p in doc.paragraphs)
    body = [p.text for p in doc.paragraphs]
    numbered = [t for t in body if t.split(".\t")[0].isdigit()]
    assert [int(t.split(".\t")[0]) for t in numbered] == list(range(1, len(numbered) + 1))
    assert any(t.endswith("Jo has engaged well.") for t in numbered)
    assert any(t.endswith("Continue the assessment to the decision date.") for t in numbered)
    levels = next(t for t in doc.tables if t.rows[0].cells[0].text == "Level")
    # the five levels as written, −2 first, as everywhere else
    assert [r.cells[0].text for r in levels.rows[1:]] == ["−2", "−1", "0", "+1", "+2"]
    assert "OFFICIAL-SENSITIVE" in doc.sections[0].header.paragraphs[0].text
    assert "CCT-A-0001" in doc.sections[0].footer.paragraphs[0].text
    trend = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Milestones")
    assert trend.rows[0].cells[-2].text == "Score verdict"  # side by side
    assert len(trend.rows) == 3  # header and the two goals


def test_chronology_docx_and_csv_rows(session: Session, world: World) -> None:
    case_builder.build(session, world)
    actor = Actor(world.lead_a)
    docx_built = render_report(
        session, actor, world.family_a.id, ReportKind.chronology, ReportFormat.docx
    )
    csv_built = render_report(
        session, actor, world.family_a.id, ReportKind.chronology, ReportFormat.csv
    )
    tables = read_docx(io.BytesIO(docx_built.content)).tables
    table = next(t for t in tables if t.rows[0].cells[0].text == "No.")
    assert [c.text for c in table.rows[0].cells] == [
        "No.",
        "Date",
        "Event",
        "Source or document reference",
        "Significance for the child",
    ]
    rows = list(csv.reader(io.StringIO(csv_built.content.decode("utf-8-sig"))))
    assert rows[0][:5] == [c.text for c in table.rows[0].cells]
    assert len(rows) == len(table.rows)
    for csv_row, docx_row in zip(rows[1:], table.rows[1:], strict=True):
        assert csv_row[0] == docx_row.cells[0].text
        assert csv_row[3] == docx_row.cells[3].text
    stair = next(r for r in rows if "Stair gate fitted" in r[2])
    stair_day = TODAY.fromordinal(TODAY.toordinal() - 20)
    assert stair[1] == f"{stair_day.day} {stair_day:%B %Y}"  # the one typography
    assert stair[6] == stair_day.isoformat()  # and a column to sort by
    assert stair[3].startswith("Home visit; recorded by Sam Okoro")
    front = next(r for r in rows if "front bedroom" in r[2])
    assert "Wrong room named" in front[5]


def test_parent_pdf_never_contains_an_internal_entry(session: Session, world: World) -> None:
    case_builder.build(session, world)
    built = render_report(
        session, Actor(world.parent_a), world.family_a.id, ReportKind.assessment, ReportFormat.pdf
    )
    text = "\n".join(pdf_text(built.content))
    assert "Stair gate fitted" in text  # shared evidence is there
    assert "Neighbour" not in text and "third-party" not in text
    assert "Attend every contact session" not in text  # a goal not signed off
    with pikepdf.open(io.BytesIO(built.content)) as pdf:
        attached = pdf.attachments["evidence.json"].get_file().read_bytes()
    assert b"Neighbour" not in attached and str(world.internal_entry_a.id).encode() not in attached


def test_review_report_covers_the_time_since_the_last_review(
    session: Session, world: World
) -> None:
    case_builder.build(session, world)  # the last review was 25 days ago
    built = render_report(
        session, Actor(world.worker_a), world.family_a.id, ReportKind.review, ReportFormat.docx
    )
    doc = read_docx(io.BytesIO(built.content))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "1. The period reviewed",
        "2. Movement on each goal",
        "3. Milestones met and missed",
        "4. Rewards and consequences",
        "5. Stage of change",
        "6. The parents' views",
        "7. Decisions of this meeting",
    ]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "since the PLO review meeting of" in body
    assert "What that meeting decided: Weekly unannounced visits to continue" in body
    # goal A: −2 (amended entry, 40 days ago) by the review, 0 now (3 days ago)
    assert "Level −2 at the last review, 0 now (up)." in body
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "Bedrooms safe at two visits in a row" in cells  # milestone met since
    assert "Jo Ashdown moved" not in body
    stage_rows = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][2:3] == ["Stage"])
    assert [r.cells[2].text for r in stage_rows.rows[1:]] == ["action"]  # only since the review
    decisions = doc.tables[-1]
    assert [c.text for c in decisions.rows[0].cells] == ["Decision", "Who", "By when"]
    assert len(decisions.rows) == 6
