"""The chronology's rows for what happened to the plan: one row per real event.

Milestones met or missed, rewards earned or given, consequences due or applied,
relapses, and management oversight. A team lead signing off several goals at once
signs off one version of the plan: that is one row, not one per goal. Each row
says what happened once ("Milestone missed: …", never "Milestone missed: Milestone
missed: …"), in words taken from the records it is about.
"""

from collections import defaultdict
from typing import Any

from app import vocabulary
from app.models.evidence import PlanEvent, PlanEventKind
from app.models.report import AdjustmentAction, ChronologyAdjustment
from app.reports.case_record import CaseRecord
from app.reports.chronology import Annexed, Row
from app.reports.plan_events import Lookups, detail
from app.reports.significance import worker_words
from app.typography import long_date

OVERSIGHT = (PlanEventKind.plan_signed_off, PlanEventKind.plan_changes_requested)
# the plan events a court reads about (a milestone cancelled is not an event in the
# family's life)
CHRONOLOGY_EVENTS = (
    PlanEventKind.milestone_achieved,
    PlanEventKind.milestone_missed,
    PlanEventKind.reward_earned,
    PlanEventKind.reward_given,
    PlanEventKind.reward_withdrawn,
    PlanEventKind.consequence_due,
    PlanEventKind.consequence_applied,
    PlanEventKind.consequence_waived,
    PlanEventKind.relapse,
    *OVERSIGHT,
)


def written(case: CaseRecord) -> dict[str, list[ChronologyAdjustment]]:
    """What the worker wrote each plan event means for the child, oldest first: the last is
    what the chronology shows, the ones before it were corrected."""
    found: dict[str, list[ChronologyAdjustment]] = defaultdict(list)
    for adj in case.adjustments:
        if adj.action == AdjustmentAction.significance:
            found[adj.target_key].append(adj)
    return found


def _significance(key: str, words: dict[str, list[ChronologyAdjustment]], suggestion: str) -> str:
    """The worker's words for the event; until they write them, a marked suggestion."""
    if words.get(key):
        return str(words[key][-1].significance)
    return worker_words(suggestion, needs_review=True)


def event_row(case: CaseRecord, ev: PlanEvent, found: Lookups) -> Row:
    label = vocabulary.court(ev.kind)
    text = f"{label}: {detail(ev, found, label)}"
    if ev.note and ev.note.strip():
        text = text.rstrip(".") + f". {ev.note.strip()}"
    goal = found.goals.get(ev.goal_id) if ev.goal_id else None
    key = f"event:{ev.id}"
    return Row(
        key,
        ev.occurred_on,
        text,
        f"Plan record; recorded by {case.name(ev.recorded_by_id)}",
        _significance(key, found.written, goal.why_it_matters if goal else ""),
    )


def oversight_row(case: CaseRecord, group: list[PlanEvent], found: Lookups) -> Row:
    """One version of the plan signed off (or sent back) by one team lead on one day."""
    first = group[0]
    label = vocabulary.court(first.kind)
    titles = [found.goal_title(ev.goal_id) for ev in group if ev.goal_id]
    titles = [t for t in dict.fromkeys(titles) if t]
    who = case.name(first.recorded_by_id)
    text = f"{label} ({who})"
    if titles:
        noun = "goal" if len(titles) == 1 else f"{len(titles)} goals"
        text += f": {noun} " + "; ".join(f"“{t}”" for t in titles) + "."
    else:
        text += "."
    notes = list(dict.fromkeys(ev.note.strip() for ev in group if ev.note and ev.note.strip()))
    if notes:
        text += " " + " ".join(notes)
    key = f"event:{first.id}"
    goal = found.goals.get(first.goal_id) if len(titles) == 1 and first.goal_id else None
    significance = _significance(key, found.written, goal.why_it_matters if goal else "")
    return Row(key, first.occurred_on, text, f"Plan record; {who}", significance)


def plan_rows(case: CaseRecord, wanted: Any, rows: list[Row], in_error: list[Annexed]) -> None:
    """Append the plan's rows to ``rows`` and its events marked in error to ``in_error``."""
    found = Lookups(case)
    found.written = written(case)
    oversight: dict[tuple[Any, ...], list[PlanEvent]] = defaultdict(list)
    for ev in case.events:
        if ev.kind not in CHRONOLOGY_EVENTS or not wanted(ev.occurred_on):
            continue
        if ev.entered_in_error_at is not None:
            in_error.append(
                Annexed(
                    f"event:{ev.id}",
                    ev.occurred_on,
                    f"{vocabulary.court(ev.kind)}: {detail(ev, found, vocabulary.court(ev.kind))}",
                    f"Marked entered in error on {long_date(ev.entered_in_error_at)} by "
                    f"{case.name(ev.entered_in_error_by_id)}: {ev.entered_in_error_reason}",
                )
            )
        elif ev.kind in OVERSIGHT:
            oversight[(ev.kind, ev.occurred_on, ev.recorded_by_id)].append(ev)
        else:
            rows.append(event_row(case, ev, found))
    rows.extend(oversight_row(case, group, found) for group in oversight.values())
