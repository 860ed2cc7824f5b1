"""What a plan event means for the child, in the worker's words.

A milestone, reward, consequence, relapse or sign-off row says "needs review" (with
the goal's reason as a marked suggestion) until the worker writes it; a later
version corrects it, with its reason, and the corrections annex lists it.
"""

import pytest
from sqlmodel import Session

from app.models.report import AdjustmentAction
from app.services.context import Actor
from app.services.errors import Invalid, NotFound
from app.services.reporting import chronology, reports_page
from app.services.reporting.case_record import gather
from tests.factories import World
from tests.reports import case as case_builder
from tests.reports.case import TODAY

FIRST = "Kit's bedroom has been safe for two weeks: the hazard that hurt him is gone."
SECOND = "Kit's bedroom has been safe at two visits in a row; he sleeps there again."


def _row(session: Session, world: World, key: str):
    case = gather(session, Actor(world.lead_a), world.family_a.id)
    chron = chronology.build(case, None, None, TODAY)
    return next(r for r in chron.rows if r.key == key), chron


def test_plan_event_needs_review_with_a_marked_suggestion(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    row, _ = _row(session, world, f"event:{built.milestone_event.id}")
    assert row.significance == (
        "Needs review: not yet confirmed by the social worker. "
        f"Suggested: {world.goal_a.why_it_matters}"
    )


def test_worker_writes_then_corrects_with_a_reason(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    key = f"event:{built.milestone_event.id}"
    worker = Actor(world.worker_a)
    reports_page.write_significance(session, worker, world.family_a.id, key, FIRST, "First draft")
    row, _ = _row(session, world, key)
    assert row.significance == FIRST
    made = reports_page.write_significance(
        session, Actor(world.lead_a), world.family_a.id, key, SECOND, "Said more than we know"
    )
    assert made.action == AdjustmentAction.significance
    row, chron = _row(session, world, key)
    assert row.significance == SECOND
    correction = next(a for a in chron.amendments if a.key == key)
    assert correction.changed == "significance for the child"
    assert (correction.by, correction.reason) == ("Lena Marsh", "Said more than we know")
    # the Reports page lists both, newest first, and offers the events still needing it first
    page = reports_page.overview(session, worker, world.family_a.id)
    assert [c.reason for c in page.changes[:2]] == ["Said more than we know", "First draft"]
    assert page.plan_events[-1].key == key  # written: after those still needing review


def test_only_plan_events_with_words_and_a_reason(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    worker = Actor(world.worker_a)
    key = f"event:{built.milestone_event.id}"
    entry_key = f"entry:{built.amended_original.id}"
    for target, text, reason in (
        (entry_key, FIRST, "why"),  # an entry's significance is amended on the entry
        ("event:not-a-row", FIRST, "why"),
        (key, "  ", "why"),
        (key, FIRST, " "),
    ):
        with pytest.raises(Invalid):
            reports_page.write_significance(
                session, worker, world.family_a.id, target, text, reason
            )
    with pytest.raises(NotFound):
        reports_page.write_significance(
            session, Actor(world.worker_b), world.family_a.id, key, FIRST, "why"
        )
