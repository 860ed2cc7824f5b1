"""Choosing what goes into the court chronology, and in which words.

Built from the case record without changing it: significant progress entries,
plan events (``chronology_plan``: milestones, rewards earned or given, consequences
due or applied, relapses, one sign-off per version of the plan), the stage-of-change
ratings the worker marked significant, review meetings, events outside the plan
(police, health, school, probation, housing) and the parents' own views. Each row's
significance for the child is what the worker wrote, or says it still needs their
review. Records in error go to an annex; every correction goes to another
(``chronology_annex``). The worker's adjustments (events left out or added, each
with a reason) apply on top. ``app.reports.chronology`` renders the result.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app import clock, vocabulary
from app.domain.gas import signed
from app.domain.series import amendment_chains
from app.models.evidence import ProgressEntry, Significance
from app.models.report import AdjustmentAction
from app.reports import chronology
from app.reports.case_record import CaseRecord, in_range
from app.reports.chronology import (
    Annexed,
    Chronology,
    Row,
)
from app.reports.significance import worker_words
from app.services.reporting import chronology_annex, chronology_plan
from app.typography import long_date


def _amended_notes(case: CaseRecord, chain: list[Any]) -> list[str]:
    return [
        f"Amended on {long_date(v.recorded_at)} by {case.name(v.recorded_by_id)}: "
        f"{v.amendment_reason or 'no reason given'}"
        for v in chain[1:]
    ]


def _entry_row(case: CaseRecord, chain: list[ProgressEntry], goals: dict[uuid.UUID, Any]) -> Row:
    e = chain[-1]
    goal = goals.get(e.goal_id)
    title = goal.title if goal else "goal"
    event = f"{title}: {e.observation}"
    if e.gas_score is not None:
        event += f" Scored {signed(e.gas_score)} ({vocabulary.gas_level(e.gas_score)})."
    source = vocabulary.court(e.source)
    if e.document_reference:
        source += f", {e.document_reference}"
    source += (
        f"; recorded by {case.name(chain[0].recorded_by_id)} on {long_date(chain[0].recorded_at)}"
    )
    return Row(
        f"entry:{chain[0].id}",
        e.occurred_on,
        event,
        source,
        worker_words(e.significance_for_child, e.significance_needs_review),
        _amended_notes(case, chain),
    )


def _in_error(case: CaseRecord, key: str, on: date, text: str, record: Any) -> Annexed:
    return Annexed(
        key,
        on,
        text,
        f"Marked entered in error on {long_date(record.entered_in_error_at)} by "
        f"{case.name(record.entered_in_error_by_id)}: {record.entered_in_error_reason}",
    )


@dataclass
class _Picked:
    """Rows and annexed records chosen so far, for one date range."""

    case: CaseRecord
    start: date | None
    end: date | None
    goals: dict[uuid.UUID, Any]
    rows: list[Row] = field(default_factory=list)
    in_error: list[Annexed] = field(default_factory=list)

    def wanted(self, on: date) -> bool:
        return in_range(on, self.start, self.end)

    def entries(self) -> None:
        case = self.case
        for chain in amendment_chains(case.entries):
            final = chain[-1]
            if not self.wanted(final.occurred_on):
                continue
            if final.entered_in_error_at is not None:
                self.in_error.append(
                    _in_error(
                        case, f"entry:{chain[0].id}", final.occurred_on, final.observation, final
                    )
                )
            elif final.significance == Significance.significant:
                self.rows.append(_entry_row(case, chain, self.goals))

    def events(self) -> None:
        chronology_plan.plan_rows(self.case, self.wanted, self.rows, self.in_error)

    def stages(self) -> None:
        """The ratings the worker marked significant, saying whether the stage changed."""
        case = self.case
        by_member: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for chain in amendment_chains(case.ratings):
            by_member[chain[-1].member_id].append(chain)
        for member_id, chains in by_member.items():
            chains.sort(key=lambda c: (c[-1].occurred_on, c[-1].recorded_at))
            previous = None
            for chain in chains:
                r = chain[-1]
                key = f"stage:{chain[0].id}"
                if r.significance != Significance.significant or not self.wanted(r.occurred_on):
                    if r.entered_in_error_at is None:
                        previous = r.stage
                    continue
                stage = vocabulary.in_sentence(vocabulary.court(r.stage))
                if r.entered_in_error_at is not None:
                    text = f"{case.member_name(member_id)}: stage of change {stage}"
                    self.in_error.append(_in_error(case, key, r.occurred_on, text, r))
                    continue
                if previous is None:
                    what = f"first assessed as {stage}"
                elif previous == r.stage:
                    what = f"still assessed as {stage}"
                else:
                    before = vocabulary.in_sentence(vocabulary.court(previous))
                    what = f"moved from {before} to {stage}"
                self.rows.append(
                    Row(
                        key,
                        r.occurred_on,
                        f"{case.member_name(member_id)} {what} "
                        f"(motivation {r.motivation}/10, ability {r.ability}/10)."
                        + (f" {r.note}" if r.note else ""),
                        f"Stage-of-change rating; recorded by {case.name(chain[0].recorded_by_id)}",
                        worker_words(r.significance_for_child, r.significance_needs_review),
                        _amended_notes(case, chain),
                    )
                )
                previous = r.stage

    def reviews(self) -> None:
        for chain in amendment_chains(self.case.reviews):
            m = chain[-1]
            if not self.wanted(m.occurred_on):
                continue
            if m.entered_in_error_at is not None:
                self.in_error.append(
                    _in_error(self.case, f"review:{chain[0].id}", m.occurred_on, m.summary, m)
                )
                continue
            text = f"{vocabulary.court(m.kind)}: {m.summary}"
            if m.decisions:
                text += f" Decisions: {m.decisions}"
            self.rows.append(
                Row(
                    f"review:{chain[0].id}",
                    m.occurred_on,
                    text,
                    "Review meeting record"
                    + (f"; attended by {m.attendees}" if m.attendees else ""),
                    worker_words(m.significance_for_child, m.significance_needs_review),
                    _amended_notes(self.case, chain),
                )
            )

    def case_events(self) -> None:
        """Events outside the plan: what happened, who reported it, the document, and
        what it means for the child in the worker's words."""
        case = self.case
        for chain in amendment_chains(case.case_events):
            ev = chain[-1]
            if not self.wanted(ev.occurred_on):
                continue
            if ev.entered_in_error_at is not None:
                self.in_error.append(
                    _in_error(
                        case, f"case_event:{chain[0].id}", ev.occurred_on, ev.what_happened, ev
                    )
                )
                continue
            source = vocabulary.court(ev.source)
            if ev.reported_by:
                source += f", reported by {ev.reported_by}"
            if ev.document_reference:
                source += f" (ref. {ev.document_reference})"
            source += f"; recorded by {case.name(chain[0].recorded_by_id)}"
            self.rows.append(
                Row(
                    f"case_event:{chain[0].id}",
                    ev.occurred_on,
                    ev.what_happened,
                    source,
                    ev.significance_for_child,
                    _amended_notes(case, chain),
                )
            )

    def comments(self) -> None:
        """A parent's view goes in when the worker answering it judged it significant."""
        case = self.case
        answers: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for r in case.responses:
            answers[r.comment_id].append(r)
        for c in case.comments:
            on = clock.local_date(c.recorded_at)
            if not self.wanted(on) or not any(r.significant for r in answers[c.id]):
                continue
            stance = vocabulary.in_sentence(vocabulary.court(c.stance))
            goal = self.goals.get(c.goal_id) if c.goal_id else None
            about = f" about “{goal.title}”" if goal else ""
            self.rows.append(
                Row(
                    f"comment:{c.id}",
                    on,
                    f"{case.member_name(c.member_id)} {stance}{about}: “{c.text}”"
                    + "".join(
                        f" Answered by {case.name(r.recorded_by_id)} on "
                        f"{long_date(clock.local_date(r.recorded_at))}: “{r.text}”"
                        for r in answers[c.id]
                    ),
                    f"Parent's own view, written in CCT by {case.member_name(c.member_id)}",
                    "",
                )
            )

    def adjusted(self) -> tuple[list[Row], list[Annexed]]:
        """The rows the worker kept, with the ones they added; and the ones they left out."""
        case = self.case
        left_out: list[Annexed] = []
        omitted = {a.target_key: a for a in case.adjustments if a.action == AdjustmentAction.omit}
        kept = []
        for row in self.rows:
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
                and self.wanted(adj.occurred_on)
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
        return kept, left_out


def build(
    case: CaseRecord,
    start: date | None,
    end: date | None,
    as_at: date,
    made_on: date | None = None,
) -> Chronology:
    """The chronology of the record between two dates (either may be open), numbered in
    date order; the summary is worked out as at ``as_at``, the heading dated ``made_on``."""
    picked = _Picked(case, start, end, {g.id: g for g in case.goals})
    picked.entries()
    picked.events()
    picked.stages()
    picked.reviews()
    picked.case_events()
    picked.comments()
    kept, left_out = picked.adjusted()
    kept.sort(key=lambda r: (r.on, r.key.split(":")[0] != "entry", r.key))
    for i, row in enumerate(kept, start=1):
        row.number = i
    picked.in_error.sort(key=lambda a: (a.on, a.key))
    return Chronology(
        kept,
        picked.in_error,
        left_out,
        chronology.summary(case, as_at),
        sorted(
            chronology_annex.corrections(case, picked.wanted)
            + chronology_annex.significance_corrections(case, kept),
            key=lambda a: (a.on, a.key, a.at),
        ),
        chronology.heading(case, as_at, made_on or clock.today()),
    )
