"""The chronology as a court expects it (Practice Direction 12A and practice guidance).

One test per rule, and one per defect found when a team lead read a chronology back:
"Milestone missed: Milestone missed:", three identical sign-off rows on one day,
motivation scores as events, rewards earned and consequences due missing, "+0",
"-2" and "03 August" beside "−2" and "3 August", an amended routine entry missing
entirely, no court heading and no statement of truth.
"""

import io
import re
from datetime import date, timedelta

from docx import Document as read_docx
from pypdf import PdfReader
from sqlmodel import Session

from app.models.base import utcnow
from app.models.evidence import (
    PlanEvent,
    PlanEventKind,
    Stage,
    StageRating,
    Visibility,
)
from app.models.report import ReportFormat, ReportKind
from app.reports.chronology import Chronology
from app.services.context import Actor
from app.services.reporting import chronology
from app.services.reporting.case_record import gather
from app.services.reporting.render import render_report
from tests import factories
from tests.factories import World
from tests.reports import case as case_builder
from tests.reports.case import TODAY


def rows_of(session: Session, actor: Actor, world: World) -> Chronology:
    return chronology.build(gather(session, actor, world.family_a.id), None, None, TODAY)


def event(
    world: World, kind: PlanEventKind, summary: str, days_ago: int, **links: object
) -> PlanEvent:
    return PlanEvent(
        family_id=world.family_a.id,
        kind=kind,
        goal_id=world.goal_a.id,
        occurred_on=TODAY - timedelta(days=days_ago),
        recorded_by_id=world.worker_a.id,
        visibility=Visibility.shared,
        summary=summary,
        **links,
    )


def pdf_text(content: bytes) -> str:
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages]
    return " ".join(" ".join(pages).split())


def test_heading_names_court_case_children_parties_author_and_dates(
    session: Session, world: World
) -> None:
    case_builder.build(session, world)
    fam = world.family_a
    fam.court_name = "Family Court sitting at Westmarsh"
    fam.court_case_number = "WM26C00123"
    fam.local_authority = "Westmarsh Council"
    world.child_a.date_of_birth = date(2022, 8, 3)
    session.add_all([fam, world.child_a])
    session.commit()
    built = render_report(
        session, Actor(world.worker_a), fam.id, ReportKind.chronology, ReportFormat.pdf
    )
    text = pdf_text(built.content)
    assert "Court Family Court sitting at Westmarsh" in text
    assert "Case number WM26C00123" in text
    assert "Local authority Westmarsh Council" in text
    assert "Children Kit Ashdown, born 3 August 2022" in text
    assert (
        "Parties Westmarsh Council (applicant); Jo Ashdown, mother (respondent); "
        "Lee Ashdown, father (respondent); Kit Ashdown (by the children's guardian)"
    ) in text
    assert "Author Sam Okoro, social worker" in text
    assert f"Date {TODAY.day} {TODAY:%B %Y}" in text
    assert f"As at {TODAY.day} {TODAY:%B %Y}" in text


def test_heading_says_what_is_not_recorded(session: Session, world: World) -> None:
    case_builder.build(session, world)
    chron = rows_of(session, Actor(world.lead_a), world)
    assert chron.heading is not None
    pairs = dict(chron.heading.pairs())
    assert pairs["Court"] == "Not recorded" and pairs["Case number"] == "Not recorded"


def test_statement_of_truth_and_signature_block_end_the_staff_copy(
    session: Session, world: World
) -> None:
    case_builder.build(session, world)
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.docx
    )
    doc = read_docx(io.BytesIO(built.content))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Statement of truth" in body
    assert "I believe that the facts stated in this chronology are true." in body
    assert "proceedings for contempt of court may be brought" in body
    signature = doc.tables[-1]
    assert [r.cells[0].text for r in signature.rows] == ["Signed", "Name", "Role", "Date"]
    assert [r.cells[1].text for r in signature.rows][1:3] == ["Lena Marsh", "Team lead"]
    # the family's own copy is not a filed document
    family_copy = render_report(
        session, Actor(world.parent_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    assert "Statement of truth" not in pdf_text(family_copy.content)


def test_rows_are_numbered_in_date_order(session: Session, world: World) -> None:
    case_builder.build(session, world)
    chron = rows_of(session, Actor(world.lead_a), world)
    assert [r.number for r in chron.rows] == list(range(1, len(chron.rows) + 1))
    assert [r.on for r in chron.rows] == sorted(r.on for r in chron.rows)
    assert all(r.cells()[0] == str(r.number) for r in chron.rows)


def test_one_sign_off_row_per_version_of_the_plan(session: Session, world: World) -> None:
    """Defect: three identical sign-off rows on one day."""
    case_builder.build(session, world)
    for g in (world.goal_a, world.goal_a_unsigned, world.goal_a):
        e = event(
            world, PlanEventKind.plan_signed_off, f"Goal signed off by Lena Marsh: {g.title}", 5
        )
        e.goal_id, e.recorded_by_id = g.id, world.lead_a.id
        session.add(e)
    session.commit()
    rows = [
        r
        for r in rows_of(session, Actor(world.lead_a), world).rows
        if r.on == TODAY - timedelta(days=5)
    ]
    assert len(rows) == 1
    assert rows[0].event == (
        f"Plan signed off by team lead (Lena Marsh): 2 goals “{world.goal_a.title}”; "
        f"“{world.goal_a_unsigned.title}”."
    )


def test_no_doubled_prefix(session: Session, world: World) -> None:
    """Defect: "Milestone missed: Milestone missed:" appeared 13 times."""
    case_builder.build(session, world)
    session.add_all(
        [
            event(
                world,
                PlanEventKind.milestone_missed,
                f"Milestone missed: {world.milestone_a.description}",
                6,
                milestone_id=world.milestone_a.id,
            ),
            # an older record that points at nothing: its summary, its kind said once
            event(world, PlanEventKind.milestone_missed, "Milestone missed: Nursery every day", 7),
            event(
                world, PlanEventKind.consequence_applied, "Consequence applied: Raised at PLO", 8
            ),
        ]
    )
    session.commit()
    chron = rows_of(session, Actor(world.lead_a), world)
    joined = "\n".join(r.event for r in chron.rows)
    assert "Milestone missed: Milestone missed" not in joined
    assert "Consequence applied: Consequence applied" not in joined
    assert (
        f"Milestone missed: {world.milestone_a.description} (goal “{world.goal_a.title}”)" in joined
    )
    assert "Milestone missed: Nursery every day" in joined
    assert "Consequence applied: Raised at PLO" in joined


def test_rewards_earned_consequences_due_and_applied_and_relapses_are_events(
    session: Session, world: World
) -> None:
    """Defect: rewards earned and consequences that fell due were missing."""
    case_builder.build(session, world)
    earlier = factories.entry(session, world.goal_a, world.worker_a, score=0, days_ago=9)
    later = factories.entry(session, world.goal_a, world.worker_a, score=-2, days_ago=8)
    session.add_all(
        [
            event(
                world,
                PlanEventKind.reward_earned,
                "Reward earned: park",
                11,
                reward_id=world.reward_a.id,
            ),
            event(
                world,
                PlanEventKind.consequence_due,
                "Consequence due after a relapse: x",
                8,
                consequence_id=world.consequence_a.id,
            ),
            event(
                world,
                PlanEventKind.consequence_applied,
                "Consequence applied: x",
                4,
                consequence_id=world.consequence_a.id,
            ),
            # as the relapse rule wrote it before one typography
            event(
                world,
                PlanEventKind.relapse,
                f"Relapse on “{world.goal_a.title}”: fell below the expected level: +0 on "
                f"{earlier.occurred_on:%d %B %Y}, -2 on {later.occurred_on:%d %B %Y}. "
                "A stage-of-change review is due.",
                8,
                entry_id=later.id,
                earlier_entry_id=earlier.id,
            ),
        ]
    )
    session.commit()
    texts = [r.event for r in rows_of(session, Actor(world.lead_a), world).rows]
    assert f"Reward earned: {world.reward_a.description} (goal “{world.goal_a.title}”)" in texts
    assert (
        sum(t.startswith(f"Consequence due: {world.consequence_a.description}") for t in texts) == 1
    )
    assert (
        sum(t.startswith(f"Consequence applied: {world.consequence_a.description}") for t in texts)
        == 1
    )
    relapse = next(t for t in texts if t.startswith("Relapse:"))
    assert (
        f"fell below the expected level: 0 on {earlier.occurred_on.day} "
        f"{earlier.occurred_on:%B %Y}, −2 on {later.occurred_on.day}"
    ) in relapse


def test_ratings_only_when_marked_significant(session: Session, world: World) -> None:
    """Defect: motivation scores as events."""
    case_builder.build(session, world)
    session.add(
        StageRating(
            family_id=world.family_a.id,
            member_id=world.father_a.id,
            occurred_on=TODAY - timedelta(days=3),
            recorded_by_id=world.worker_a.id,
            stage=Stage.precontemplation,
            motivation=2,
            ability=3,
            visibility=Visibility.shared,
        )
    )
    session.commit()
    texts = [r.event for r in rows_of(session, Actor(world.lead_a), world).rows]
    assert not any("Lee Ashdown" in t and "motivation" in t for t in texts)
    # the two the worker marked: the first and the change, with their words
    rated = [
        r for r in rows_of(session, Actor(world.lead_a), world).rows if r.key.startswith("stage:")
    ]
    assert [r.event.split(" (")[0] for r in rated] == [
        "Jo Ashdown first assessed as contemplation",
        "Jo Ashdown moved from contemplation to action",
    ]
    assert all(r.significance == "Jo sees the risk to Ellie more clearly." for r in rated)


def test_significance_not_confirmed_says_it_needs_review(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    built.review.significance_needs_review = True
    built.review.significance_for_child = ""
    session.add(built.review)
    session.commit()
    row = next(
        r
        for r in rows_of(session, Actor(world.lead_a), world).rows
        if r.key == f"review:{built.review.id}"
    )
    assert row.significance == "Needs review: not yet confirmed by the social worker."


def test_every_correction_is_in_the_annex_routine_entries_included(
    session: Session, world: World
) -> None:
    """Defect: an amended routine entry was missing entirely."""
    built = case_builder.build(session, world)
    routine = factories.entry(
        session, world.goal_a, world.worker_a, score=0, days_ago=18, observation="Kitchen tidy."
    )
    fixed = factories.entry(
        session, world.goal_a, world.worker_a2, score=1, days_ago=18, observation="Kitchen tidy."
    )
    fixed.amends_id = routine.id
    fixed.amendment_reason = "Level mistyped"
    session.add(fixed)
    session.commit()
    chron = rows_of(session, Actor(world.lead_a), world)
    assert f"entry:{routine.id}" not in {r.key for r in chron.rows}  # routine: no row
    annex = {a.key: a for a in chron.amendments}
    line = annex[f"entry:{routine.id}"]
    assert line.record == f"Progress entry on “{world.goal_a.title}”: Kitchen tidy."
    assert line.changed == "level"
    assert (line.by, line.at, line.reason) == ("Ria Patel", TODAY, "Level mistyped")
    significant = annex[f"entry:{built.amended_original.id}"]
    assert significant.changed == "observation"
    assert significant.reason == "Wrong room named in the first version"
    built_pdf = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    text = pdf_text(built_pdf.content)
    assert "Annex A: evidence corrected in the period" in text
    assert "Level mistyped" in text


def test_entered_in_error_annex_holds_every_kind(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    built.review.entered_in_error_at = utcnow()
    built.review.entered_in_error_by_id = world.lead_a.id
    built.review.entered_in_error_reason = "Minutes of another family's meeting"
    session.add(built.review)
    session.commit()
    chron = rows_of(session, Actor(world.lead_a), world)
    reasons = [a.reason for a in chron.in_error]
    assert any(r.endswith("by Lena Marsh: Minutes of another family's meeting") for r in reasons)
    assert any(r.endswith("Belongs to another case") for r in reasons)
    assert f"review:{built.review.id}" not in {r.key for r in chron.rows}


HYPHEN_NUMBER = re.compile(r"(?<![\w/.-])-\d")
PADDED_DAY = re.compile(
    r"\b0\d (January|February|March|April|May|June|July|August|September|October|November|December)"
)


def test_one_typography_in_every_format(session: Session, world: World) -> None:
    """Defect: "+0" and "-2" (hyphen-minus) and "03 August" beside "−2" and "3 August"."""
    case_builder.build(session, world)
    session.add(
        event(
            world,
            PlanEventKind.relapse,
            f"Relapse on “{world.goal_a.title}”: fell 2 levels within 28 days: +0 on 03 August "
            "2026, -2 on 10 August 2026. A stage-of-change review is due.",
            8,
        )
    )
    session.commit()
    outputs = {}
    for fmt in (ReportFormat.pdf, ReportFormat.docx, ReportFormat.csv):
        built = render_report(
            session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, fmt
        )
        if fmt == ReportFormat.pdf:
            outputs[fmt] = pdf_text(built.content)
        elif fmt == ReportFormat.docx:
            doc = read_docx(io.BytesIO(built.content))
            cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
            outputs[fmt] = " ".join([p.text for p in doc.paragraphs] + cells)
        else:
            outputs[fmt] = built.content.decode("utf-8-sig")
    for fmt, text in outputs.items():
        assert "0 on 3 August 2026, −2 on 10 August 2026" in text, fmt
        assert "+0" not in text, fmt
        assert not PADDED_DAY.search(text), fmt
        assert not HYPHEN_NUMBER.search(text), (fmt, HYPHEN_NUMBER.findall(text))
        assert "Scored −2 (much less than expected)" in text, fmt


def test_statement_of_truth_stays_with_its_signature_block(session: Session, world: World) -> None:
    case_builder.build(session, world, extra_entries=120)
    built = render_report(
        session, Actor(world.worker_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(built.content)).pages]
    holding = [i for i, p in enumerate(pages) if "Statement of truth" in p]
    assert holding and holding == [i for i, p in enumerate(pages) if "Signed" in p]
    assert "Name Sam Okoro" in " ".join(pages[holding[0]].split())
    assert "Role Social worker" in " ".join(pages[holding[0]].split())


def test_family_copy_names_no_author(session: Session, world: World) -> None:
    case_builder.build(session, world)
    built = render_report(
        session, Actor(world.parent_a), world.family_a.id, ReportKind.chronology, ReportFormat.pdf
    )
    text = pdf_text(built.content)
    assert "Author Not recorded" in text
    assert "parent or carer" not in text.lower()


def test_a_parent_agreeing_is_not_an_event_unless_judged_significant(
    session: Session, world: World
) -> None:
    """Defect: "parent agrees" rows cluttered the chronology."""
    from app.models.evidence import ParentComment, Stance, ViewResponse

    case_builder.build(session, world)
    agree = ParentComment(
        family_id=world.family_a.id,
        author_id=world.parent_a.id,
        member_id=world.mother_a.id,
        goal_id=world.goal_a.id,
        stance=Stance.agree,
        text="I agree with the plan.",
    )
    session.add(agree)
    session.flush()
    session.add(
        ViewResponse(
            family_id=world.family_a.id,
            comment_id=agree.id,
            text="Thank you.",
            significant=False,
            recorded_by_id=world.worker_a.id,
        )
    )
    session.commit()
    texts = [r.event for r in rows_of(session, Actor(world.lead_a), world).rows]
    assert not any("I agree with the plan." in t for t in texts)
    assert not any(" agrees" in t for t in texts)
