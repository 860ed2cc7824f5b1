from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from app.models.plan import (
    ConsequenceStatus,
    MilestoneCreate,
    MilestoneOutcome,
    MilestoneStatus,
    MilestoneUpdate,
    RewardStatus,
)
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.plan import milestones
from tests.factories import World


def outcome(status: MilestoneStatus, version: int = 1, days_ago: int = 0) -> MilestoneOutcome:
    return MilestoneOutcome(
        version=version,
        status=status,
        occurred_on=date.today() - timedelta(days=days_ago),
        note="Seen at the visit",
    )


def events(session: Session, family_id: object) -> list[PlanEventKind]:
    rows = session.exec(
        select(PlanEvent)
        .where(PlanEvent.family_id == family_id)
        .order_by(col(PlanEvent.recorded_at))
    ).all()
    return [r.kind for r in rows]


def test_achieving_a_milestone_earns_its_rewards(session: Session, world: World) -> None:
    result = milestones.record_outcome(
        session,
        Actor(world.worker_a),
        world.milestone_a.id,
        outcome(MilestoneStatus.achieved, days_ago=1),
    )
    assert result.milestone.status == MilestoneStatus.achieved
    assert result.milestone.achieved_on == date.today() - timedelta(days=1)
    assert [r.id for r in result.rewards_earned] == [world.reward_a.id]
    assert result.rewards_earned[0].status == RewardStatus.earned
    assert result.consequences_due == []
    session.refresh(world.consequence_a)
    assert world.consequence_a.status == ConsequenceStatus.agreed
    assert sorted(events(session, world.family_a.id)) == sorted(
        [PlanEventKind.milestone_achieved, PlanEventKind.reward_earned]
    )
    shared = session.exec(select(PlanEvent.visibility)).all()
    assert set(shared) == {Visibility.shared}  # goal_a is signed off


def test_missing_a_milestone_makes_consequences_due(session: Session, world: World) -> None:
    result = milestones.record_outcome(
        session, Actor(world.worker_a), world.milestone_a.id, outcome(MilestoneStatus.missed)
    )
    assert result.milestone.achieved_on is None
    assert [c.id for c in result.consequences_due] == [world.consequence_a.id]
    assert result.consequences_due[0].status == ConsequenceStatus.due
    assert result.rewards_earned == []
    assert sorted(events(session, world.family_a.id)) == sorted(
        [PlanEventKind.milestone_missed, PlanEventKind.consequence_due]
    )


def test_only_a_pending_milestone_has_an_outcome(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    milestones.record_outcome(
        session, worker, world.milestone_a.id, outcome(MilestoneStatus.cancelled)
    )
    with pytest.raises(Conflict) as err:
        milestones.record_outcome(
            session, worker, world.milestone_a.id, outcome(MilestoneStatus.achieved, version=2)
        )
    assert err.value.current["status"] == "cancelled"
    with pytest.raises(Conflict):
        milestones.update_milestone(
            session, worker, world.milestone_a.id, MilestoneUpdate(version=2, description="New")
        )
    assert events(session, world.family_a.id) == [PlanEventKind.milestone_cancelled]


def test_outcome_rules(session: Session, world: World) -> None:
    with pytest.raises(Invalid) as err:
        milestones.record_outcome(
            session,
            Actor(world.worker_a),
            world.milestone_a.id,
            outcome(MilestoneStatus.achieved, days_ago=-3),
        )
    assert err.value.field == "occurred_on"
    with pytest.raises(NotFound):
        milestones.record_outcome(
            session, Actor(world.parent_a), world.milestone_a.id, outcome(MilestoneStatus.achieved)
        )
    with pytest.raises(Conflict):  # stale version
        milestones.record_outcome(
            session,
            Actor(world.worker_a),
            world.milestone_a.id,
            outcome(MilestoneStatus.achieved, 5),
        )
    assert events(session, world.family_a.id) == []


def test_create_update_and_parent_visibility(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    unsigned = milestones.create_milestone(
        session,
        worker,
        world.goal_a_unsigned.id,
        MilestoneCreate(description="Attend two sessions", due_on=date.today() + timedelta(days=9)),
    )
    assert unsigned.status == MilestoneStatus.pending
    assert unsigned.family_id == world.family_a.id
    changed = milestones.update_milestone(
        session,
        worker,
        unsigned.id,
        MilestoneUpdate(version=1, description="Attend three sessions"),
    )
    assert changed.version == 2
    parent = Actor(world.parent_a2)
    with pytest.raises(NotFound):
        milestones.get_milestone(session, parent, unsigned.id)
    with pytest.raises(NotFound):
        milestones.list_milestones(session, parent, world.goal_a_unsigned.id)
    assert milestones.get_milestone(session, parent, world.milestone_a.id)
    assert [m.id for m in milestones.list_milestones(session, parent, world.goal_a.id)] == [
        world.milestone_a.id
    ]
    with pytest.raises(NotFound):
        milestones.get_milestone(session, Actor(world.parent_b), world.milestone_a.id)
