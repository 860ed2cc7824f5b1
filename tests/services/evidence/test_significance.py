"""Significance for the child in the worker's words: suggested, reviewed, corrected by amendment."""

from datetime import date, timedelta

from sqlmodel import Session

from app.models.evidence import Significance, Source, Visibility
from app.services.context import Actor
from app.services.evidence import entries
from app.services.evidence.entries import EntryAmend, EntryCreate
from app.services.reporting import chronology
from app.services.reporting.case_record import gather
from tests.factories import World

BOILERPLATE = "Management oversight of the plan for the child."


def _significant(**kw: object) -> EntryCreate:
    data: dict[str, object] = {
        "occurred_on": date.today() - timedelta(days=2),
        "gas_score": -2,
        "observation": "Kit arrived at school hungry for the third day running.",
        "source": Source.school_report,
        "significance": Significance.significant,
        "visibility": Visibility.internal,
    }
    data.update(kw)
    return EntryCreate.model_validate(data)


def _chronology_row(session: Session, world: World, text: str) -> tuple[str, str]:
    case = gather(session, Actor(world.lead_a), world.family_a.id)
    chron = chronology.build(case, None, None, date.today())
    row = next(r for r in chron.rows if text in r.event)
    return row.event, row.significance


def test_the_workers_words_reach_the_chronology(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    words = "Kit is going without breakfast; hunger is affecting his learning."
    made = entries.create_entry(
        session, worker, world.goal_a.id, _significant(significance_for_child=words)
    )
    assert made.significance_for_child == words and not made.significance_needs_review
    _, significance = _chronology_row(session, world, "hungry for the third day")
    # before: the goal's level text pasted onto its reason, never the worker's words
    assert significance == words
    assert world.goal_a.why_it_matters not in significance


def test_a_suggestion_is_marked_needs_review_until_confirmed(
    session: Session, world: World
) -> None:
    worker = Actor(world.worker_a)
    made = entries.create_entry(session, worker, world.goal_a.id, _significant())
    assert made.significance_needs_review
    assert made.significance_for_child == world.goal_a.why_it_matters  # the suggestion
    _, significance = _chronology_row(session, world, "hungry for the third day")
    assert significance.startswith("Needs review: not yet confirmed by the social worker.")
    # an amendment that leaves the significance out keeps it under review
    other = entries.amend_entry(
        session, worker, made.id, EntryAmend(reason="Score corrected", gas_score=-1)
    )
    assert other.significance_needs_review
    # confirming it (the worker's words, by amendment with a reason) clears the mark
    confirmed = entries.amend_entry(
        session,
        worker,
        other.id,
        EntryAmend(
            reason="Significance written after the core group",
            significance_for_child="Hunger at school is a sign of neglect of Kit's basic needs.",
        ),
    )
    assert not confirmed.significance_needs_review
    history = entries.get_entry(session, worker, made.id)
    assert [v.significance_needs_review for v in history.versions] == [True, True, False]
    assert history.versions[0].significance_for_child == world.goal_a.why_it_matters
    _, significance = _chronology_row(session, world, "hungry for the third day")
    assert significance == "Hunger at school is a sign of neglect of Kit's basic needs."
    assert BOILERPLATE not in significance


def test_routine_entries_need_no_significance(session: Session, world: World) -> None:
    made = entries.create_entry(
        session,
        Actor(world.worker_a),
        world.goal_a.id,
        _significant(significance=Significance.routine),
    )
    assert made.significance_for_child == "" and not made.significance_needs_review


def test_the_chronology_carries_no_stock_phrases(session: Session, world: World) -> None:
    from tests.reports import case as case_builder

    case_builder.build(session, world)
    case = gather(session, Actor(world.lead_a), world.family_a.id)
    chron = chronology.build(case, None, None, date.today())
    stock = (
        BOILERPLATE,
        "Decisions about the plan for the child.",
        "Whether the parent is ready and able to make the changes the child needs.",
        "The parent's view, in their own words.",
    )
    cells = [r.significance for r in chron.rows]
    assert cells and not [c for c in cells if c in stock]
    goal_reasons = {g.why_it_matters for g in case.goals}
    # a goal's reason appears only as a suggestion openly marked for review
    for c in cells:
        if any(reason in c for reason in goal_reasons):
            assert c.startswith("Needs review:")
