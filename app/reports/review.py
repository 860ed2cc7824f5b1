"""The review meeting report: everything since the previous review, and room for decisions."""

from datetime import date

from app import vocabulary
from app.domain.gas import signed
from app.domain.series import level_on
from app.models.evidence import PlanEventKind
from app.reports import sections
from app.reports.case_record import CaseRecord
from app.reports.document import Document, Table
from app.typography import long_date

MILESTONE_EVENTS = (PlanEventKind.milestone_achieved, PlanEventKind.milestone_missed)


def document(case: CaseRecord, as_at: date) -> Document:
    reviews = [r for r in case.current(case.reviews) if r.occurred_on <= as_at]
    previous = reviews[-1] if reviews else None
    a = case.assessment
    since = previous.occurred_on if previous else (a.started_on if a else None)
    doc = Document(
        kind="review",
        title="Review meeting report",
        case_reference=case.family.case_reference,
        family_name=case.family.family_name,
        as_at=as_at,
        audience=case.audience.value,
    )
    s = doc.section("1. The period reviewed")
    if previous:
        s.para(
            f"This report covers {long_date(since)} to {long_date(as_at)}, since the "
            f"{vocabulary.in_sentence(vocabulary.court(previous.kind))} of "
            f"{long_date(previous.occurred_on)}."
        )
        if previous.decisions:
            s.para(f"What that meeting decided: {previous.decisions}")
    else:
        s.para(f"This is the first review; it covers the assessment from {long_date(since)}.")
    if case.timescale.decision_date:
        s.para(case.timescale.sentence())

    s = doc.section("2. Movement on each goal")
    for g in case.assessment_goals:
        sub = s.sub(g.title)
        points = case.series(g.id)
        then = level_on(points, since, g.baseline_level) if since else g.baseline_level
        now = level_on(points, as_at, g.baseline_level)
        moved = "no change" if now == then else ("up" if now > then else "down")
        sub.para(f"Level {signed(then)} at the last review, {signed(now)} now ({moved}).")
        sections.goal_evidence(case, g, sub, as_at, start=since)

    s = doc.section("3. Milestones met and missed")
    s.blocks.append(sections.events_table(case, MILESTONE_EVENTS, since, as_at, "Milestones"))
    upcoming = [m for m in case.milestones if m.status == "pending"]
    s.blocks.append(
        Table(
            "Milestones still to come",
            ["Due", "Milestone"],
            [[long_date(m.due_on), m.description] for m in upcoming],
            [20, 80],
        )
    )

    s = doc.section("4. Rewards and consequences")
    s.blocks.append(
        sections.events_table(
            case, sections.INCENTIVE_EVENTS, since, as_at, "Since the last review"
        )
    )

    s = doc.section("5. Stage of change")
    s.blocks.append(sections.stage_table(case, since, as_at))

    s = doc.section("6. The parents' views")
    s.blocks.append(sections.views_table(case, since, as_at))

    s = doc.section("7. Decisions of this meeting")
    s.para("To be completed at the meeting.", numbered=False, style="note")
    s.blocks.append(
        Table(
            "Decisions",
            ["Decision", "Who", "By when"],
            [["", "", ""] for _ in range(5)],
            [60, 20, 20],
            "decisions",
        )
    )
    doc.number_paragraphs()
    return doc
