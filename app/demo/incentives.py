"""Milestone outcomes, rewards and consequences, with a plan event for every change.

A reward is earned only once its milestone is achieved and a consequence falls due
only once its milestone is missed (or after a relapse), as the services require.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from app.demo import text
from app.demo.build import Ctx, FamilyState, GoalState, Row, plan_event
from app.models.evidence import PlanEventKind, Visibility
from app.models.plan import (
    Consequence,
    ConsequenceStatus,
    Milestone,
    MilestoneStatus,
    Reward,
    RewardStatus,
    Trigger,
)


def milestone(ctx: Ctx, fam: FamilyState, goal: GoalState, i: int, due: date) -> Row:
    return ctx.batch.add(
        Milestone,
        id=ctx.new_id(),
        goal_id=goal.id,
        family_id=fam.id,
        description=goal.template.milestones[i].format(**goal.fill),
        due_on=due,
        status=MilestoneStatus.pending,
        achieved_on=None,
        created_at=ctx.at(goal.start, 15),
    )


def plan_for_goal(ctx: Ctx, fam: FamilyState, goal: GoalState, target: date) -> None:
    """Three milestones; a reward for achieving one and a consequence for missing one."""
    rng, today = ctx.rng, ctx.today
    span = max((target - goal.start).days, 21)
    rows: list[Row] = []
    settled: list[tuple[Row, date]] = []
    thresholds = (-1.2 if goal.baseline == -2 else -0.6, -0.3, 0.4)
    for i, fraction in enumerate((0.3, 0.6, 0.95)):
        due = goal.start + timedelta(days=int(span * fraction))
        m = milestone(ctx, fam, goal, i, due)
        rows.append(m)
        if due >= today or (due > today - timedelta(days=28) and rng.random() < 0.6):
            continue  # not yet due, or overdue and not yet decided
        if rng.random() < 0.04:
            m["status"] = MilestoneStatus.cancelled
            plan_event(
                ctx,
                fam,
                PlanEventKind.milestone_cancelled,
                due,
                "Milestone cancelled: " + m["description"],
                note="No longer relevant after the review.",
                goal_id=goal.id,
                milestone_id=m["id"],
            )
            continue
        if goal.value(due) >= thresholds[i]:
            day = max(goal.start, due - timedelta(days=ctx.between(0, 6)))
            m["status"], m["achieved_on"] = MilestoneStatus.achieved, day
            kind, summary = PlanEventKind.milestone_achieved, "Milestone achieved: "
        else:
            day = min(today, due + timedelta(days=ctx.between(1, 3)))
            m["status"] = MilestoneStatus.missed
            kind, summary = PlanEventKind.milestone_missed, "Milestone missed: "
        plan_event(
            ctx, fam, kind, day, summary + m["description"], goal_id=goal.id, milestone_id=m["id"]
        )
        settled.append((m, day))
    # the agreement is tied to a milestone from the start; which one is settled shows here
    missed = [s for s in settled if s[0]["status"] == MilestoneStatus.missed]
    _reward(ctx, fam, goal, settled[0] if settled else (rows[0], None))
    _consequence(ctx, fam, goal, missed[0] if missed else (rows[1], None))
    if goal.template.substance:
        goal.relapse_consequence = relapse_consequence(ctx, fam, goal)
    if fam.spec.trajectory == "improving" and rng.random() < 0.3:
        _manual_reward(ctx, fam, goal)


def _decided(ctx: Ctx, row: Row, status: Any, by: uuid.UUID, day: date, note: str = "") -> None:
    row.update(status=status, decided_by_id=by, decided_at=ctx.at(day, 16), note=note)


def _reward(ctx: Ctx, fam: FamilyState, goal: GoalState, link: tuple[Row, date | None]) -> None:
    rng, today = ctx.rng, ctx.today
    m, day = link
    row = ctx.batch.add(
        Reward,
        id=ctx.new_id(),
        family_id=fam.id,
        goal_id=goal.id,
        milestone_id=m["id"],
        description=goal.template.reward.format(**goal.fill),
        trigger=Trigger.milestone_achieved,
        status=RewardStatus.agreed,
        decided_by_id=None,
        decided_at=None,
        note="",
        created_at=ctx.at(goal.start, 15),
    )
    if day is None:
        return
    links = {"goal_id": goal.id, "reward_id": row["id"], "milestone_id": m["id"]}
    if m["status"] == MilestoneStatus.achieved:
        _decided(ctx, row, RewardStatus.earned, fam.worker_id, day)
        plan_event(
            ctx,
            fam,
            PlanEventKind.reward_earned,
            day,
            "Reward earned: " + row["description"],
            **links,
        )
        given = day + timedelta(days=ctx.between(3, 10))
        if given < today and rng.random() < 0.7:
            note = text.GIVEN_NOTE.format(**goal.fill)
            _decided(ctx, row, RewardStatus.given, fam.worker_id, given, note)
            plan_event(
                ctx,
                fam,
                PlanEventKind.reward_given,
                given,
                "Reward given: " + row["description"],
                note=note,
                **links,
            )
    elif rng.random() < 0.5:
        withdrawn = min(today, day + timedelta(days=ctx.between(1, 14)))
        _decided(ctx, row, RewardStatus.withdrawn, fam.worker_id, withdrawn, text.WITHDRAWN_NOTE)
        plan_event(
            ctx,
            fam,
            PlanEventKind.reward_withdrawn,
            withdrawn,
            "Reward withdrawn: " + row["description"],
            note=text.WITHDRAWN_NOTE,
            **links,
        )


def _consequence(
    ctx: Ctx, fam: FamilyState, goal: GoalState, link: tuple[Row, date | None]
) -> None:
    rng, today = ctx.rng, ctx.today
    m, day = link
    row = ctx.batch.add(
        Consequence,
        id=ctx.new_id(),
        family_id=fam.id,
        goal_id=goal.id,
        milestone_id=m["id"],
        description=goal.template.consequence.format(**goal.fill),
        trigger=Trigger.milestone_missed,
        status=ConsequenceStatus.agreed,
        decided_by_id=None,
        decided_at=None,
        note="",
        created_at=ctx.at(goal.start, 15),
    )
    if day is None:
        return  # due only once the milestone is missed
    links = {"goal_id": goal.id, "consequence_id": row["id"], "milestone_id": row["milestone_id"]}
    _decided(ctx, row, ConsequenceStatus.due, fam.worker_id, day)
    plan_event(
        ctx,
        fam,
        PlanEventKind.consequence_due,
        day,
        "Consequence due: " + row["description"],
        **links,
    )
    later = min(today, day + timedelta(days=ctx.between(2, 10)))
    roll = rng.random()
    if roll < 0.55:
        note = text.APPLIED_NOTE.format(**goal.fill)
        _decided(ctx, row, ConsequenceStatus.applied, fam.worker_id, later, note)
        plan_event(
            ctx,
            fam,
            PlanEventKind.consequence_applied,
            later,
            "Consequence applied: " + row["description"],
            note=note,
            **links,
        )
    elif roll < 0.8:
        _decided(ctx, row, ConsequenceStatus.waived, fam.team.lead_id, later, text.WAIVED_NOTE)
        plan_event(
            ctx,
            fam,
            PlanEventKind.consequence_waived,
            later,
            "Consequence waived: " + row["description"],
            by=fam.team.lead_id,
            note=text.WAIVED_NOTE,
            **links,
        )


def relapse_consequence(ctx: Ctx, fam: FamilyState, goal: GoalState) -> Row:
    """Agreed at the start; falls due when a score shows a relapse (see demo_evidence)."""
    return ctx.batch.add(
        Consequence,
        id=ctx.new_id(),
        family_id=fam.id,
        goal_id=goal.id,
        milestone_id=None,
        description="If there is a relapse, contact goes back to supervised sessions at the "
        "family centre until tests are clear for a month.",
        trigger=Trigger.relapse,
        status=ConsequenceStatus.agreed,
        decided_by_id=None,
        decided_at=None,
        note="",
        created_at=ctx.at(goal.start, 15),
    )


def relapse_due(ctx: Ctx, fam: FamilyState, goal: GoalState, day: date, shared: bool) -> None:
    """The relapse consequence falls due, and is applied a few days later."""
    row = goal.relapse_consequence
    if row is None or row["status"] != ConsequenceStatus.agreed:
        return
    links = {"goal_id": goal.id, "consequence_id": row["id"]}
    seen = Visibility.shared if shared else Visibility.internal
    _decided(ctx, row, ConsequenceStatus.due, fam.worker_id, day)
    plan_event(
        ctx,
        fam,
        PlanEventKind.consequence_due,
        day,
        "Consequence due after a relapse: " + row["description"],
        visibility=seen,
        **links,
    )
    applied = day + timedelta(days=2)
    if applied < ctx.today and ctx.rng.random() < 0.8:
        note = text.APPLIED_NOTE.format(**goal.fill)
        _decided(ctx, row, ConsequenceStatus.applied, fam.worker_id, applied, note)
        plan_event(
            ctx,
            fam,
            PlanEventKind.consequence_applied,
            applied,
            "Consequence applied: " + row["description"],
            note=note,
            **links,
        )


def _manual_reward(ctx: Ctx, fam: FamilyState, goal: GoalState) -> None:
    row = ctx.batch.add(
        Reward,
        id=ctx.new_id(),
        family_id=fam.id,
        goal_id=goal.id,
        milestone_id=None,
        description="A family day out of the children's "
        "choosing once this goal has been met for a month.",
        trigger=Trigger.manual,
        status=RewardStatus.agreed,
        decided_by_id=None,
        decided_at=None,
        note="",
        created_at=ctx.at(goal.start, 15),
    )
    day = ctx.today - timedelta(days=ctx.between(2, 20))
    if goal.value(day) >= 1 and day > goal.start:
        note = "Goal met at every visit for a month."
        _decided(ctx, row, RewardStatus.earned, fam.worker_id, day, note)
        plan_event(
            ctx,
            fam,
            PlanEventKind.reward_earned,
            day,
            "Reward earned: " + row["description"],
            note=note,
            goal_id=goal.id,
            reward_id=row["id"],
        )
