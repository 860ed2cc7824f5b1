"""Annex of corrections: every piece of evidence corrected in the period, routine or not.

The court must see that the record was corrected, by whom, when and why, whether
or not the record itself reaches the chronology. One line per correction: the
record as it now stands, the fields the correction changed, who, when and why.
"""

import itertools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from app import clock, vocabulary
from app.domain.series import amendment_chains
from app.reports.case_record import CaseRecord
from app.reports.chronology import Amended, Row
from app.services.reporting import chronology_plan

# bookkeeping a correction always changes, or never copies: not "what changed"
_BOOKKEEPING = frozenset(
    {
        "id",
        "amends_id",
        "recorded_at",
        "recorded_by_id",
        "amendment_reason",
        "entered_in_error_at",
        "entered_in_error_by_id",
        "entered_in_error_reason",
    }
)
_FIELD_WORDS = {
    "occurred_on": "date",
    "gas_score": "level",
    "visibility": "who may see it",
    "significance_needs_review": "",  # follows the significance for the child
    "member_id": "parent",
    "goal_id": "goal",
    "what_happened": "what happened",
    "shared_with_all_parents": "shared with every parent",
}
SHORT = 140  # characters of a record's text quoted in the annex


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def changed_fields(before: Any, after: Any) -> str:
    """The fields that differ between two versions, in words: "observation, level"."""
    old, new = before.model_dump(), after.model_dump()
    words = []
    for name, value in new.items():
        if name in _BOOKKEEPING or old.get(name) == value:
            continue
        word = _FIELD_WORDS.get(name, name.replace("_", " "))
        if word:
            words.append(word)
    return ", ".join(words) or "nothing but the reason"


def _labels(case: CaseRecord) -> Sequence[tuple[str, Sequence[Any], Callable[[Any], str]]]:
    goals = {g.id: g.title for g in case.goals}
    return (
        (
            "entry",
            case.entries,
            lambda e: (
                f"Progress entry on “{goals.get(e.goal_id, 'a goal')}”: " + _short(e.observation)
            ),
        ),
        (
            "stage",
            case.ratings,
            lambda r: (
                f"Stage-of-change rating of {case.member_name(r.member_id)}: "
                f"{vocabulary.in_sentence(vocabulary.court(r.stage))}"
            ),
        ),
        (
            "review",
            case.reviews,
            lambda m: f"{vocabulary.court(m.kind)}: {_short(m.summary)}",
        ),
        (
            "case_event",
            case.case_events,
            lambda ev: f"{vocabulary.court(ev.source)}: {_short(ev.what_happened)}",
        ),
    )


def corrections(case: CaseRecord, wanted: Callable[[date], bool]) -> list[Amended]:
    """Every correction of evidence dated in the period, in date order of the evidence."""
    found: list[Amended] = []
    for prefix, rows, label in _labels(case):
        for chain in amendment_chains(rows):
            final = chain[-1]
            if len(chain) < 2 or not wanted(final.occurred_on):
                continue
            for before, after in itertools.pairwise(chain):
                found.append(
                    Amended(
                        f"{prefix}:{chain[0].id}",
                        final.occurred_on,
                        label(final),
                        changed_fields(before, after),
                        case.name(after.recorded_by_id),
                        clock.local_date(after.recorded_at),
                        after.amendment_reason or "no reason given",
                    )
                )
    found.sort(key=lambda a: (a.on, a.key, a.at))
    return found


def significance_corrections(case: CaseRecord, rows: Sequence[Row]) -> list[Amended]:
    """Each time the worker rewrote what a plan event means for the child (their first
    words are not a correction; each later version is, with its reason)."""
    by_key = {r.key: r for r in rows}
    found: list[Amended] = []
    for key, versions in chronology_plan.written(case).items():
        row = by_key.get(key)
        if row is None:
            continue
        for adj in versions[1:]:
            found.append(
                Amended(
                    key,
                    row.on,
                    _short(row.event),
                    "significance for the child",
                    case.name(adj.created_by_id),
                    clock.local_date(adj.created_at),
                    adj.reason,
                )
            )
    return found
