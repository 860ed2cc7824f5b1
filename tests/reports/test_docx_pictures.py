"""The Word documents show charts as pictures (described for screen readers) and repeat
each table's headings on every page."""

import io

from docx import Document as read_docx
from docx.oxml.ns import qn
from PIL import Image
from sqlmodel import Session

from app.models.report import ReportFormat, ReportKind
from app.services.context import Actor
from app.services.reporting.render import render_report
from tests.factories import World
from tests.reports import case as case_builder


def test_review_docx_charts_are_pictures_with_words(session: Session, world: World) -> None:
    case_builder.build(session, world)
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.review, ReportFormat.docx
    )
    doc = read_docx(io.BytesIO(built.content))
    pictures = list(doc.inline_shapes)
    assert pictures, "each goal's chart is a picture"
    blip = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = doc.part.related_parts[blip.embed].blob
    with Image.open(io.BytesIO(image)) as png:
        assert png.format == "PNG" and png.width > 600 and png.height > 150
    described = pictures[0]._inline.docPr.get("descr")
    assert described.startswith(f"Level over time: {world.goal_a.title}")


def test_every_docx_table_repeats_its_headings(session: Session, world: World) -> None:
    case_builder.build(session, world, extra_entries=60)
    for kind in (ReportKind.chronology, ReportKind.review, ReportKind.assessment):
        built = render_report(
            session, Actor(world.lead_a), world.family_a.id, kind, ReportFormat.docx
        )
        doc = read_docx(io.BytesIO(built.content))
        data_tables = [
            t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"
        ]
        assert data_tables, kind
        for table in data_tables:
            first = table.rows[0]._tr
            props = first.trPr
            assert props is not None and props.find(qn("w:tblHeader")) is not None, kind
