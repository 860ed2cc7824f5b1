"""Report parts shared by the review and assessment reports."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from app import clock, vocabulary
from app.domain.gas import signed, weekly_t_scores
from app.domain.milestones import milestone_state
from app.domain.trend import Trend, goal_trend
from app.models.evidence import PlanEventKind, Significance
from app.models.plan import GAS_LEVELS, ConsequenceStatus, Goal, MilestoneState
from app.reports import plan_events
from app.reports.case_record import CaseRecord, in_range
from app.reports.charts import goal_chart, t_score_chart
from app.reports.document import Section, Table
from app.typography import long_date, signed_decimal

VERDICTS = {
    "reached": "At or above the expected level",
    "on_course": "On course for the child's timescale",
    "not_on_course": "Not on course for the child's timescale",
    "too_few_scores": "Too few scores to judge",
}
INCENTIVE_EVENTS = (
    PlanEventKind.reward_earned,
    PlanEventKind.reward_given,
    PlanEventKind.reward_withdrawn,
    PlanEventKind.consequence_due,
    PlanEventKind.consequence_applied,
    PlanEventKind.consequence_waived,
)


def decision_date(case: CaseRecord) -> date | None:
    return case.timescale.decision_date


def trend_of(case: CaseRecord, goal: Goal, as_at: date) -> Trend:
    points = [p for p in case.series(goal.id) if p.on <= as_at]
    return goal_trend(points, decision_date(case))


def per_week(slope: float) -> str:
    """+0.25 or −0.25 (a true minus sign), the trend in levels a week."""
    return signed_decimal(slope)


@dataclass(frozen=True)
class MilestoneRecord:
    """What happened to a goal's milestones, and the consequences that followed, as at a date."""

    states: list[MilestoneState] = field(default_factory=list)
    # consequences of the goal that fell due or were applied: (status, what was agreed)
    consequences: list[tuple[ConsequenceStatus, str]] = field(default_factory=list)

    def count(self, state: MilestoneState) -> int:
        return sum(s == state for s in self.states)

    @property
    def set_back(self) -> bool:
        """Milestones missed or overdue, or a consequence due or applied."""
        return bool(
            self.count(MilestoneState.missed)
            or self.count(MilestoneState.overdue)
            or self.consequences
        )

    def text(self) -> str:
        """3 milestones: 0 achieved, 3 missed. Consequence applied: “…”."""
        counted = [s for s in self.states if s != MilestoneState.cancelled]
        if not counted:
            said = "No milestones set"
        else:
            parts = [
                f"{self.count(state)} {vocabulary.court(state).lower()}"
                for state in (
                    MilestoneState.achieved,
                    MilestoneState.missed,
                    MilestoneState.overdue,
                    MilestoneState.pending,
                )
                if self.count(state) or state == MilestoneState.achieved
            ]
            plural = "milestone" if len(counted) == 1 else "milestones"
            said = f"{len(counted)} {plural}: " + ", ".join(parts)
        for status, what in self.consequences:
            said += f". Consequence {vocabulary.court(status).lower()}: “{what}”"
        return said + "."


def milestone_record(case: CaseRecord, goal: Goal, as_at: date) -> MilestoneRecord:
    return MilestoneRecord(
        [milestone_state(m, as_at) for m in case.milestones if m.goal_id == goal.id],
        [
            (c.status, c.description)
            for c in case.consequences
            if c.goal_id == goal.id
            and c.status in (ConsequenceStatus.due, ConsequenceStatus.applied)
        ],
    )


def verdict(t: Trend, record: MilestoneRecord) -> str:
    """The score verdict and the milestone record together, never one without the other."""
    scores = VERDICTS[t.verdict]
    joint = "but" if t.verdict in ("reached", "on_course") and record.set_back else "and"
    return f"Scores: {scores}; {joint} milestones: {record.text()}"


def trend_text(t: Trend, record: MilestoneRecord) -> str:
    """The verdict with the figures behind it, and the milestone record beside it."""
    scores = VERDICTS[t.verdict]
    parts = [f"{scores}." if scores == t.reason else f"{scores}: {t.reason.lower()}."]
    if t.verdict in ("reached", "on_course") and record.set_back:
        parts.append(f"The milestone record does not bear this out. {record.text()}")
    else:
        parts.append(record.text())
    if t.slope is not None:
        parts.append(
            f"Trend {per_week(t.slope)} levels a week over the last {t.points_used} scores "
            f"({long_date(t.first_on)} to {long_date(t.last_on)})."
        )
    if t.latest_level is not None:
        parts.append(f"Latest level {signed(t.latest_level)}.")
    if t.projected_on:
        parts.append(f"Projected to reach the expected level on {long_date(t.projected_on)}.")
    if t.decision_date:
        parts.append(f"Decision date {long_date(t.decision_date)}.")
    return " ".join(parts)


def goal_parents(case: CaseRecord, goal: Goal) -> str:
    return ", ".join(case.member_name(m) for m in case.goal_members.get(goal.id, [])) or "—"


def goal_evidence(
    case: CaseRecord, goal: Goal, section: Section, as_at: date, start: date | None = None
) -> None:
    """Chart, verdict and key entries of one goal (entries from ``start`` if given)."""
    points = [p for p in case.series(goal.id) if p.on <= as_at]
    trend = goal_trend(points, decision_date(case))
    section.blocks.append(
        goal_chart(
            goal.title,
            points,
            target_date=goal.target_date,
            decision_date=decision_date(case),
            start=case.assessment.started_on if case.assessment else None,
            trend=trend,
        )
    )
    section.para(trend_text(trend, milestone_record(case, goal, as_at)))
    key = [
        e
        for e in case.goal_entries(goal.id)
        if e.significance == Significance.significant and in_range(e.occurred_on, start, as_at)
    ][-12:]
    section.blocks.append(
        Table(
            "Key entries",
            ["Date", "Level", "Observation", "Source"],
            [
                [
                    long_date(e.occurred_on),
                    signed(e.gas_score) if e.gas_score is not None else "—",
                    e.observation,
                    vocabulary.court(e.source)
                    + (f", {e.document_reference}" if e.document_reference else ""),
                ]
                for e in key
            ],
            [16, 8, 52, 24],
        )
    )


def levels_table(goal: Goal) -> Table:
    return Table(
        f"The five levels of “{goal.title}”",
        ["Level", "Meaning", "What it looks like"],
        [[signed(lv), vocabulary.gas_level(lv), goal.level_text(lv)] for lv in GAS_LEVELS],
        [10, 28, 62],
    )


def t_score_section(case: CaseRecord, section: Section, start: date, as_at: date) -> None:
    goals = case.goal_inputs()
    series = {g.id: case.series(g.id) for g in goals}
    lines = {"Family": weekly_t_scores(goals, series, start, as_at)}
    for parent in case.parents:
        if any(parent.id in g.members for g in goals):
            lines[parent.full_name] = weekly_t_scores(goals, series, start, as_at, parent.id)
    section.blocks.append(
        t_score_chart("GAS T-score by week", lines, decision_date=decision_date(case))
    )
    family = lines["Family"]
    if family:
        section.para(
            f"The family's GAS T-score was {family[0][1]:.1f} in the week ending "
            f"{long_date(family[0][0])} and is {family[-1][1]:.1f} now "
            "(50 means the goals are met as expected; each goal counts by its weight)."
        )


def stage_table(case: CaseRecord, start: date | None, end: date) -> Table:
    rows = [
        [
            long_date(r.occurred_on),
            case.member_name(r.member_id),
            vocabulary.court(r.stage),
            f"{r.motivation}/10",
            f"{r.ability}/10",
            r.note,
        ]
        for r in case.current(case.ratings)
        if in_range(r.occurred_on, start, end)
    ]
    return Table(
        "Stage of change, motivation and ability",
        ["Date", "Parent", "Stage", "Motivation", "Ability", "Note"],
        rows,
        [14, 16, 14, 10, 10, 36],
    )


def incentives_table(case: CaseRecord) -> Table:
    goals = {g.id: g.title for g in case.goals}
    rows = []
    for kind, items in (("Reward", case.rewards), ("Consequence", case.consequences)):
        for i in items:
            rows.append(
                [
                    kind,
                    i.description,
                    goals.get(i.goal_id, "") if i.goal_id else "",
                    vocabulary.court(i.trigger),
                    vocabulary.court(i.status),
                    i.note,
                ]
            )
    return Table(
        "Rewards and consequences agreed",
        ["", "What was agreed", "Goal", "Set off by", "Status", "Note"],
        rows,
        [11, 30, 22, 13, 9, 15],
    )


def events_table(
    case: CaseRecord, kinds: tuple[PlanEventKind, ...], start: date | None, end: date, caption: str
) -> Table:
    found = plan_events.Lookups(case)
    rows = [
        [
            long_date(e.occurred_on),
            vocabulary.court(e.kind),
            plan_events.words(case, e, found),
            e.note,
        ]
        for e in case.events
        if e.kind in kinds and e.entered_in_error_at is None and in_range(e.occurred_on, start, end)
    ]
    return Table(caption, ["Date", "What happened", "Details", "Note"], rows, [15, 20, 45, 20])


def views_table(case: CaseRecord, start: date | None, end: date) -> Table:
    goals: dict[uuid.UUID | None, str] = {g.id: g.title for g in case.goals}
    rows = [
        [
            long_date(c.recorded_at),
            case.member_name(c.member_id),
            goals.get(c.goal_id, "The plan as a whole"),
            vocabulary.court(c.stance),
            c.text,
        ]
        for c in case.comments
        if in_range(clock.local_date(c.recorded_at), start, end)
    ]
    return Table(
        "The parents' views, in their own words",
        ["Date", "Parent", "About", "Stance", "What they said"],
        rows,
        [13, 15, 20, 10, 42],
    )
