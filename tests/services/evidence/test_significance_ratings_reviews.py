"""Significance for the child on stage ratings and reviews, in the worker's words.

A rating reaches the chronology only when marked significant; a review always does.
Either is marked "needs review" until the worker writes what it means for the child,
is corrected by amendment with a reason, and the chronology shows what they wrote.
"""

from datetime import date, timedelta

from app.models.evidence import Significance, Stage, Visibility
from app.models.review import ReviewKind
from app.services.context import Actor
from app.services.evidence import reviews, stages
from app.services.evidence.reviews import ReviewAmend, ReviewCreate
from app.services.evidence.stages import StageRatingAmend, StageRatingCreate
from app.services.reporting import chronology
from app.services.reporting.case_record import gather

YESTERDAY = date.today() - timedelta(days=1)
MEANING = "Jo now names the risk the glass posed to Kit; the first time she has."


def _rating(world, **kw) -> StageRatingCreate:
    data = {
        "member_id": world.mother_a.id,
        "occurred_on": YESTERDAY,
        "stage": Stage.action,
        "motivation": 8,
        "ability": 6,
        "visibility": Visibility.shared,
    } | kw
    return StageRatingCreate.model_validate(data)


def _row(session, world, key: str):
    case = gather(session, Actor(world.lead_a), world.family_a.id)
    rows = chronology.build(case, None, None, date.today()).rows
    return next((r for r in rows if r.key == key), None)


def test_routine_rating_stays_out_of_the_chronology(session, world) -> None:
    worker = Actor(world.worker_a)
    made = stages.create_rating(session, worker, world.family_a.id, _rating(world))
    assert made.significance == Significance.routine and not made.significance_needs_review
    assert _row(session, world, f"stage:{made.id}") is None


def test_significant_rating_needs_review_until_the_worker_writes_it(session, world) -> None:
    worker = Actor(world.worker_a)
    made = stages.create_rating(
        session, worker, world.family_a.id, _rating(world, significance=Significance.significant)
    )
    assert made.significance_needs_review and made.significance_for_child == ""
    row = _row(session, world, f"stage:{made.id}")
    assert row is not None
    assert row.significance == "Needs review: not yet confirmed by the social worker."
    amended = stages.amend_rating(
        session,
        worker,
        made.id,
        StageRatingAmend(
            reason="Significance written after supervision", significance_for_child=MEANING
        ),
    )
    assert not amended.significance_needs_review and amended.significance_for_child == MEANING
    row = _row(session, world, f"stage:{made.id}")
    assert row is not None and row.significance == MEANING
    assert "Significance written after supervision" in row.notes[0]
    # a later amendment that leaves it out carries the worker's words
    again = stages.amend_rating(
        session, worker, amended.id, StageRatingAmend(reason="Typo", ability=5)
    )
    assert again.significance_for_child == MEANING and not again.significance_needs_review


def test_rating_written_on_creation_is_the_workers_words(session, world) -> None:
    made = stages.create_rating(
        session,
        Actor(world.worker_a),
        world.family_a.id,
        _rating(
            world, significance=Significance.significant, significance_for_child=f"  {MEANING} "
        ),
    )
    assert made.significance_for_child == MEANING and not made.significance_needs_review


def test_review_needs_review_until_written_and_is_corrected_by_amendment(session, world) -> None:
    worker = Actor(world.worker_a)
    made = reviews.create_review(
        session,
        worker,
        world.family_a.id,
        ReviewCreate(
            occurred_on=YESTERDAY,
            kind=ReviewKind.core_group,
            summary="Home conditions improving.",
            visibility=Visibility.shared,
        ),
    )
    assert made.significance_needs_review
    row = _row(session, world, f"review:{made.id}")
    assert row is not None and row.significance.startswith("Needs review")
    amended = reviews.amend_review(
        session, worker, made.id, ReviewAmend(reason="Written up", significance_for_child=MEANING)
    )
    assert amended.significance_for_child == MEANING and not amended.significance_needs_review
    row = _row(session, world, f"review:{made.id}")
    assert row is not None and row.significance == MEANING
    # emptied by a later amendment: back to needing review, never a stock phrase
    emptied = reviews.amend_review(
        session, worker, amended.id, ReviewAmend(reason="Wrong words", significance_for_child="")
    )
    assert emptied.significance_needs_review
