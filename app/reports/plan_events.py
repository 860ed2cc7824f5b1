"""Plan events in words: what a milestone, reward, consequence or relapse event is about.

Worded from the records the event points at, in the one typography, with its kind
said once ("Milestone missed: …", never "Milestone missed: Milestone missed: …").
Used by the chronology and by the review and assessment reports.
"""

import uuid
from typing import Any

from app import typography, vocabulary
from app.domain.relapse import relapse_words
from app.domain.series import Point
from app.models.evidence import PlanEvent, PlanEventKind
from app.reports.case_record import CaseRecord


class Lookups:
    """The records a plan event points at, by id."""

    def __init__(self, case: CaseRecord) -> None:
        self.goals = {g.id: g for g in case.goals}
        self.milestones = {m.id: m for m in case.milestones}
        self.rewards = {r.id: r for r in case.rewards}
        self.consequences = {c.id: c for c in case.consequences}
        self.entries = {e.id: e for e in case.entries}
        # the worker's words for each plan event's row (set by the chronology)
        self.written: dict[str, list[Any]] = {}

    def goal_title(self, goal_id: uuid.UUID | None) -> str:
        goal = self.goals.get(goal_id) if goal_id else None
        return goal.title if goal else ""


def without_label(summary: str, label: str) -> str:
    """The summary without a leading "<label>:" that the row's own label already says."""
    text = typography.tidy(summary.strip())
    head, sep, rest = text.partition(":")
    if sep and head.strip().lower() == label.lower():
        return rest.strip()
    return text


def _relapse(ev: PlanEvent, found: Lookups) -> str | None:
    new = found.entries.get(ev.entry_id) if ev.entry_id else None
    earlier = found.entries.get(ev.earlier_entry_id) if ev.earlier_entry_id else None
    if new is None or earlier is None or new.gas_score is None or earlier.gas_score is None:
        return None
    words = relapse_words(
        Point(earlier.occurred_on, earlier.gas_score), Point(new.occurred_on, new.gas_score)
    )
    return f"“{found.goal_title(ev.goal_id)}” {words}. A stage-of-change review is due."


def detail(ev: PlanEvent, found: Lookups, label: str) -> str:
    """What the event is about, from the records it points at; the summary otherwise."""
    if ev.kind == PlanEventKind.relapse:
        text = _relapse(ev, found)
        if text:
            return text
        summary = without_label(ev.summary, label)
        return summary.removeprefix("Relapse on ").strip()
    for ref, table in (
        (ev.reward_id, found.rewards),
        (ev.consequence_id, found.consequences),
        (ev.milestone_id, found.milestones),
    ):
        record = table.get(ref) if ref else None
        if record is not None:
            about = found.goal_title(ev.goal_id)
            return record.description + (f" (goal “{about}”)" if about else "")
    return without_label(ev.summary, label)


def words(case: CaseRecord, ev: PlanEvent, found: Lookups | None = None) -> str:
    """What the event is about, without its kind (the caller says that once)."""
    return detail(ev, found or Lookups(case), vocabulary.court(ev.kind))
