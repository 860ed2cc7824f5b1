"""The court chronology (Practice Direction 12A): number, date, event, source, significance.

Built from the record without changing it: significant progress entries, plan
events (milestones, rewards, consequences, relapses, management oversight),
changes in stage of change, review meetings and the parents' own views. The
worker's adjustments (events left out or added, each with a reason) apply on top.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.models.evidence import (
    PlanEventKind,
    ProgressEntry,
    Significance,
    Source,
    Stance,
)
from app.models.family import LegalStatus
from app.models.report import AdjustmentAction
from app.models.review import ReviewKind
from app.reports.data import CaseData, in_range
from app.reports.document import Document, Table
from app.reports.templating import long_date
from app.services.measuring.measures import LEVEL_WORDS, signed

SOURCE_LABELS = {
    Source.home_visit: "Home visit",
    Source.drug_test: "Drug test",
    Source.school_report: "School report",
    Source.agency_report: "Agency report",
    Source.parent_report: "Parent's report",
    Source.contact_session: "Contact session",
    Source.other: "Other",
}
REVIEW_LABELS = {
    ReviewKind.core_group: "Core group meeting",
    ReviewKind.child_protection_conference: "Child protection conference",
    ReviewKind.plo_review: "PLO review meeting",
    ReviewKind.looked_after_review: "Looked after review",
    ReviewKind.assessment_review: "Assessment review meeting",
    ReviewKind.other: "Review meeting",
}
LEGAL_LABELS = {
    LegalStatus.child_in_need: "child in need",
    LegalStatus.child_protection_plan: "child protection plan",
    LegalStatus.plo_pre_proceedings: "pre-proceedings (Public Law Outline)",
    LegalStatus.care_proceedings: "care proceedings",
}
EVENT_KINDS = {
    PlanEventKind.milestone_achieved: "Milestone achieved",
    PlanEventKind.milestone_missed: "Milestone missed",
    PlanEventKind.reward_given: "Reward given",
    PlanEventKind.reward_withdrawn: "Reward withdrawn",
    PlanEventKind.consequence_applied: "Consequence applied",
    PlanEventKind.consequence_waived: "Consequence waived",
    PlanEventKind.relapse: "Relapse",
    PlanEventKind.plan_signed_off: "Plan signed off by team lead",
    PlanEventKind.plan_changes_requested: "Team lead asked for changes to the plan",
}
OVERSIGHT = (PlanEventKind.plan_signed_off, PlanEventKind.plan_changes_requested)
COLUMNS = ["No.", "Date", "Event", "Source or document reference", "Significance for the child"]


@dataclass
class Row:
    key: str
    on: date
    event: str
    source: str
    significance: str
    notes: list[str] = field(default_factory=list)  # amended, added by the worker
    number: int = 0

    def cells(self) -> list[str]:
        event = self.event + "".join(f" [{n}]" for n in self.notes)
        return [str(self.number), long_date(self.on), event, self.source, self.significance]


@dataclass
class Annexed:
    key: str
    on: date
    text: str
    reason: str


@dataclass
class Chronology:
    rows: list[Row]
    in_error: list[Annexed]
    left_out: list[Annexed]
    summary: list[str]


def _chains(rows: list[Any]) -> list[list[Any]]:
    """Amendment chains, oldest version first."""
    by_amended = {r.amends_id: r for r in rows if r.amends_id is not None}
    chains = []
    for r in rows:
        if r.amends_id is None:
            chain = [r]
            while chain[-1].id in by_amended:
                chain.append(by_amended[chain[-1].id])
            chains.append(chain)
    return chains


def _amended_notes(case: CaseData, chain: list[Any]) -> list[str]:
    return [
        f"Amended on {long_date(v.recorded_at)} by {case.name(v.recorded_by_id)}: "
        f"{v.amendment_reason or 'no reason given'}"
        for v in chain[1:]
    ]


def _entry_row(case: CaseData, chain: list[ProgressEntry], goals: dict[uuid.UUID, Any]) -> Row:
    e = chain[-1]
    goal = goals.get(e.goal_id)
    title = goal.title if goal else "goal"
    event = f"{title}: {e.observation}"
    if e.gas_score is not None:
        event += f" Scored {signed(e.gas_score)} ({LEVEL_WORDS[e.gas_score]})."
    source = SOURCE_LABELS.get(e.source, "Other")
    if e.document_reference:
        source += f", {e.document_reference}"
    source += (
        f"; recorded by {case.name(chain[0].recorded_by_id)} on {long_date(chain[0].recorded_at)}"
    )
    significance = goal.why_it_matters if goal else ""
    if goal is not None and e.gas_score is not None:
        significance = f"{goal.level_text(e.gas_score)}. {goal.why_it_matters}"
    return Row(
        f"entry:{chain[0].id}",
        e.occurred_on,
        event,
        source,
        significance,
        _amended_notes(case, chain),
    )


def build(case: CaseData, start: date | None, end: date | None, as_at: date) -> Chronology:
    goals = {g.id: g for g in case.goals}
    rows: list[Row] = []
    in_error: list[Annexed] = []

    for chain in _chains(case.entries):
        final = chain[-1]
        if not in_range(final.occurred_on, start, end):
            continue
        if final.entered_in_error_at is not None:
            in_error.append(
                Annexed(
                    f"entry:{chain[0].id}",
                    final.occurred_on,
                    final.observation,
                    f"Marked entered in error on {long_date(final.entered_in_error_at)} by "
                    f"{case.name(final.entered_in_error_by_id)}: {final.entered_in_error_reason}",
                )
            )
        elif final.significance == Significance.significant:
            rows.append(_entry_row(case, chain, goals))

    for ev in case.events:
        if ev.kind not in EVENT_KINDS or not in_range(ev.occurred_on, start, end):
            continue
        if ev.entered_in_error_at is not None:
            in_error.append(
                Annexed(
                    f"event:{ev.id}",
                    ev.occurred_on,
                    ev.summary,
                    f"Marked entered in error: {ev.entered_in_error_reason}",
                )
            )
            continue
        goal = goals.get(ev.goal_id) if ev.goal_id else None
        kind = EVENT_KINDS[ev.kind]
        significance = goal.why_it_matters if goal else ""
        if ev.kind in OVERSIGHT:
            significance = "Management oversight of the plan for the child."
        rows.append(
            Row(
                f"event:{ev.id}",
                ev.occurred_on,
                f"{kind}: {ev.summary}" + (f" {ev.note}" if ev.note else ""),
                f"Plan record; recorded by {case.name(ev.recorded_by_id)}",
                significance,
            )
        )

    by_member: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for chain in _chains(case.ratings):
        if chain[-1].entered_in_error_at is None:
            by_member[chain[-1].member_id].append(chain)
    for member_id, chains in by_member.items():
        chains.sort(key=lambda c: (c[-1].occurred_on, c[-1].recorded_at))
        previous = None
        for chain in chains:
            r = chain[-1]
            if r.stage != previous and in_range(r.occurred_on, start, end):
                what = "first assessed as" if previous is None else f"moved from {previous} to"
                rows.append(
                    Row(
                        f"stage:{chain[0].id}",
                        r.occurred_on,
                        f"{case.member_name(member_id)} {what} {r.stage.value} "
                        f"(motivation {r.motivation}/10, ability {r.ability}/10)."
                        + (f" {r.note}" if r.note else ""),
                        f"Stage-of-change rating; recorded by {case.name(chain[0].recorded_by_id)}",
                        "Whether the parent is ready and able to make the changes the child needs.",
                        _amended_notes(case, chain),
                    )
                )
            previous = r.stage

    for chain in _chains(case.reviews):
        m = chain[-1]
        if not in_range(m.occurred_on, start, end):
            continue
        if m.entered_in_error_at is not None:
            in_error.append(
                Annexed(
                    f"review:{chain[0].id}",
                    m.occurred_on,
                    m.summary,
                    f"Marked entered in error: {m.entered_in_error_reason}",
                )
            )
            continue
        text = f"{REVIEW_LABELS.get(m.kind, 'Review meeting')}: {m.summary}"
        if m.decisions:
            text += f" Decisions: {m.decisions}"
        rows.append(
            Row(
                f"review:{chain[0].id}",
                m.occurred_on,
                text,
                "Review meeting record" + (f"; attended by {m.attendees}" if m.attendees else ""),
                "Decisions about the plan for the child.",
                _amended_notes(case, chain),
            )
        )

    for c in case.comments:
        on = c.recorded_at.date()
        if not in_range(on, start, end):
            continue
        stance = {Stance.agree: "agrees", Stance.disagree: "disagrees"}.get(c.stance, "comments")
        goal = goals.get(c.goal_id) if c.goal_id else None
        about = f" about “{goal.title}”" if goal else ""
        rows.append(
            Row(
                f"comment:{c.id}",
                on,
                f"{case.member_name(c.member_id)} {stance}{about}: “{c.text}”",
                f"Parent's own view, written in CCT by {case.member_name(c.member_id)}",
                "The parent's view, in their own words.",
            )
        )

    left_out: list[Annexed] = []
    omitted = {a.target_key: a for a in case.adjustments if a.action == AdjustmentAction.omit}
    kept = []
    for row in rows:
        adj = omitted.get(row.key)
        if adj is None:
            kept.append(row)
        else:
            left_out.append(
                Annexed(
                    row.key,
                    row.on,
                    row.event,
                    f"Left out by {case.name(adj.created_by_id)} on "
                    f"{long_date(adj.created_at)}: {adj.reason}",
                )
            )
    for adj in case.adjustments:
        if (
            adj.action == AdjustmentAction.add
            and adj.occurred_on
            and in_range(adj.occurred_on, start, end)
        ):
            kept.append(
                Row(
                    f"adjustment:{adj.id}",
                    adj.occurred_on,
                    adj.event,
                    adj.source,
                    adj.significance,
                    [
                        f"Added by {case.name(adj.created_by_id)} on "
                        f"{long_date(adj.created_at)}: {adj.reason}"
                    ],
                )
            )
    kept.sort(key=lambda r: (r.on, r.key.split(":")[0] != "entry", r.key))
    for i, row in enumerate(kept, start=1):
        row.number = i
    return Chronology(kept, in_error, left_out, summary(case, as_at))


def _weeks(a: date, b: date) -> int:
    return (b - a).days // 7


def summary(case: CaseData, as_at: date) -> list[str]:
    """How long the local authority has been involved, and where the child's timescale stands."""
    f = case.family
    lines = [f"Legal status: {LEGAL_LABELS.get(f.legal_status, f.legal_status)}."]
    if f.involved_since:
        lines.append(
            f"The local authority has been involved with the family since "
            f"{long_date(f.involved_since)} ({_weeks(f.involved_since, as_at)} weeks)."
        )
    a = case.assessment
    if a:
        lines.append(
            f"This capacity-to-change assessment started on {long_date(a.started_on)} "
            f"({_weeks(a.started_on, as_at)} weeks ago)."
        )
    if f.proceedings_issued_on:
        lines.append(
            f"Care proceedings were issued on {long_date(f.proceedings_issued_on)}; this is "
            f"week {_weeks(f.proceedings_issued_on, as_at) + 1} of the 26-week timescale."
        )
    if a and a.decision_date:
        left = _weeks(as_at, a.decision_date)
        when = f"{left} weeks away" if left >= 0 else f"passed {-left} weeks ago"
        lines.append(
            f"The decision about the child is due by {long_date(a.decision_date)} ({when})."
        )
    return lines


def document(case: CaseData, start: date | None, end: date | None, as_at: date) -> Document:
    chron = build(case, start, end, as_at)
    span = ""
    if start or end:
        span = f" from {long_date(start) if start else 'the start'} to {long_date(end or as_at)}"
    doc = Document(
        kind="chronology",
        title=f"Chronology{span}",
        case_reference=case.family.case_reference,
        family_name=case.family.family_name,
        as_at=as_at,
        audience=case.audience.value,
        landscape=True,
    )
    s = doc.section("Summary of the local authority's involvement")
    for line in chron.summary:
        s.para(line)
    s = doc.section("Chronology of significant events")
    s.blocks.append(
        Table(
            "Chronology",
            COLUMNS,
            [r.cells() for r in chron.rows],
            [5, 11, 44, 20, 20],
            "chronology",
        )
    )
    if chron.in_error:
        s = doc.section("Annex A: entries marked entered in error (not relied on)")
        s.blocks.append(
            Table(
                "Entered in error",
                ["Date", "What was recorded", "Why it is not relied on"],
                [[long_date(a.on), a.text, a.reason] for a in chron.in_error],
                [14, 50, 36],
            )
        )
    if chron.left_out:
        s = doc.section("Annex B: events left out of the chronology by the worker")
        s.blocks.append(
            Table(
                "Left out",
                ["Date", "Event", "Reason"],
                [[long_date(a.on), a.text, a.reason] for a in chron.left_out],
                [14, 50, 36],
            )
        )
    doc.number_paragraphs()
    return doc
