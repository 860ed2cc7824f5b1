"""The "Reports and chronology" page: downloads, verifying them, chronology changes, access."""

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import docx
from pypdf import PdfReader
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app.cli import app as cct
from app.models.account import User
from app.models.audit import AuditEvent
from app.models.evidence import ProgressEntry, Significance
from app.models.report import ChronologyAdjustment, Export
from app.services.context import Actor
from app.services.evidence import entries
from app.services.evidence.entries import EntryAmend
from tests import factories
from tests.factories import World
from tests.web.conftest import SignedIn

WebAs = Callable[[User], SignedIn]
LINK = re.compile(r'href="(/families/[^"]+/reports/\w+\.\w+[^"]*)"')
FILENAME = re.compile(r'attachment; filename="([^"]+)"')


def _page(world: World) -> str:
    return f"/families/{world.family_a.id}/reports"


def _significant(session: Session, world: World, observation: str, days_ago: int) -> ProgressEntry:
    e = factories.entry(
        session,
        world.goal_a,
        world.worker_a,
        score=1,
        days_ago=days_ago,
        significance=Significance.significant,
        observation=observation,
    )
    session.commit()
    return e


def test_lead_downloads_each_report_then_cct_verify_checks_it(
    session: Session, world: World, web_as: WebAs, tmp_path: Path
) -> None:
    entry = _significant(session, world, "Stair gate fitted and kept closed.", 20)
    lead = web_as(world.lead_a)
    page = lead.get(_page(world))
    assert page.status_code == 200, page.text
    assert '<h1 class="govuk-heading-l">Reports and chronology</h1>' in page.text
    assert "No reports have been exported for this family yet." in page.text
    links = LINK.findall(page.text)
    assert sorted(link.rsplit("/", 1)[1] for link in links) == [
        "assessment.csv",
        "assessment.docx",
        "assessment.pdf",
        "chronology.csv",
        "chronology.docx",
        "chronology.pdf",
        "review.csv",
        "review.docx",
        "review.pdf",
    ]

    files: dict[str, bytes] = {}
    for link in links:
        answer = lead.get(link)
        assert answer.status_code == 200, (link, answer.text[:300])
        name = FILENAME.fullmatch(answer.headers["content-disposition"])
        assert name, answer.headers["content-disposition"]
        kind_fmt = link.rsplit("/", 1)[1]
        kind, fmt = kind_fmt.split(".")
        # the case reference and the report, never a person's name
        assert name.group(1).startswith(f"CCT-A-0001-{kind}-") and name.group(1).endswith(fmt)
        assert "Ashdown" not in name.group(1)
        files[kind_fmt] = answer.content
        (tmp_path / name.group(1)).write_bytes(answer.content)
        expected_type = {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "csv": "text/csv",
        }[fmt]
        assert answer.headers["content-type"].startswith(expected_type)

    for kind in ("chronology", "review", "assessment"):
        pdf = files[f"{kind}.pdf"]
        assert pdf.startswith(b"%PDF")
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "CCT-A-0001" in text and "OFFICIAL-SENSITIVE" in text
        document = docx.Document(io.BytesIO(files[f"{kind}.docx"]))
        words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for t in document.tables for row in t.rows for cell in row.cells
        )
        assert "CCT-A-0001" in words or "Ashdown" in words
    chron_pdf = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(files["chronology.pdf"])).pages
    )
    assert "Stair gate fitted" in chron_pdf
    rows = list(csv.reader(io.StringIO(files["chronology.csv"].decode("utf-8-sig"))))
    assert any("Stair gate fitted and kept closed." in cell for row in rows for cell in row)
    assert any("Neighbour reported shouting" in cell for row in rows for cell in row)

    recorded = session.exec(select(Export).order_by(col(Export.created_at))).all()
    assert len(recorded) == 9
    assert {e.created_by_id for e in recorded} == {world.lead_a.id}
    exported = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(exported) == 9
    assert {e.family_id for e in exported} == {world.family_a.id}
    assert {e.actor_id for e in exported} == {world.lead_a.id}
    session.commit()  # end the read: SQLite writers take the lock when they begin

    # the page lists what was exported: who, which report, which format, the short hash
    answer = lead.get(_page(world))
    assert answer.status_code == 200, answer.text[-2000:]
    page = answer.text
    table = page.split('id="exports"', 1)[1]
    assert table.count("Lena Marsh") == 9
    assert "Capacity-to-change assessment report" in table and "CSV spreadsheet" in table
    for e in recorded:
        assert e.evidence_sha256[:12] in table

    runner = CliRunner()
    pdf_file = next(tmp_path.glob("*-chronology-*.pdf"))
    verified = runner.invoke(cct, ["verify", str(pdf_file)])
    assert verified.exit_code == 0, verified.output
    assert "Evidence unchanged" in verified.output

    entries.amend_entry(
        session,
        Actor(world.worker_a),
        entry.id,
        EntryAmend.model_validate(
            {"reason": "Wrong room written down", "observation": "Stair gate fitted upstairs."}
        ),
    )
    changed = runner.invoke(cct, ["verify", str(pdf_file)])
    assert changed.exit_code == 3, changed.output
    assert "EVIDENCE CHANGED" in changed.output and str(entry.id) in changed.output


def test_chronology_date_range_goes_into_the_links_and_the_export(
    session: Session, world: World, web_as: WebAs
) -> None:
    _significant(session, world, "Old event, before the range.", 60)
    _significant(session, world, "Event inside the range.", 5)
    lead = web_as(world.lead_a)
    start = date.today() - timedelta(days=30)
    query = f"date_from-day={start.day}&date_from-month={start.month}&date_from-year={start.year}"
    page = lead.get(f"{_page(world)}?{query}")
    assert page.status_code == 200
    assert f'value="{start.month}"' in page.text  # what was typed is kept
    link = next(x for x in LINK.findall(page.text) if x.split("?")[0].endswith("chronology.csv"))
    assert link.endswith(f"?date_from={start.isoformat()}")
    text = lead.get(link.replace("&amp;", "&")).content.decode("utf-8-sig")
    assert "Event inside the range." in text and "Old event" not in text
    export = session.exec(select(Export)).one()
    assert export.date_from == start and export.date_to is None
    # links of the other reports are not limited to the range
    assert all("?" not in x for x in LINK.findall(page.text) if "chronology" not in x)


def test_bad_date_range_is_explained(world: World, web_as: WebAs) -> None:
    page = web_as(world.lead_a).get(
        f"{_page(world)}?date_from-day=31&date_from-month=2&date_from-year=2025"
        "&date_to-day=1&date_to-month=1"
    )
    assert page.status_code == 422
    assert "There is a problem" in page.text
    assert 'href="#date_from-day">The start date must be a real date' in page.text
    assert 'href="#date_to-day">The end date must include a year' in page.text
    assert 'value="31"' in page.text


def test_worker_leaves_an_event_out_and_adds_one(
    session: Session, world: World, web_as: WebAs
) -> None:
    leave = _significant(session, world, "Row the worker leaves out.", 15)
    worker = web_as(world.worker_a)
    page = worker.get(_page(world))
    assert f'value="entry:{leave.id}"' in page.text
    evidence_before = session.exec(select(ProgressEntry)).all()
    session.commit()

    answer = worker.post(
        f"{_page(world)}/leave-out",
        data={
            "csrf_token": worker.csrf_token,
            "target_key": f"entry:{leave.id}",
            "reason": "Duplicates the police report already in the bundle",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == _page(world)
    on = date.today() - timedelta(days=7)
    answer = worker.post(
        f"{_page(world)}/add-event",
        data={
            "csrf_token": worker.csrf_token,
            "occurred_on-day": str(on.day),
            "occurred_on-month": str(on.month),
            "occurred_on-year": str(on.year),
            "event": "Police called to the home after an argument.",
            "source": "Police report PR-1234",
            "significance": "The child was at home and heard the argument.",
            "reason": "Not recorded in CCT; from the police disclosure",
        },
    )
    assert answer.status_code == 200
    assert "The event is added to the chronology" in answer.text  # the success banner
    changes = answer.text.split('id="changes"', 1)[1]
    assert "Left out" in changes and "Row the worker leaves out." in changes
    assert "Duplicates the police report already in the bundle" in changes
    assert "Added" in changes and "Police called to the home" in changes
    assert changes.count("Sam Okoro") == 2
    # the event left out can no longer be chosen
    assert f'value="entry:{leave.id}"' not in answer.text

    adjustments = session.exec(select(ChronologyAdjustment)).all()
    assert {a.created_by_id for a in adjustments} == {world.worker_a.id}
    assert session.exec(select(AuditEvent).where(AuditEvent.entity == "chronologyadjustment")).all()
    # the evidence itself is untouched
    assert session.exec(select(ProgressEntry)).all() == evidence_before
    session.commit()

    csv_file = worker.get(f"{_page(world)}/chronology.csv")
    assert csv_file.status_code == 200
    text = csv_file.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert not any("Row the worker leaves out." in cell for row in rows for cell in row)
    added = next(row for row in rows if any("Police called" in cell for cell in row))
    assert "Police report PR-1234" in added
    assert any("Added by Sam Okoro" in cell for cell in added)


def test_bad_chronology_changes_are_explained_and_keep_the_input(
    session: Session, world: World, web_as: WebAs
) -> None:
    worker = web_as(world.worker_a)
    answer = worker.post(
        f"{_page(world)}/add-event",
        data={
            "csrf_token": worker.csrf_token,
            "occurred_on-day": "12",
            "occurred_on-month": "3",
            "event": "",
            "source": "Health visitor letter HV-77",
            "reason": "",
        },
    )
    assert answer.status_code == 422
    html = answer.text
    assert "<title>Error:" in html
    assert 'href="#occurred_on-day">The date of the event must include a year' in html
    assert 'href="#event">Enter what happened' in html
    assert 'href="#add_reason">Enter why the event should be added' in html
    assert 'value="Health visitor letter HV-77"' in html and 'value="12"' in html

    future = date.today() + timedelta(days=3)
    answer = worker.post(
        f"{_page(world)}/add-event",
        data={
            "csrf_token": worker.csrf_token,
            "occurred_on-day": str(future.day),
            "occurred_on-month": str(future.month),
            "occurred_on-year": str(future.year),
            "event": "Something that has not happened yet.",
            "reason": "Testing",
        },
    )
    assert answer.status_code == 422
    assert 'href="#occurred_on-day">Date must be today or in the past' in answer.text
    assert "Something that has not happened yet." in answer.text

    # an event of another family, or none at all, cannot be left out
    answer = worker.post(
        f"{_page(world)}/leave-out",
        data={
            "csrf_token": worker.csrf_token,
            "target_key": f"entry:{world.entry_b.id}",
            "reason": "Not ours",
        },
    )
    assert answer.status_code == 422
    assert 'href="#target_key">Choose an event from the chronology' in answer.text
    assert "Not ours" in answer.text
    answer = worker.post(
        f"{_page(world)}/leave-out", data={"csrf_token": worker.csrf_token, "reason": ""}
    )
    assert 'href="#target_key">Choose the event to leave out' in answer.text
    assert 'href="#leave_out_reason">Enter why the event should be left out' in answer.text
    assert session.exec(select(ChronologyAdjustment)).all() == []
    session.commit()

    # without the form's token nothing is recorded
    refused = worker.post(
        f"{_page(world)}/leave-out",
        data={"target_key": f"entry:{world.internal_entry_a.id}", "reason": "No token"},
    )
    assert refused.status_code == 403
    assert session.exec(select(ChronologyAdjustment)).all() == []


def test_staff_without_access_get_404(session: Session, world: World, web_as: WebAs) -> None:
    addresses = [_page(world), f"{_page(world)}/chronology.pdf", f"{_page(world)}/review.docx"]
    for user in (world.worker_a2, world.lead_b, world.worker_b, world.admin):
        client = web_as(user)
        for address in addresses:
            assert client.get(address).status_code == 404, (user.display_name, address)
        posted = client.post(
            f"{_page(world)}/leave-out",
            data={
                "csrf_token": client.csrf_token,
                "target_key": f"entry:{world.internal_entry_a.id}",
                "reason": "Trying",
            },
        )
        assert posted.status_code == 404
    assert session.exec(select(Export)).all() == []
    assert session.exec(select(ChronologyAdjustment)).all() == []
    denied = session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert len(denied) >= 16


def test_parent_never_gets_these_pages(session: Session, world: World, web_as: WebAs) -> None:
    parent = web_as(world.parent_a)
    for address in (_page(world), f"{_page(world)}/chronology.csv", f"{_page(world)}/review.pdf"):
        answer = parent.get(address, follow_redirects=False)
        assert answer.status_code == 404
    answer = parent.post(
        f"{_page(world)}/add-event",
        data={
            "csrf_token": parent.csrf_token,
            "occurred_on-day": "1",
            "occurred_on-month": "1",
            "occurred_on-year": "2025",
            "event": "My version",
            "reason": "I disagree",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 404
    # not even for another family's address
    other = parent.get(f"/families/{world.family_b.id}/reports", follow_redirects=False)
    assert other.status_code == 404
    assert session.exec(select(Export)).all() == []
    assert session.exec(select(ChronologyAdjustment)).all() == []


def test_page_queries_do_not_grow_with_the_record(
    session: Session, world: World, web_as: WebAs, count_queries
) -> None:
    lead = web_as(world.lead_a)
    lead.get(f"{_page(world)}/chronology.csv")
    with count_queries() as small:
        assert lead.get(_page(world)).status_code == 200
    for n in range(30):
        _significant(session, world, f"Visit number {n}.", 30 + n)
    worker = web_as(world.worker_a)
    for n in range(3):
        worker.get(f"{_page(world)}/chronology.csv")
        worker.post(
            f"{_page(world)}/add-event",
            data={
                "csrf_token": worker.csrf_token,
                "occurred_on-day": "1",
                "occurred_on-month": "1",
                "occurred_on-year": "2025",
                "event": f"Added event {n}",
                "reason": "From the police disclosure",
            },
        )
    with count_queries() as large:
        page = lead.get(_page(world))
    assert page.status_code == 200
    assert page.text.split('id="exports"', 1)[1].count("<tr") == 5  # header + 4 exports
    assert "Sam Okoro" in page.text.split('id="exports"', 1)[1]
    assert large.count == small.count, large.statements


def test_family_page_links_to_the_reports_page(world: World, web_as: WebAs) -> None:
    lead = web_as(world.lead_a)
    family_page = lead.get(f"/families/{world.family_a.id}")
    assert family_page.status_code == 200
    # once, in the family's sub-navigation
    link = f'href="{_page(world)}" id="family-nav-reports">Reports and chronology</a>'
    assert link in family_page.text
    assert family_page.text.count("Reports and chronology") == 1
    back = lead.get(_page(world)).text
    assert f'href="/families/{world.family_a.id}"' in back and "Back to the family" in back


def test_worker_writes_what_a_plan_event_means_for_the_child(
    session: Session, world: World, web_as: WebAs
) -> None:
    from tests.reports import case as case_builder

    built = case_builder.build(session, world)
    key = f"event:{built.milestone_event.id}"
    worker = web_as(world.worker_a)
    page = worker.get(_page(world))
    assert 'action="/families/' in page.text and 'id="significance_key"' in page.text
    assert f'value="{key}"' in page.text
    bad = worker.post(
        f"{_page(world)}/significance",
        data={"csrf_token": worker.csrf_token, "target_key": key, "significance": "", "reason": ""},
    )
    assert bad.status_code == 422
    assert 'href="#significance_text">Enter what the event means for the child' in bad.text
    assert 'href="#significance_reason">Enter why you are writing or changing it' in bad.text
    wrong = worker.post(
        f"{_page(world)}/significance",
        data={
            "csrf_token": worker.csrf_token,
            "target_key": f"entry:{built.amended_original.id}",
            "significance": "Kept as typed",
            "reason": "why",
        },
    )
    assert wrong.status_code == 422
    assert 'href="#significance_key">Choose an event of the plan' in wrong.text
    assert "Kept as typed" in wrong.text
    meaning = "Kit's room is safe at last; he can sleep there again."
    done = worker.post(
        f"{_page(world)}/significance",
        data={
            "csrf_token": worker.csrf_token,
            "target_key": key,
            "significance": meaning,
            "reason": "Not yet written",
        },
    )
    assert done.status_code == 200
    assert "What the event means for the child is saved in the chronology" in done.text
    changes = done.text.split('id="changes"', 1)[1]
    assert "What it means for the child" in changes and "Not yet written" in changes
    session.commit()
    csv_file = worker.get(f"{_page(world)}/chronology.csv")
    row = next(
        r for r in csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))) if r[-1] == key
    )
    assert row[4] == meaning
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "chronologyadjustment")
    ).all()
    assert audit and audit[-1].action == "create"
