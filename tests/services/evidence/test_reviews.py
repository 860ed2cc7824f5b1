from datetime import date, timedelta

import pytest

from app.models.evidence import Visibility
from app.models.review import ReviewKind
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.evidence import reviews
from app.services.evidence.reviews import ReviewAmend, ReviewCreate


def review(**kw) -> ReviewCreate:
    data = {
        "occurred_on": date.today() - timedelta(days=3),
        "kind": ReviewKind.core_group,
        "attendees": "Sam Okoro (social worker); Jo Ashdown; Lee Ashdown; health visitor",
        "summary": "Home conditions improving; contact going well.",
        "decisions": "Continue the plan; next review in six weeks.",
        "next_review_on": date.today() + timedelta(weeks=6),
        "visibility": Visibility.shared,
    }
    data.update(kw)
    return ReviewCreate.model_validate(data)


def test_create_amend_error(session, world) -> None:
    worker = Actor(world.worker_a)
    created = reviews.create_review(
        session, worker, world.family_a.id, review(assessment_id=world.assessment_a.id)
    )
    assert created.assessment_id == world.assessment_a.id
    amended = reviews.amend_review(
        session, worker, created.id, ReviewAmend(reason="Decision missed", decisions="Extend")
    )
    assert amended.summary == created.summary and amended.decisions == "Extend"
    with pytest.raises(Conflict):
        reviews.amend_review(session, worker, created.id, ReviewAmend(reason="x"))
    history = reviews.get_review(session, worker, amended.id)
    assert [v.id for v in history.versions] == [created.id, amended.id]
    assert history.review.is_current
    reviews.mark_entered_in_error(session, worker, amended.id, "Duplicate record")
    page = reviews.list_reviews(session, worker, world.family_a.id)
    assert [(r.id, r.entered_in_error) for r in page.items] == [(amended.id, True)]
    assert reviews.list_reviews(session, Actor(world.parent_a), world.family_a.id).items == []


def test_next_review_must_follow(session, world) -> None:
    with pytest.raises(ValueError, match="after the meeting"):
        review(next_review_on=date.today() - timedelta(days=3))
    created = reviews.create_review(session, Actor(world.worker_a), world.family_a.id, review())
    with pytest.raises(Invalid) as exc:
        reviews.amend_review(
            session,
            Actor(world.worker_a),
            created.id,
            ReviewAmend(reason="r", next_review_on=date.today() - timedelta(days=10)),
        )
    assert exc.value.field == "next_review_on"


def test_rules(session, world) -> None:
    worker = Actor(world.worker_a)
    other_assessment = world.goal_b.assessment_id
    with pytest.raises(Invalid) as exc:
        reviews.create_review(
            session, worker, world.family_a.id, review(assessment_id=other_assessment)
        )
    assert exc.value.field == "assessment_id"
    with pytest.raises(Invalid):
        reviews.create_review(
            session,
            worker,
            world.family_a.id,
            review(occurred_on=date.today() + timedelta(days=1), next_review_on=None),
        )
    with pytest.raises(NotFound):
        reviews.create_review(session, Actor(world.parent_a), world.family_a.id, review())
    with pytest.raises(NotFound):
        reviews.create_review(session, Actor(world.worker_b), world.family_a.id, review())
    internal = reviews.create_review(
        session, worker, world.family_a.id, review(visibility=Visibility.internal)
    )
    with pytest.raises(NotFound):
        reviews.get_review(session, Actor(world.parent_a), internal.id)
    with pytest.raises(NotFound):
        reviews.get_review(session, Actor(world.lead_b), internal.id)
    assert reviews.get_review(session, Actor(world.lead_a), internal.id).review.id == internal.id
