from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models.audit import AuditEvent
from app.models.evidence import Stage, StageRating, Visibility
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.evidence import stages
from app.services.evidence.stages import StageRatingAmend, StageRatingCreate


def rating(member_id, **kw) -> StageRatingCreate:
    data = {
        "member_id": member_id,
        "occurred_on": date.today() - timedelta(days=1),
        "stage": Stage.contemplation,
        "motivation": 7,
        "ability": 3,
        "note": "Talks about change; no steps yet.",
        "visibility": Visibility.shared,
    }
    data.update(kw)
    return StageRatingCreate.model_validate(data)


def test_create_amend_error_flow(session, world) -> None:
    worker = Actor(world.worker_a)
    created = stages.create_rating(session, worker, world.family_a.id, rating(world.mother_a.id))
    assert (created.motivation, created.ability) == (7, 3)
    assert created.member_name == "Jo Ashdown"
    assert created.backdated is True
    amended = stages.amend_rating(
        session, worker, created.id, StageRatingAmend(reason="Ability misjudged", ability=5)
    )
    assert amended.amends_id == created.id
    assert (amended.motivation, amended.ability, amended.stage) == (7, 5, Stage.contemplation)
    assert session.get_one(StageRating, created.id).ability == 3
    with pytest.raises(Conflict):
        stages.amend_rating(session, worker, created.id, StageRatingAmend(reason="again"))
    history = stages.get_rating(session, worker, created.id)
    assert [v.id for v in history.versions] == [created.id, amended.id]
    marked = stages.mark_entered_in_error(session, worker, amended.id, "Wrong parent")
    assert marked.entered_in_error is True
    with pytest.raises(Conflict):
        stages.mark_entered_in_error(session, worker, amended.id, "Wrong parent")
    actions = {
        a.action
        for a in session.exec(select(AuditEvent).where(AuditEvent.entity == "stagerating")).all()
    }
    assert {"create", "amend", "entered_in_error", "read"} <= actions


def test_relapse_is_a_stage(session, world) -> None:
    created = stages.create_rating(
        session,
        Actor(world.worker_a),
        world.family_a.id,
        rating(world.father_a.id, stage="relapse"),
    )
    assert created.stage == Stage.relapse


def test_rules(session, world) -> None:
    worker = Actor(world.worker_a)
    for member in (world.child_a.id, world.parent_b_member.id):
        with pytest.raises(Invalid) as exc:
            stages.create_rating(session, worker, world.family_a.id, rating(member))
        assert exc.value.field == "member_id"
    with pytest.raises(Invalid):
        stages.create_rating(
            session,
            worker,
            world.family_a.id,
            rating(world.mother_a.id, occurred_on=date.today() + timedelta(days=1)),
        )
    with pytest.raises(NotFound):
        stages.create_rating(
            session, Actor(world.parent_a), world.family_a.id, rating(world.mother_a.id)
        )
    with pytest.raises(NotFound):
        stages.create_rating(
            session, Actor(world.worker_b), world.family_a.id, rating(world.mother_a.id)
        )
    created = stages.create_rating(session, worker, world.family_a.id, rating(world.mother_a.id))
    with pytest.raises(Invalid) as exc:
        stages.amend_rating(
            session, worker, created.id, StageRatingAmend(reason="r", member_id=world.child_a.id)
        )
    assert exc.value.field == "member_id"
    with pytest.raises(Invalid) as exc:
        stages.amend_rating(session, worker, created.id, StageRatingAmend(reason="r", stage=None))
    assert exc.value.field == "stage"


def test_list_and_parent_view(session, world, count_queries) -> None:
    worker = Actor(world.worker_a)
    shared = stages.create_rating(session, worker, world.family_a.id, rating(world.mother_a.id))
    internal = stages.create_rating(
        session,
        worker,
        world.family_a.id,
        rating(world.father_a.id, visibility=Visibility.internal, occurred_on=date.today()),
    )
    page = stages.list_ratings(session, worker, world.family_a.id)
    assert [r.id for r in page.items] == [internal.id, shared.id]
    only_mother = stages.list_ratings(
        session, worker, world.family_a.id, member_id=world.mother_a.id
    )
    assert [r.id for r in only_mother.items] == [shared.id]
    parent = Actor(world.parent_a)
    assert [r.id for r in stages.list_ratings(session, parent, world.family_a.id).items] == [
        shared.id
    ]
    with pytest.raises(NotFound):
        stages.get_rating(session, parent, internal.id)
    with pytest.raises(NotFound):
        stages.list_ratings(session, Actor(world.worker_b), world.family_a.id)

    def counted() -> int:
        with count_queries() as q:
            stages.list_ratings(session, worker, world.family_a.id)
        return q.count

    small = counted()
    for i in range(20):
        stages.create_rating(
            session, worker, world.family_a.id, rating(world.mother_a.id, motivation=i % 10)
        )
    assert counted() == small
