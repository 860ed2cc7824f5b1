"""The assessment report PDF: SWET order, the worker's sections, DRAFT until approved, the
author and the approver named with dates, and verdicts that never hide the milestones."""

import io
from datetime import date, timedelta

import pikepdf
from pypdf import PdfReader
from sqlmodel import Session

from app.models.account import Role
from app.models.plan import Consequence, ConsequenceStatus, Milestone, MilestoneStatus
from app.models.report import ReportFormat, ReportKind, ReportSection
from app.reports.templating import long_date
from app.services.context import Actor
from app.services.reporting import assessment_report
from app.services.reporting.render import render_report
from tests import factories
from tests.factories import World
from tests.reports import case as case_builder
from tests.reports.test_typeset import MARKUP, one_line


def _pdf(session: Session, world: World) -> tuple[bytes, str, list[str]]:
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.assessment, ReportFormat.pdf
    )
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(built.content)).pages]
    return built.content, one_line(" ".join(pages)), pages


def _write_and_submit(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    a = world.assessment_a.id
    for section in ReportSection:
        state = assessment_report.report_state(session, worker, a)
        current = state.current(section)
        assessment_report.save_section(
            session,
            worker,
            a,
            section,
            f"Written for {section.value}.",
            current.number if current else 0,
        )
    state = assessment_report.report_state(session, worker, a)
    assessment_report.submit(session, worker, a, state.version)


def test_a_draft_says_so_on_every_page_and_has_no_filler(session: Session, world: World) -> None:
    case_builder.build(session, world)  # analysis and recommendation written, nothing more
    content, text, pages = _pdf(session, world)
    for page in pages:
        assert "DRAFT: not approved" in one_line(page)
    assert "has not written" not in text and "No recommendation has been written" not in text
    # the lived experience section is not written: left out, not filled in
    assert "lived experience" not in text
    assert "Jo has engaged well." in text
    assert "Written by Not yet submitted" in text and "Approved by Not yet approved" in text
    assert "This is a draft." in text
    assert "Not yet submitted by the social worker · DRAFT: not yet approved" in one_line(pages[0])
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert "evidence.json" in pdf.attachments


def test_sections_in_swet_order(session: Session, world: World) -> None:
    case_builder.build(session, world)
    _write_and_submit(session, world)
    _, text, _ = _pdf(session, world)
    order = [
        "1. The family and the child’s timescale",
        "2. The child’s lived experience, wishes and feelings",
        "Written for lived_experience.",
        "3. The parents’ views",
        "Written for parents_views.",
        "The parents' views, in their own words",
        "The glass was swept up before the visit ended.",  # a parent's own words
        "4. What must change",
        "5. Evidence of change, goal by goal",
        "6. Analysis of capacity to change",
        "Motivation and ability, parent by parent",
        "Stage of change over time",
        "The GAS trend against the child’s timescale",
        "Written for analysis.",
        "7. Recommendation",
        "Written for recommendation.",
        "8. Sign-off",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_the_approved_report_names_author_and_approver_with_dates(
    session: Session, world: World
) -> None:
    case_builder.build(session, world)
    _write_and_submit(session, world)
    submitted, _, _ = _pdf(session, world)
    approver = factories.user(session, "Ola Penrose", Role.team_lead, world.team_a)
    session.commit()
    state = assessment_report.report_state(session, Actor(approver), world.assessment_a.id)
    assessment_report.approve(session, Actor(approver), world.assessment_a.id, state.version)
    _, text, pages = _pdf(session, world)
    today = long_date(date.today())
    assert f"Written by {world.worker_a.display_name} Social worker {today}" in text
    assert f"Approved by Ola Penrose Team lead {today}" in text
    # and under the title on the first page
    assert (
        f"Written by {world.worker_a.display_name}, Social worker, {today} · approved by "
        f"Ola Penrose, Team lead, {today}"
    ) in one_line(pages[0])
    assert "DRAFT" not in text and "This is a draft" not in text
    assert "DRAFT" in " ".join(PdfReader(io.BytesIO(submitted)).pages[0].extract_text().split())


def test_a_reached_score_with_every_milestone_missed_says_both(
    session: Session, world: World
) -> None:
    """Defect: "At or above the expected level" beside 3 missed milestones and a consequence."""
    w = world
    g = factories.goal(session, w.assessment_a, [w.mother_a], title="Get to school on time")
    for days in (30, 20, 10, 3):
        factories.entry(session, g, w.worker_a, score=1, days_ago=days)
    for n in range(3):
        session.add(
            Milestone(
                goal_id=g.id,
                family_id=g.family_id,
                description=f"Week {n + 1} on time",
                due_on=date.today() - timedelta(days=25 - 7 * n),
                status=MilestoneStatus.missed,
            )
        )
    session.add(
        Consequence(
            family_id=g.family_id,
            goal_id=g.id,
            description="Attendance raised with the school",
            status=ConsequenceStatus.applied,
        )
    )
    session.commit()
    _, text, _ = _pdf(session, world)
    # under the goal's chart: the score verdict, then at once what the milestones say
    assert (
        "At or above the expected level. The milestone record does not bear this out. "
        "3 milestones: 0 achieved, 3 missed. "
        "Consequence applied: “Attendance raised with the school”."
    ) in text
    # in the table: the two side by side
    row = text[text.find("side by side") :]
    assert (
        "Get to school on time +1 0.00 — At or above the expected level "
        "3 milestones: 0 achieved, 3 missed."
    ) in row
    assert "with milestones missed or consequences applied: Get to school on time" in row


def test_the_worker_s_words_are_printed_as_text(session: Session, world: World) -> None:
    case_builder.build(session, world)
    worker = Actor(world.worker_a)
    assessment_report.save_section(
        session, worker, world.assessment_a.id, ReportSection.lived_experience, MARKUP, 0
    )
    content, text, _ = _pdf(session, world)
    assert MARKUP in text
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # still A4
