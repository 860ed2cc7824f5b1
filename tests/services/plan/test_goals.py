from datetime import date, timedelta

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from app.models.plan import GoalCreate, GoalLifecycle, GoalUpdate
from app.services.context import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.plan import goals
from app.services.plan.goals import GoalSignOff, SignOffDecision
from tests.factories import World


def goal_data(parent_ids: list[object]) -> GoalCreate:
    return GoalCreate(
        domain="Routines",
        title="Get the children to school on time",
        why_it_matters="Kit has missed a third of school this term.",
        level_minus_2="Late or absent most days",
        level_minus_1="Late two or three days a week",
        level_0="On time four days a week",
        level_plus_1="On time every day for a month",
        level_plus_2="On time every day for a term",
        baseline_level=-2,
        target_date=date.today() + timedelta(weeks=10),
        parent_ids=parent_ids,  # type: ignore[arg-type]
    )


def test_create_goal_for_parents(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    made = goals.create_goal(
        session,
        worker,
        world.assessment_a.id,
        goal_data([world.mother_a.id, world.father_a.id, world.mother_a.id]),
    )
    assert made.lifecycle_status == GoalLifecycle.proposed
    assert made.signed_off_at is None
    assert sorted(made.parent_ids) == sorted([world.mother_a.id, world.father_a.id])
    assert goals.get_goal(session, worker, made.id).parent_ids == made.parent_ids


@pytest.mark.parametrize("who", ["child_a", "parent_b_member"])
def test_goal_parents_must_be_parents_of_the_family(
    session: Session, world: World, who: str
) -> None:
    with pytest.raises(Invalid) as err:
        goals.create_goal(
            session,
            Actor(world.worker_a),
            world.assessment_a.id,
            goal_data([getattr(world, who).id]),
        )
    assert err.value.field == "parent_ids"


def test_scale_is_fixed_after_the_first_entry(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    with pytest.raises(Conflict) as err:
        goals.update_goal(
            session, worker, world.goal_a.id, GoalUpdate(version=1, level_0="Something easier")
        )
    assert "cannot change once progress has been recorded" in err.value.message
    with pytest.raises(Conflict):
        goals.update_goal(session, worker, world.goal_a.id, GoalUpdate(version=1, baseline_level=0))
    # the same wording sent back unchanged is not a change
    same = goals.update_goal(
        session, worker, world.goal_a.id, GoalUpdate(version=1, level_0=world.goal_a.level_0)
    )
    assert same.version == 2 and same.signed_off_at is not None
    # a goal without entries can still be rescaled
    rescaled = goals.update_goal(
        session, worker, world.goal_a_unsigned.id, GoalUpdate(version=1, level_0="Every session")
    )
    assert rescaled.level_0 == "Every session"


def test_rewording_a_signed_off_goal_clears_sign_off(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    assert goals.get_goal(session, Actor(world.parent_a), world.goal_a.id)
    changed = goals.update_goal(
        session, worker, world.goal_a.id, GoalUpdate(version=1, title="Keep every room safe")
    )
    assert changed.signed_off_at is None
    assert changed.lifecycle_status == GoalLifecycle.proposed
    with pytest.raises(NotFound):
        goals.get_goal(session, Actor(world.parent_a), world.goal_a.id)
    # changing the target date alone does not need a new sign-off
    goals.sign_off_goal(
        session,
        Actor(world.lead_a),
        world.goal_a.id,
        GoalSignOff(version=2, decision=SignOffDecision.approve),
    )
    moved = goals.update_goal(
        session,
        worker,
        world.goal_a.id,
        GoalUpdate(version=3, target_date=date.today() + timedelta(weeks=20)),
    )
    assert moved.signed_off_at is not None


def test_a_worker_cannot_make_a_goal_active(session: Session, world: World) -> None:
    with pytest.raises(Invalid) as err:
        goals.update_goal(
            session,
            Actor(world.worker_a),
            world.goal_a_unsigned.id,
            GoalUpdate(version=1, lifecycle_status=GoalLifecycle.active),
        )
    assert err.value.field == "lifecycle_status"


def test_parent_list_changes_are_checked(session: Session, world: World) -> None:
    worker = Actor(world.worker_a)
    changed = goals.update_goal(
        session, worker, world.goal_a.id, GoalUpdate(version=1, parent_ids=[world.mother_a.id])
    )
    assert changed.parent_ids == [world.mother_a.id]
    with pytest.raises(Invalid):
        goals.update_goal(
            session, worker, world.goal_a.id, GoalUpdate(version=2, parent_ids=[world.child_a.id])
        )


def test_sign_off_by_the_team_lead(session: Session, world: World) -> None:
    goal_id = world.goal_a_unsigned.id
    approve = GoalSignOff(version=1, decision=SignOffDecision.approve, comment="Clear and fair")
    with pytest.raises(NotFound):
        goals.sign_off_goal(session, Actor(world.worker_a), goal_id, approve)
    with pytest.raises(NotFound):
        goals.sign_off_goal(session, Actor(world.lead_b), goal_id, approve)
    signed = goals.sign_off_goal(session, Actor(world.lead_a), goal_id, approve)
    assert signed.signed_off_at is not None
    assert signed.lifecycle_status == GoalLifecycle.active
    assert signed.version == 2
    with pytest.raises(Conflict):
        goals.sign_off_goal(
            session,
            Actor(world.lead_a),
            goal_id,
            GoalSignOff(version=2, decision=SignOffDecision.approve),
        )
    event = session.exec(select(PlanEvent).where(PlanEvent.goal_id == goal_id)).one()
    assert event.kind == PlanEventKind.plan_signed_off
    assert event.visibility == Visibility.shared
    assert event.recorded_by_id == world.lead_a.id
    assert event.note == "Clear and fair"
    # now the father's account can read it
    assert goals.get_goal(session, Actor(world.parent_a2), goal_id).id == goal_id


def test_changes_requested_needs_a_comment_and_stays_internal(
    session: Session, world: World
) -> None:
    with pytest.raises(ValidationError):
        GoalSignOff(version=1, decision=SignOffDecision.changes_requested, comment="  ")
    goal_id = world.goal_a_unsigned.id
    after = goals.sign_off_goal(
        session,
        Actor(world.lead_a),
        goal_id,
        GoalSignOff(
            version=1,
            decision=SignOffDecision.changes_requested,
            comment="Say how many sessions count as every session",
        ),
    )
    assert after.signed_off_at is None and after.version == 1
    event = session.exec(select(PlanEvent).where(PlanEvent.goal_id == goal_id)).one()
    assert event.kind == PlanEventKind.plan_changes_requested
    assert event.visibility == Visibility.internal


def test_parents_never_see_unsigned_goals(session: Session, world: World) -> None:
    parent = Actor(world.parent_a2)
    listed = goals.list_goals(session, parent, world.assessment_a.id)
    assert [g.id for g in listed] == [world.goal_a.id]
    with pytest.raises(NotFound):
        goals.get_goal(session, parent, world.goal_a_unsigned.id)
    staff = goals.list_goals(session, Actor(world.worker_a), world.assessment_a.id)
    assert {g.id for g in staff} == {world.goal_a.id, world.goal_a_unsigned.id}
    with pytest.raises(NotFound):
        goals.list_goals(session, Actor(world.parent_b), world.assessment_a.id)
