from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.audit import AuditEvent
from app.models.evidence import PlanEvent, PlanEventKind
from app.models.plan import (
    ConsequenceDecision,
    ConsequenceStatus,
    IncentiveCreate,
    IncentiveUpdate,
    RewardDecision,
    RewardStatus,
    Trigger,
)
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.plan import incentives
from tests.factories import World


def reward_decision(status: RewardStatus, version: int) -> RewardDecision:
    return RewardDecision(
        version=version, status=status, occurred_on=date.today(), note="As agreed"
    )


def consequence_decision(status: ConsequenceStatus, version: int) -> ConsequenceDecision:
    return ConsequenceDecision(
        version=version, status=status, occurred_on=date.today(), note="As agreed"
    )


def test_links_must_be_in_the_same_family(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Invalid) as err:
        incentives.create_reward(
            session,
            worker,
            world.family_a.id,
            IncentiveCreate(goal_id=world.goal_b.id, description="Cinema trip"),
        )
    assert err.value.field == "goal_id"
    with pytest.raises(Invalid) as err:
        incentives.create_consequence(
            session,
            worker,
            world.family_a.id,
            IncentiveCreate(
                goal_id=world.goal_a_unsigned.id,
                milestone_id=world.milestone_a.id,
                description="Raised at review",
            ),
        )
    assert err.value.field == "milestone_id"
    linked = incentives.create_reward(
        session,
        worker,
        world.family_a.id,
        IncentiveCreate(
            milestone_id=world.milestone_a.id,
            description="Cinema trip",
            trigger=Trigger.milestone_achieved,
        ),
    )
    assert linked.goal_id == world.goal_a.id  # taken from the milestone
    assert linked.status == RewardStatus.agreed


def test_reward_decisions(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    reward = incentives.create_reward(
        session,
        worker,
        world.family_a.id,
        IncentiveCreate(goal_id=world.goal_a.id, description="Choose the weekend outing"),
    )
    earned = incentives.decide_reward(
        session, worker, reward.id, reward_decision(RewardStatus.earned, 1)
    )
    assert earned.status == RewardStatus.earned
    assert earned.decided_by_id == world.worker_a.id and earned.decided_at is not None
    with pytest.raises(Conflict):
        incentives.update_reward(
            session, worker, reward.id, IncentiveUpdate(version=2, description="Other")
        )
    given = incentives.decide_reward(
        session, worker, reward.id, reward_decision(RewardStatus.given, 2)
    )
    assert given.status == RewardStatus.given and given.version == 3
    with pytest.raises(Conflict):
        incentives.decide_reward(
            session, worker, reward.id, reward_decision(RewardStatus.withdrawn, 3)
        )
    kinds = session.exec(select(PlanEvent.kind).where(PlanEvent.reward_id == reward.id)).all()
    assert sorted(kinds) == sorted([PlanEventKind.reward_earned, PlanEventKind.reward_given])
    decisions = session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "decision", AuditEvent.entity_id == str(reward.id)
        )
    ).all()
    assert len(decisions) == 2


def test_milestone_triggered_rewards_are_not_earned_by_hand(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Conflict) as err:
        incentives.decide_reward(
            session, worker, world.reward_a.id, reward_decision(RewardStatus.earned, 1)
        )
    assert "when its milestone is achieved" in err.value.message
    with pytest.raises(Conflict):  # agreed → given skips earned
        incentives.decide_reward(
            session, worker, world.reward_a.id, reward_decision(RewardStatus.given, 1)
        )
    withdrawn = incentives.decide_reward(
        session, worker, world.reward_a.id, reward_decision(RewardStatus.withdrawn, 1)
    )
    assert withdrawn.status == RewardStatus.withdrawn


def test_consequence_decisions(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    consequence = incentives.create_consequence(
        session,
        worker,
        world.family_a.id,
        IncentiveCreate(goal_id=world.goal_a.id, description="Contact supervised again"),
    )
    with pytest.raises(Conflict):
        incentives.decide_consequence(
            session, worker, consequence.id, consequence_decision(ConsequenceStatus.applied, 1)
        )
    due = incentives.decide_consequence(
        session, worker, consequence.id, consequence_decision(ConsequenceStatus.due, 1)
    )
    assert due.status == ConsequenceStatus.due
    applied = incentives.decide_consequence(
        session, worker, consequence.id, consequence_decision(ConsequenceStatus.applied, 2)
    )
    assert applied.status == ConsequenceStatus.applied
    with pytest.raises(Conflict):
        incentives.decide_consequence(
            session, worker, consequence.id, consequence_decision(ConsequenceStatus.waived, 3)
        )
    with pytest.raises(Invalid):
        incentives.decide_consequence(
            session,
            worker,
            world.consequence_a.id,
            ConsequenceDecision(
                version=1,
                status=ConsequenceStatus.waived,
                occurred_on=date.today() + timedelta(days=2),
                note="Later",
            ),
        )
    waived = incentives.decide_consequence(
        session, worker, world.consequence_a.id, consequence_decision(ConsequenceStatus.waived, 1)
    )
    assert waived.status == ConsequenceStatus.waived
    assert waived.note == "As agreed"


def test_update_is_versioned(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    changed = incentives.update_reward(
        session, worker, world.reward_a.id, IncentiveUpdate(version=1, description="Park trip")
    )
    assert changed.version == 2
    with pytest.raises(Conflict) as err:
        incentives.update_reward(
            session, worker, world.reward_a.id, IncentiveUpdate(version=1, description="Zoo")
        )
    assert err.value.current["version"] == 2


def test_parents_read_only_rewards_of_signed_off_goals(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    hidden = incentives.create_reward(
        session,
        worker,
        world.family_a.id,
        IncentiveCreate(goal_id=world.goal_a_unsigned.id, description="Pizza night"),
    )
    parent = Actor(world.parent_a)
    assert [r.id for r in incentives.list_rewards(session, parent, world.family_a.id)] == [
        world.reward_a.id
    ]
    assert {r.id for r in incentives.list_rewards(session, worker, world.family_a.id)} == {
        world.reward_a.id,
        hidden.id,
    }
    with pytest.raises(NotFound):
        incentives.get_reward(session, parent, hidden.id)
    assert incentives.get_consequence(session, parent, world.consequence_a.id)
    with pytest.raises(NotFound):
        incentives.get_reward(session, Actor(world.parent_b), world.reward_a.id)
    with pytest.raises(NotFound):
        incentives.decide_reward(
            session, parent, world.reward_a.id, reward_decision(RewardStatus.withdrawn, 1)
        )
