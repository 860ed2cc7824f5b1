"""The parent view service: only the parent's family, signed-off goals, shared evidence."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from app.models.audit import AuditEvent
from app.models.evidence import Visibility
from app.models.plan import Milestone, MilestoneStatus, RewardStatus
from app.models.review import ReviewKind, ReviewMeeting
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.views import parent_view
from app.services.views.parent_help import StepStatus
from tests.factories import World


def test_plan_shows_signed_off_goals_of_own_family(session: Session, world: World) -> None:
    plan = parent_view.your_plan(session, Actor(world.parent_a))
    assert plan.family_id == world.family_a.id
    assert [g.id for g in plan.goals] == [world.goal_a.id]
    goal = plan.goals[0]
    assert goal.expected.text == world.goal_a.level_0
    assert plan.social_worker == "Sam Okoro"
    assert plan.decision_date == world.assessment_a.decision_date
    assert [r.id for r in goal.rewards_to_earn] == [world.reward_a.id]
    assert [c.id for c in goal.consequences] == [world.consequence_a.id]
    assert [m.state for m in goal.milestones] == [StepStatus.next]


def test_current_level_counts_shared_scores_only(session: Session, world: World) -> None:
    # the internal entry (score 0) is newer than the shared one (score -1)
    goal = parent_view.your_plan(session, Actor(world.parent_a)).goals[0]
    assert goal.current.value == -1
    assert goal.current.step == 2
    assert goal.current.text == world.goal_a.level_minus_1
    assert [p.level for p in goal.points] == [-1]


def test_other_family_never_seen(session: Session, world: World) -> None:
    plan = parent_view.your_plan(session, Actor(world.parent_b))
    assert plan.family_id == world.family_b.id
    assert [g.id for g in plan.goals] == [world.goal_b.id]
    with pytest.raises(NotFound):
        parent_view.one_goal(session, Actor(world.parent_b), world.goal_a.id)


def test_unsigned_goal_is_not_found(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        parent_view.one_goal(session, Actor(world.parent_a2), world.goal_a_unsigned.id)
    denied = session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert [e.entity_id for e in denied] == [str(world.goal_a_unsigned.id)]


def test_staff_are_refused(session: Session, world: World) -> None:
    # a role refusal looks like a missing page
    with pytest.raises(NotFound):
        parent_view.your_plan(session, Actor(world.worker_a))


def test_each_read_is_audited(session: Session, world: World) -> None:
    parent_view.your_plan(session, Actor(world.parent_a))
    parent_view.one_goal(session, Actor(world.parent_a), world.goal_a.id)
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.actor_id == world.parent_a.id)
        .order_by(col(AuditEvent.id))  # PostgreSQL returns rows in no set order without one
    ).all()
    assert [(e.action, e.entity, e.family_id) for e in events] == [
        ("read", "parent_plan", world.family_a.id),
        ("read", "goal", world.family_a.id),
    ]


def test_milestone_states_and_rewards(session: Session, world: World) -> None:
    today = date.today()
    world.milestone_a.status = MilestoneStatus.achieved
    world.milestone_a.achieved_on = today
    world.reward_a.status = RewardStatus.earned
    session.add(
        Milestone(
            goal_id=world.goal_a.id,
            family_id=world.family_a.id,
            description="Past its date",
            due_on=today - timedelta(days=3),
        )
    )
    session.add_all([world.milestone_a, world.reward_a])
    session.commit()
    goal = parent_view.your_plan(session, Actor(world.parent_a), today).goals[0]
    assert [m.state for m in goal.milestones] == [
        StepStatus.late,
        StepStatus.done,
    ]
    assert [r.id for r in goal.rewards_earned] == [world.reward_a.id]
    assert goal.rewards_to_earn == []


def test_next_review_only_from_shared_records(session: Session, world: World) -> None:
    def review(visibility: Visibility, weeks: int) -> None:
        session.add(
            ReviewMeeting(
                family_id=world.family_a.id,
                occurred_on=date.today() - timedelta(days=weeks),
                recorded_by_id=world.worker_a.id,
                visibility=visibility,
                kind=ReviewKind.core_group,
                summary="Review",
                next_review_on=date.today() + timedelta(weeks=weeks),
            )
        )
        session.commit()

    review(Visibility.shared, 4)
    review(Visibility.internal, 2)  # newer, but internal
    plan = parent_view.your_plan(session, Actor(world.parent_a))
    assert plan.next_review_on == date.today() + timedelta(weeks=4)
