"""The capacity-to-change assessment report, in the Social Work Evidence Template order."""

from datetime import date

from app import clock
from app.domain.gas import signed
from app.models.family import MemberRole
from app.reports import chronology, sections
from app.reports.case_record import CaseRecord
from app.reports.document import Document, Table
from app.reports.templating import long_date


def document(case: CaseRecord, as_at: date) -> Document:
    doc = Document(
        kind="assessment",
        title="Capacity to change assessment",
        case_reference=case.family.case_reference,
        family_name=case.family.family_name,
        as_at=as_at,
        audience=case.audience.value,
    )
    a = case.assessment
    goals = case.assessment_goals
    start = (
        a.started_on if a else min((clock.local_date(g.created_at) for g in goals), default=as_at)
    )

    s = doc.section("1. The family and the child's timescale")
    s.blocks.append(
        Table(
            "Members of the family",
            ["Name", "Role", "Relationship", "Date of birth"],
            [
                [
                    m.full_name,
                    m.role.value,
                    m.relationship,
                    long_date(m.date_of_birth) if m.role == MemberRole.child else "",
                ]
                for m in case.members
            ],
            [30, 20, 25, 25],
        )
    )
    for line in chronology.summary(case, as_at):
        s.para(line)

    s = doc.section("2. What must change: the goals and their five levels")
    s.para(
        "Each goal was written with five levels before it was first scored (Goal Attainment "
        "Scaling): −2 much less than expected, −1 somewhat less, 0 the expected outcome, "
        "+1 somewhat more, +2 much more."
    )
    for g in goals:
        sub = s.sub(g.title)
        sub.para(
            f"Area: {g.domain} ({g.term.value} term). For: {sections.goal_parents(case, g)}. "
            f"Baseline {signed(g.baseline_level)}, weight {g.weight:g}, "
            f"target date {long_date(g.target_date)}."
        )
        sub.para(f"Why it matters for the child: {g.why_it_matters}")
        sub.blocks.append(sections.levels_table(g))

    s = doc.section("3. Evidence of change, goal by goal")
    for g in goals:
        sections.goal_evidence(case, g, s.sub(g.title), as_at)

    s = doc.section("4. Motivation and engagement")
    s.para(
        "Stage of change (Prochaska and DiClemente), with motivation and ability rated "
        "separately: a motivated parent may still be unable to change."
    )
    s.blocks.append(sections.stage_table(case, None, as_at))

    s = doc.section("5. Rewards and consequences")
    s.blocks.append(sections.incentives_table(case))
    s.blocks.append(
        sections.events_table(
            case, sections.INCENTIVE_EVENTS, None, as_at, "What was given or applied, and when"
        )
    )

    s = doc.section("6. GAS T-score over time")
    sections.t_score_section(case, s, start, as_at)

    s = doc.section("7. Change within the child's timescale")
    trends = [(g, sections.trend_of(case, g, as_at)) for g in goals]
    s.blocks.append(
        Table(
            "Trend of each goal against the decision date",
            ["Goal", "Latest", "Trend a week", "Scores used", "Projected", "Decision", "Verdict"],
            [
                [
                    g.title,
                    signed(t.latest_level) if t.latest_level is not None else "—",
                    f"{t.slope:+.2f}" if t.slope is not None else "—",
                    str(t.points_used),
                    long_date(t.projected_on) or "—",
                    long_date(t.decision_date) or "—",
                    sections.VERDICTS[t.verdict],
                ]
                for g, t in trends
            ],
            [26, 7, 9, 8, 15, 15, 20],
        )
    )
    behind = [g.title for g, t in trends if t.not_on_course]
    if behind:
        s.para("Not on course for the child's timescale: " + "; ".join(behind) + ".")
    else:
        s.para("No goal is off course for the child's timescale on the evidence so far.")

    s = doc.section("8. Analysis and recommendation")
    sub = s.sub("Analysis")
    if a and a.analysis.strip():
        sub.paras(a.analysis)
    else:
        sub.para(
            "The social worker has not written the analysis yet.", numbered=False, style="note"
        )
    sub = s.sub("Recommendation")
    if a and a.recommendation.strip():
        sub.paras(a.recommendation)
    else:
        sub.para("No recommendation has been written yet.", numbered=False, style="note")

    s = doc.section("9. The parents' views")
    s.blocks.append(sections.views_table(case, None, as_at))
    doc.number_paragraphs()
    return doc
