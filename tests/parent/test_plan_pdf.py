"""The parent's printed plan through Typst: PDF/A-3b, tagged, with exactly what that parent
may see attached; what anyone typed printed as written, never read as markup; in Welsh
when the parent reads Welsh, with the English that staff typed marked as English."""

import io
import json

import pikepdf
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session

from app.models.evidence import ParentComment, Stance, ViewResponse
from app.services.context import Actor
from app.services.reporting import parent_plan
from tests.factories import World
from tests.parent.helpers import sign_in
from tests.reports.test_typeset import MARKUP, one_line


def _answered_view(session: Session, world: World, text: str, answer: str) -> None:
    view = ParentComment(
        family_id=world.family_a.id,
        author_id=world.parent_a.id,
        member_id=world.mother_a.id,
        goal_id=world.goal_a.id,
        stance=Stance.disagree,
        text=text,
    )
    session.add(view)
    session.flush()
    session.add(
        ViewResponse(
            family_id=world.family_a.id,
            comment_id=view.id,
            text=answer,
            recorded_by_id=world.worker_a.id,
        )
    )
    session.commit()


def _text(content: bytes) -> str:
    return one_line(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages))


def _struct_langs(node: pikepdf.Object) -> set[str]:
    found: set[str] = set()
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            if "/Lang" in kid:
                found.add(str(kid.Lang))
            found |= _struct_langs(kid)
    return found


def test_the_plan_pdf_is_tagged_pdf_a_with_only_this_parents_plan_attached(
    client: TestClient, session: Session, world: World
) -> None:
    _answered_view(session, world, "I cleaned the kitchen every day.", "Thank you, Jo.")
    sign_in(client, session, world.parent_a)
    pdf = client.get("/your-plan.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(pdf.content)) as doc:
        assert doc.open_metadata().pdfa_status == "3B"
        assert "/StructTreeRoot" in doc.Root  # tagged for screen readers
        assert doc.Root.MarkInfo.Marked
        assert str(doc.Root.Lang) == "en-GB"
        box = doc.pages[0].mediabox
        assert (round(float(box[2])), round(float(box[3]))) == (595, 842)  # A4
        attached = doc.attachments["evidence.json"].get_file().read_bytes()
    # the attachment is the record the plan was printed from, for this parent only
    expected = parent_plan.printed_plan(session, Actor(world.parent_a), "en")
    from app.reports.parent_plan import evidence_json

    assert attached == evidence_json(expected)
    data = json.loads(attached)
    assert data["plan"]["family_id"] == str(world.family_a.id)
    assert [g["title"] for g in data["plan"]["goals"]] == [world.goal_a.title]
    assert data["plan"]["views"][0]["answers"][0]["text"] == "Thank you, Jo."
    raw = attached.decode()
    for hidden in (
        world.goal_a_unsigned.title,  # not signed off
        world.goal_b.title,  # another family
        world.internal_entry_a.observation,  # internal only
        world.family_b.case_reference,
    ):
        assert hidden not in raw, hidden
    text = _text(pdf.content)
    for words in (
        "Your plan",
        world.goal_a.title,
        "Steps along the way",
        "Bedrooms safe at two visits in a row",
        "Next",  # the step's status
        "Your social worker is Sam Okoro.",
        "Get independent advice",
        "I cleaned the kitchen every day.",
        "Sam Okoro answered: Thank you, Jo.",
    ):
        assert words in text, words


def test_what_people_typed_is_printed_as_written(
    client: TestClient, session: Session, world: World
) -> None:
    world.goal_a.title = f"Keep the home safe {MARKUP}"
    world.milestone_a.description = f"Step {MARKUP}"
    session.add_all([world.goal_a, world.milestone_a])
    session.commit()
    _answered_view(session, world, f"My view {MARKUP}", f"Answer {MARKUP}")
    sign_in(client, session, world.parent_a)
    pdf = client.get("/your-plan.pdf")
    assert pdf.status_code == 200
    text = _text(pdf.content)
    for typed in (
        f"Keep the home safe {MARKUP}",
        f"Step {MARKUP}",
        f"My view {MARKUP}",
        f"Answer {MARKUP}",
    ):
        assert typed in text, typed
    # the markup did not take effect: the page is still A4 portrait
    box = PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_a_welsh_parent_gets_the_plan_in_welsh_with_staff_english_marked(
    client: TestClient, session: Session, world: World
) -> None:
    world.parent_a.language = "cy"
    session.add(world.parent_a)
    session.commit()
    _answered_view(session, world, "Rwy’n cytuno.", "Diolch, Jo.")
    sign_in(client, session, world.parent_a)
    pdf = client.get("/your-plan.pdf")
    assert pdf.status_code == 200
    text = _text(pdf.content)
    for welsh in ("Eich cynllun", "Cael cyngor annibynnol", "Cysylltu â’ch gweithiwr"):
        assert welsh in text, welsh
    for english in ("Your plan", "Get independent advice", "Steps along the way", "Printed on"):
        assert english not in text, english
    assert world.goal_a.title in text  # typed by staff: printed as written
    with pikepdf.open(io.BytesIO(pdf.content)) as doc:
        assert str(doc.Root.Lang) == "cy-GB"
        assert str(doc.Root.Metadata.read_bytes()).count("Eich cynllun")  # the file's title
        # the goal's title, its steps and the worker's answer are English inside Welsh
        assert "en-GB" in _struct_langs(doc.Root.StructTreeRoot)
