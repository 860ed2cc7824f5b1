"""One event, one date: a moment late in the UTC day is dated by the UK clock everywhere.

A parent's view written at 23:30 UTC on 1 June 2025 was written at 00:30 BST on
2 June: the family page, the timeline, the chronology (PDF, DOCX, CSV) and their
date filters all say 2 June 2025.
"""

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import docx
from pypdf import PdfReader
from sqlmodel import Session

from app.models.account import User
from app.models.evidence import ParentComment, Stance, ViewResponse
from tests.factories import World
from tests.web.conftest import SignedIn

WebAs = Callable[[User], SignedIn]
LATE = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
WORDS = "I walked the children to school every day this week."


def _late_view(session: Session, world: World) -> ParentComment:
    comment = ParentComment(
        family_id=world.family_a.id,
        author_id=world.parent_a.id,
        member_id=world.mother_a.id,
        goal_id=world.goal_a.id,
        stance=Stance.comment,
        text=WORDS,
        recorded_at=LATE,
    )
    session.add(comment)
    session.commit()
    return comment


def _dates(text: str) -> set[str]:
    """The 2025 dates a text mentions, written out ("2 June 2025")."""
    return set(re.findall(r"\b\d{1,2} \w+ 2025\b", " ".join(text.split())))


def _chronology(lead: SignedIn, world: World, fmt: str, **span: date) -> bytes:
    query = "&".join(f"{k}={v.isoformat()}" for k, v in span.items())
    answer = lead.get(f"/families/{world.family_a.id}/reports/chronology.{fmt}?{query}")
    assert answer.status_code == 200, answer.text[:300]
    return answer.content


def _pdf_text(content: bytes) -> str:
    return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_family_page_dates_the_late_view_by_uk_time(
    session: Session, world: World, web_as: WebAs
) -> None:
    comment = _late_view(session, world)
    worker = web_as(world.worker_a)
    page = worker.get(f"/families/{world.family_a.id}")
    assert page.status_code == 200
    assert "2 June 2025 at 12:30am" in page.text  # the new views from parents
    page = worker.get(f"/families/{world.family_a.id}/timeline")
    event = page.text.split(f'id="event-{comment.id}"', 1)[1].split("</li>", 1)[0]
    assert _dates(event) == {"2 June 2025"}  # the timeline
    assert "1 June 2025" not in page.text

    span = "from-day={}&from-month=6&from-year=2025&to-day={}&to-month=6&to-year=2025"
    kept = worker.get(f"/families/{world.family_a.id}/timeline?{span.format(2, 2)}")
    assert f'id="event-{comment.id}"' in kept.text
    left = worker.get(f"/families/{world.family_a.id}/timeline?{span.format(1, 1)}")
    assert left.status_code == 200
    assert f'id="event-{comment.id}"' not in left.text


def test_parent_timeline_dates_the_late_view_by_uk_time(
    session: Session, world: World, web_as: WebAs
) -> None:
    comment = _late_view(session, world)
    page = web_as(world.parent_a).get("/your-progress")
    assert page.status_code == 200
    event = page.text.split(f'id="event-{comment.id}"', 1)[1].split("</li>", 1)[0]
    assert '<time datetime="2025-06-02">2 June 2025</time>' in event


def test_chronology_dates_and_filters_the_late_view_by_uk_time(
    session: Session, world: World, web_as: WebAs
) -> None:
    comment = _late_view(session, world)
    # a view reaches the chronology once a worker answering it judged it significant
    session.add(
        ViewResponse(
            family_id=world.family_a.id,
            comment_id=comment.id,
            text="Noted for the court.",
            significant=True,
            recorded_by_id=world.worker_a.id,
            recorded_at=LATE,
        )
    )
    session.commit()
    lead = web_as(world.lead_a)

    pdf = " ".join(_pdf_text(_chronology(lead, world, "pdf")).split())
    assert WORDS[:30] in pdf
    row = pdf[pdf.rindex(" 2025 ", 0, pdf.index(WORDS[:30])) - 12 : pdf.index(WORDS[:30])]
    assert _dates(row) == {"2 June 2025"}, row
    assert "1 June 2025" not in pdf

    words = _docx_text(_chronology(lead, world, "docx"))
    assert WORDS in words
    assert "2 June 2025" in words and "1 June 2025" not in words

    rows = list(csv.reader(io.StringIO(_chronology(lead, world, "csv").decode("utf-8-sig"))))
    late = [r for r in rows if any(WORDS in cell for cell in r)]
    assert len(late) == 1 and late[0][1] == "2 June 2025"  # the one typography
    assert late[0][6] == "2025-06-02"  # and the date to sort by

    def listed(**span: date) -> bool:
        return WORDS in _chronology(lead, world, "csv", **span).decode("utf-8-sig")

    assert listed(date_from=date(2025, 6, 2), date_to=date(2025, 6, 2))
    assert not listed(date_from=date(2025, 5, 1), date_to=date(2025, 6, 1))
    assert not listed(date_to=date(2025, 6, 1))
    # the filtered PDF and DOCX agree with the CSV
    assert WORDS[:30] in _pdf_text(_chronology(lead, world, "pdf", date_from=date(2025, 6, 2)))
    assert WORDS not in _docx_text(_chronology(lead, world, "docx", date_to=date(2025, 6, 1)))
