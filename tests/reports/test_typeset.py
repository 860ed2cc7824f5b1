"""The chronology PDF through Typst: the record's text is printed as written, never read as
markup; headings repeat on every page; PDF/A-3b, tagged, with the evidence attached."""

import io

import pikepdf
from pypdf import PdfReader
from sqlmodel import Session

from app.models.evidence import Significance
from app.models.report import ReportFormat, ReportKind
from app.services.context import Actor
from app.services.reporting.render import render_report
from tests import factories
from tests.factories import World
from tests.reports import case as case_builder

# every character Typst would read as markup, and backticks
MARKUP = r"# $ * _ [ ] \ @ < // = `raw` ```block``` #set page(width: 1cm) *not bold* <label>"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_markup_characters_are_printed_as_text(session: Session, world: World) -> None:
    case_builder.build(session, world)
    world.family_a.family_name = f"Ashdown {MARKUP[:9]}"
    entry = factories.entry(
        session,
        world.goal_a,
        world.worker_a,
        days_ago=2,
        significance=Significance.significant,
        observation=f"Said: {MARKUP}",
    )
    entry.document_reference = "Ref #1 [a] $b$"
    session.add_all([world.family_a, entry])
    session.commit()
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(built.content)).pages]
    text = one_line(" ".join(pages))
    assert f"Said: {MARKUP}" in text
    assert "Home visit, Ref #1 [a] $b$; recorded by Sam Okoro" in text
    assert f"CCT-A-0001 · Ashdown {MARKUP[:9]}" in one_line(pages[0])
    # the markup did not take effect: the page is still A4 landscape
    box = PdfReader(io.BytesIO(built.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_column_headings_repeat_and_the_file_is_tagged_pdf_a(
    session: Session, world: World
) -> None:
    case_builder.build(session, world, extra_entries=250)
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(built.content)).pages]
    assert len(pages) >= 3
    chronology_pages = []
    for page in pages[1:]:  # the table runs on: its headings with it, up to the annexes
        chronology_pages.append(page)
        if "Annex A" in page:
            break
    assert len(chronology_pages) >= 2
    for page in chronology_pages:
        assert "No. Date Event Source or document reference Significance for the child" in (
            one_line(page)
        )
    with pikepdf.open(io.BytesIO(built.content)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert "/StructTreeRoot" in pdf.Root  # tagged for screen readers
        assert pdf.Root.MarkInfo.Marked
        assert pdf.attachments["evidence.json"].get_file().read_bytes() == built.sealed.json_bytes


def test_review_pdf_is_typeset_with_its_charts_tagged_pdf_a(session: Session, world: World) -> None:
    """The review report goes through Typst too: charts as images with their description
    for screen readers, the evidence attached, PDF/A-3b."""
    case_builder.build(session, world)
    world.goal_a.title = f"Keep the home safe {MARKUP}"
    session.add(world.goal_a)
    session.commit()
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.review, ReportFormat.pdf
    )
    reader = PdfReader(io.BytesIO(built.content))
    text = one_line(" ".join(p.extract_text() or "" for p in reader.pages))
    assert "1. The period reviewed" in text and "7. Decisions of this meeting" in text
    assert f"Keep the home safe {MARKUP}" in text
    assert "Level −2 at the last review, 0 now (up)." in text
    with pikepdf.open(io.BytesIO(built.content)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.attachments["evidence.json"].get_file().read_bytes() == built.sealed.json_bytes
        # each goal's chart is drawn (an image or form XObject) and described in words
        figures = [
            e
            for e in _struct_elements(pdf.Root.StructTreeRoot)
            if e.get("/S") == pikepdf.Name.Figure
        ]
        assert figures and all("Level over time" in str(f.get("/Alt", "")) for f in figures[:1])


def _struct_elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            found.append(kid)
            found.extend(_struct_elements(kid))
    return found
