"""The capacity-to-change assessment report, in the Social Work Evidence Template order.

The worker's own sections (the child's lived experience, the parents' views, the
analysis, the recommendation) come from ``case.report``; a section not yet written is
left out, never filled with stock words (the Reports page lists what is missing).
Until the team lead approves it the report is marked DRAFT on every page, and it ends
by naming who wrote it and who approved it, with the dates.
"""

from datetime import date

from app import clock, vocabulary
from app.domain.gas import signed
from app.models.family import MemberRole
from app.models.report import ReportSection
from app.reports import chronology, sections
from app.reports.case_record import CaseRecord, WrittenReport
from app.reports.document import Document, Section, Table
from app.typography import long_date

DRAFT = "DRAFT"


class _Numbered:
    """Sections numbered 1, 2, 3… as they are added, so a section left out leaves no gap."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.n = 0

    def __call__(self, heading: str) -> Section:
        self.n += 1
        return self.doc.section(f"{self.n}. {heading}")


def _written(case: CaseRecord, section: ReportSection) -> str:
    report = case.report
    return report.sections.get(section.value, "").strip() if report else ""


def document(case: CaseRecord, as_at: date) -> Document:
    report = case.report
    approved = report is not None and report.approved
    doc = Document(
        kind="assessment",
        title="Capacity to change assessment",
        case_reference=case.family.case_reference,
        family_name=case.family.family_name,
        as_at=as_at,
        audience=case.audience.value,
        watermark="" if approved else DRAFT,
        byline=_byline(report),
    )
    section = _Numbered(doc)
    a = case.assessment
    goals = case.assessment_goals
    start = (
        a.started_on if a else min((clock.local_date(g.created_at) for g in goals), default=as_at)
    )

    s = section("The family and the child’s timescale")
    s.blocks.append(
        Table(
            "Members of the family",
            ["Name", "Role", "Relationship", "Date of birth"],
            [
                [
                    m.full_name,
                    vocabulary.court(m.role),
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

    text = _written(case, ReportSection.lived_experience)
    if text:
        section(vocabulary.court(ReportSection.lived_experience)).paras(text)

    s = section(vocabulary.court(ReportSection.parents_views))
    text = _written(case, ReportSection.parents_views)
    if text:
        s.paras(text)
    s.blocks.append(sections.views_table(case, None, as_at))

    s = section("What must change: the goals and their five levels")
    s.para(
        "Each goal was written with five levels before it was first scored (Goal Attainment "
        "Scaling): −2 much less than expected, −1 somewhat less, 0 the expected outcome, "
        "+1 somewhat more, +2 much more."
    )
    for g in goals:
        sub = s.sub(g.title)
        sub.para(
            f"Area: {g.domain} ({vocabulary.court(g.term).lower()}). "
            f"For: {sections.goal_parents(case, g)}. "
            f"Baseline {signed(g.baseline_level)}, weight {g.weight:g}, "
            f"target date {long_date(g.target_date)}."
        )
        sub.para(f"Why it matters for the child: {g.why_it_matters}")
        sub.blocks.append(sections.levels_table(g))

    s = section("Evidence of change, goal by goal")
    for g in goals:
        sections.goal_evidence(case, g, s.sub(g.title), as_at)

    _analysis(case, section("Analysis of capacity to change"), start, as_at)

    text = _written(case, ReportSection.recommendation)
    if text:
        section(vocabulary.court(ReportSection.recommendation)).paras(text)

    _sign_off(section("Sign-off"), report)
    doc.number_paragraphs()
    return doc


def _analysis(case: CaseRecord, s: Section, start: date, as_at: date) -> None:
    """Motivation and ability for each parent, stage over time, the GAS trend, then the
    worker's analysis."""
    sub = s.sub("Motivation and ability, parent by parent")
    sub.para(
        "Stage of change (Prochaska and DiClemente), with motivation and ability rated "
        "separately: a motivated parent may still be unable to change."
    )
    sub.blocks.append(_per_parent(case, as_at))

    sub = s.sub("Stage of change over time")
    sub.blocks.append(sections.stage_table(case, None, as_at))
    sub.blocks.append(sections.incentives_table(case))
    sub.blocks.append(
        sections.events_table(
            case,
            sections.INCENTIVE_EVENTS,
            None,
            as_at,
            "Rewards and consequences: what was given or applied, and when",
        )
    )

    sub = s.sub("The GAS trend against the child’s timescale")
    sections.t_score_section(case, sub, start, as_at)
    goals = case.assessment_goals
    rows = []
    behind = []
    for g in goals:
        t = sections.trend_of(case, g, as_at)
        record = sections.milestone_record(case, g, as_at)
        if t.not_on_course or record.set_back:
            behind.append(g.title)
        rows.append(
            [
                g.title,
                signed(t.latest_level) if t.latest_level is not None else "—",
                sections.per_week(t.slope) if t.slope is not None else "—",
                long_date(t.projected_on) or "—",
                sections.VERDICTS[t.verdict],
                record.text(),
            ]
        )
    sub.blocks.append(
        Table(
            "Each goal: the score trend and the milestone record side by side",
            ["Goal", "Latest", "Trend a week", "Projected", "Score verdict", "Milestones"],
            rows,
            [22, 7, 8, 13, 20, 30],
        )
    )
    if behind:
        sub.para(
            "Not on course, or with milestones missed or consequences applied: "
            + "; ".join(behind)
            + "."
        )
    elif goals:
        sub.para("Every goal is on course on both its scores and its milestones so far.")

    text = _written(case, ReportSection.analysis)
    if text:
        s.sub("The social worker’s analysis").paras(text)


def _per_parent(case: CaseRecord, as_at: date) -> Table:
    """For each parent: their first and latest rating, so change over time shows."""
    ratings = [r for r in case.current(case.ratings) if r.occurred_on <= as_at]
    rows = []
    for parent in case.parents:
        own = [r for r in ratings if r.member_id == parent.id]
        if not own:
            rows.append([parent.full_name, "Not yet rated", "—", "—", "—"])
            continue
        first, last = own[0], own[-1]
        rows.append(
            [
                parent.full_name,
                f"{vocabulary.court(first.stage)} ({long_date(first.occurred_on)})",
                f"{vocabulary.court(last.stage)} ({long_date(last.occurred_on)})",
                f"{first.motivation}/10 to {last.motivation}/10",
                f"{first.ability}/10 to {last.ability}/10",
            ]
        )
    return Table(
        "Each parent: first and latest stage of change, motivation and ability",
        ["Parent", "First rated", "Latest", "Motivation", "Ability"],
        rows,
        [18, 25, 25, 16, 16],
    )


def _byline(report: WrittenReport | None) -> str:
    """Written by … · approved by …, or that it is a draft not yet approved."""
    author = report.author if report else None
    approver = report.approver if report and report.approved else None
    said = (
        f"Written by {author.name}, {author.role}, {long_date(author.on)}"
        if author
        else "Not yet submitted by the social worker"
    )
    if approver:
        return f"{said} · approved by {approver.name}, {approver.role}, {long_date(approver.on)}"
    return f"{said} · DRAFT: not yet approved by the team lead"


def _sign_off(s: Section, report: WrittenReport | None) -> None:
    author = report.author if report else None
    approver = report.approver if report and report.approved else None
    rows = [
        [
            "Written by",
            author.name if author else "Not yet submitted",
            author.role if author else "",
            long_date(author.on) if author else "",
        ],
        [
            "Approved by",
            approver.name if approver else "Not yet approved",
            approver.role if approver else "",
            long_date(approver.on) if approver else "",
        ],
    ]
    s.blocks.append(
        Table("Author and approval", ["", "Name", "Role", "Date"], rows, [18, 34, 24, 24])
    )
    if approver is None:
        s.para(
            "This is a draft. It has not been approved by the team lead and must not be filed.",
            numbered=False,
            style="note",
        )
