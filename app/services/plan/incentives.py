"""Rewards and consequences agreed with a family, and the decisions taken on them.

A reward goes agreed → earned → given (or is withdrawn); a consequence goes
agreed → due → applied (or is waived). Each decision is evidence: a plan event
with who decided, when it happened and why.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.models.base import utcnow
from app.models.evidence import PlanEvent, PlanEventKind
from app.models.plan import (
    Consequence,
    ConsequenceDecision,
    ConsequenceStatus,
    Goal,
    IncentiveCreate,
    IncentiveUpdate,
    Milestone,
    MilestoneOutcome,
    MilestoneStatus,
    Reward,
    RewardDecision,
    RewardStatus,
    Trigger,
)
from app.services import access, audit, editing
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.services.plan.common import add_plan_event, check_evidence_date, check_text, require_values

I = TypeVar("I", Reward, Consequence)  # noqa: E741

_MILESTONE_TRIGGERS = (Trigger.milestone_achieved, Trigger.milestone_missed)


@dataclass(frozen=True)
class _Kind:
    entity: str
    # (from, to) → the plan event that records the decision
    moves: dict[tuple[str, str], PlanEventKind]
    # the status a milestone trigger sets (only a manual decision otherwise)
    triggered: str


_REWARD = _Kind(
    "reward",
    {
        ("agreed", "earned"): PlanEventKind.reward_earned,
        ("earned", "given"): PlanEventKind.reward_given,
        ("agreed", "withdrawn"): PlanEventKind.reward_withdrawn,
        ("earned", "withdrawn"): PlanEventKind.reward_withdrawn,
    },
    triggered="earned",
)
_CONSEQUENCE = _Kind(
    "consequence",
    {
        ("agreed", "due"): PlanEventKind.consequence_due,
        ("due", "applied"): PlanEventKind.consequence_applied,
        ("agreed", "waived"): PlanEventKind.consequence_waived,
        ("due", "waived"): PlanEventKind.consequence_waived,
    },
    triggered="due",
)


def _kind(model: type[Reward] | type[Consequence]) -> _Kind:
    return _REWARD if model is Reward else _CONSEQUENCE


def _get(
    session: Session, actor: Actor, model: type[I], record_id: uuid.UUID, for_update: bool = False
) -> I:
    return access.get_record(session, actor, model, record_id, for_update=for_update)


def _links(
    session: Session, family_id: uuid.UUID, data: IncentiveCreate
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """Check the goal and milestone belong to the family; the goal follows the milestone."""
    goal_id = data.goal_id
    if goal_id is not None:
        goal = session.get(Goal, goal_id)
        if goal is None or goal.family_id != family_id:
            raise Invalid("goal_id", "Choose a goal of this family")
    if data.milestone_id is not None:
        milestone = session.get(Milestone, data.milestone_id)
        if milestone is None or milestone.family_id != family_id:
            raise Invalid("milestone_id", "Choose a milestone of this family")
        if goal_id is not None and milestone.goal_id != goal_id:
            raise Invalid("milestone_id", "The milestone must be one of the chosen goal's")
        if data.trigger in _MILESTONE_TRIGGERS and milestone.status != MilestoneStatus.pending:
            raise Invalid(
                "milestone_id",
                f"This milestone is already {milestone.status.value}; "
                "choose a pending milestone or a manual trigger",
            )
        goal_id = milestone.goal_id
    return goal_id, data.milestone_id


def _create(
    session: Session, actor: Actor, model: type[I], family_id: uuid.UUID, data: IncentiveCreate
) -> I:
    access.require_staff(actor)
    check_text(data)
    family = access.get_family(session, actor, family_id)
    goal_id, milestone_id = _links(session, family.id, data)
    record = model.model_validate(
        data.model_dump()
        | {"family_id": family.id, "goal_id": goal_id, "milestone_id": milestone_id}
    )
    session.add(record)
    session.flush()
    audit.record(session, actor, "create", _kind(model).entity, record.id, family.id)
    session.commit()
    return record


# what a rule sets off (rather than a worker's decision), by the plan event that says so
_TRIGGERED: dict[Any, tuple[str, PlanEventKind, Any]] = {
    Consequence: (ConsequenceStatus.due, PlanEventKind.consequence_due, PlanEvent.consequence_id),
}


def as_parent_sees(session: Session, actor: Actor, rows: list[I]) -> list[I]:
    """Rewards and consequences as a parent may see them (one query; staff: unchanged).

    A consequence due that a rule set off from evidence the parent may not see (an
    internal entry, another parent's) shows as still only agreed, so nothing derived
    for a parent rests on what they may not see.
    """
    model: Any = type(rows[0]) if rows else None
    if not actor.is_parent or model not in _TRIGGERED:
        return rows
    status, kind, link = _TRIGGERED[model]
    triggered = [r for r in rows if r.status == status]
    if not triggered:
        return rows
    shown = set(
        session.exec(
            select(link).where(
                link.in_([r.id for r in triggered]),
                PlanEvent.kind == kind,
                *access.visible(actor, PlanEvent),
            )
        ).all()
    )
    # copies, never the rows of the session: nothing here may be written back
    return [
        model.model_validate(r.model_dump() | {"status": type(r.status)("agreed")})
        if r.status == status and r.id not in shown
        else r
        for r in rows
    ]


def _list(
    session: Session,
    actor: Actor,
    model: type[I],
    family_id: uuid.UUID,
    goal_id: uuid.UUID | None,
) -> list[I]:
    family = access.get_family(session, actor, family_id)
    table: Any = model
    query = select(model).where(table.family_id == family.id, *access.visible(actor, model))
    if goal_id is not None:
        query = query.where(table.goal_id == goal_id)
    found = session.exec(query.order_by(table.created_at, table.id)).all()
    audit.record_now(session, actor, "list", _kind(model).entity, "", family.id)
    return as_parent_sees(session, actor, list(found))


def _read(session: Session, actor: Actor, model: type[I], record_id: uuid.UUID) -> I:
    record = _get(session, actor, model, record_id)
    audit.record_now(session, actor, "read", _kind(model).entity, record.id, record.family_id)
    return as_parent_sees(session, actor, [record])[0]


def _update(
    session: Session, actor: Actor, model: type[I], record_id: uuid.UUID, changes: IncentiveUpdate
) -> I:
    access.require_staff(actor)
    record = _get(session, actor, model, record_id, for_update=True)
    require_values(changes)
    entity = _kind(model).entity
    editing.check_version(record, changes.version, entity)
    if record.status != "agreed":
        raise Conflict(
            f"This {entity} is already {record.status.value}, so what was agreed cannot change",
            current=editing.snapshot(record),
        )
    editing.apply_changes(session, actor, record, changes, entity, record.family_id)
    session.commit()
    return record


def _decide(
    session: Session,
    actor: Actor,
    record: Reward | Consequence,
    status: str,
    occurred_on: date,
    note: str,
    event: PlanEventKind,
) -> None:
    """Move to ``status``, with who and when, and append the plan event (no commit)."""
    entity = _kind(type(record)).entity
    if isinstance(record, Reward):
        record.status = RewardStatus(status)
    else:
        record.status = ConsequenceStatus(status)
    record.decided_by_id = actor.user.id
    record.decided_at = utcnow()
    record.note = note
    record.version += 1
    session.add(record)
    audit.record(session, actor, "decision", entity, record.id, record.family_id)
    add_plan_event(
        session,
        actor,
        family_id=record.family_id,
        kind=event,
        occurred_on=occurred_on,
        summary=f"{entity.capitalize()} {status}: {record.description}",
        note=note,
        shared=True,
        goal_id=record.goal_id,
        milestone_id=record.milestone_id,
        reward_id=record.id if isinstance(record, Reward) else None,
        consequence_id=record.id if isinstance(record, Consequence) else None,
    )


def _decision(
    session: Session,
    actor: Actor,
    model: type[I],
    record_id: uuid.UUID,
    decision: RewardDecision | ConsequenceDecision,
) -> I:
    access.require_staff(actor)
    record = _get(session, actor, model, record_id, for_update=True)
    kind = _kind(model)
    editing.check_version(record, decision.version, kind.entity)
    event = kind.moves.get((record.status.value, decision.status.value))
    if event is None:
        raise Conflict(
            f"A {kind.entity} that is {record.status.value} cannot become {decision.status.value}",
            current=editing.snapshot(record),
        )
    if decision.status.value == kind.triggered and record.trigger in _MILESTONE_TRIGGERS:
        raise Conflict(
            f"This {kind.entity} becomes {kind.triggered} when its milestone is "
            f"{'achieved' if record.trigger == Trigger.milestone_achieved else 'missed'}",
            current=editing.snapshot(record),
        )
    check_text(decision)
    check_evidence_date(session, record.family_id, decision.occurred_on)
    _decide(
        session, actor, record, decision.status.value, decision.occurred_on, decision.note, event
    )
    session.commit()
    return record


def rewards_set_off(milestone_id: uuid.UUID) -> SelectOfScalar[Reward]:
    """The rewards a milestone's achievement earns: linked to it, and still only agreed."""
    return (
        select(Reward)
        .where(
            Reward.milestone_id == milestone_id,
            Reward.trigger == Trigger.milestone_achieved,
            Reward.status == RewardStatus.agreed,
        )
        .order_by(col(Reward.created_at), col(Reward.id))
    )


def consequences_set_off(milestone_id: uuid.UUID) -> SelectOfScalar[Consequence]:
    """The consequences a missed milestone makes due: linked to it, and still only agreed."""
    return (
        select(Consequence)
        .where(
            Consequence.milestone_id == milestone_id,
            Consequence.trigger == Trigger.milestone_missed,
            Consequence.status == ConsequenceStatus.agreed,
        )
        .order_by(col(Consequence.created_at), col(Consequence.id))
    )


def trigger_for_milestone(
    session: Session, actor: Actor, milestone: Milestone, outcome: MilestoneOutcome
) -> tuple[list[Reward], list[Consequence]]:
    """Rewards earned by an achieved milestone, consequences due for a missed one.

    Adds the changes and their plan events to the caller's transaction.
    """
    rewards: list[Reward] = []
    consequences: list[Consequence] = []
    note = outcome.note or f"Milestone {outcome.status.value}"
    if outcome.status == MilestoneStatus.achieved:
        rewards = list(session.exec(rewards_set_off(milestone.id).with_for_update()).all())
        for reward in rewards:
            _decide(
                session,
                actor,
                reward,
                "earned",
                outcome.occurred_on,
                note,
                PlanEventKind.reward_earned,
            )
    elif outcome.status == MilestoneStatus.missed:
        consequences = list(
            session.exec(consequences_set_off(milestone.id).with_for_update()).all()
        )
        for consequence in consequences:
            _decide(
                session,
                actor,
                consequence,
                "due",
                outcome.occurred_on,
                note,
                PlanEventKind.consequence_due,
            )
    return rewards, consequences


# Rewards


def create_reward(
    session: Session, actor: Actor, family_id: uuid.UUID, data: IncentiveCreate
) -> Reward:
    """Agree a reward, linked to a goal or milestone of the family."""
    return _create(session, actor, Reward, family_id, data)


def list_rewards(
    session: Session, actor: Actor, family_id: uuid.UUID, goal_id: uuid.UUID | None = None
) -> list[Reward]:
    """A family's rewards, oldest first (parents: of signed-off goals only)."""
    return _list(session, actor, Reward, family_id, goal_id)


def get_reward(session: Session, actor: Actor, reward_id: uuid.UUID) -> Reward:
    """One reward (audited as a read)."""
    return _read(session, actor, Reward, reward_id)


def update_reward(
    session: Session, actor: Actor, reward_id: uuid.UUID, changes: IncentiveUpdate
) -> Reward:
    """Reword a reward while it is still only agreed (versioned)."""
    return _update(session, actor, Reward, reward_id, changes)


def decide_reward(
    session: Session, actor: Actor, reward_id: uuid.UUID, decision: RewardDecision
) -> Reward:
    """Earned (manual trigger only), given, or withdrawn; with a note, as evidence."""
    return _decision(session, actor, Reward, reward_id, decision)


# Consequences


def create_consequence(
    session: Session, actor: Actor, family_id: uuid.UUID, data: IncentiveCreate
) -> Consequence:
    """Agree a consequence, linked to a goal or milestone of the family."""
    return _create(session, actor, Consequence, family_id, data)


def list_consequences(
    session: Session, actor: Actor, family_id: uuid.UUID, goal_id: uuid.UUID | None = None
) -> list[Consequence]:
    """A family's consequences, oldest first (parents: of signed-off goals only)."""
    return _list(session, actor, Consequence, family_id, goal_id)


def get_consequence(session: Session, actor: Actor, consequence_id: uuid.UUID) -> Consequence:
    """One consequence (audited as a read)."""
    return _read(session, actor, Consequence, consequence_id)


def update_consequence(
    session: Session, actor: Actor, consequence_id: uuid.UUID, changes: IncentiveUpdate
) -> Consequence:
    """Reword a consequence while it is still only agreed (versioned)."""
    return _update(session, actor, Consequence, consequence_id, changes)


def decide_consequence(
    session: Session, actor: Actor, consequence_id: uuid.UUID, decision: ConsequenceDecision
) -> Consequence:
    """Due (not for milestone triggers), applied, or waived; with a note, as evidence."""
    return _decision(session, actor, Consequence, consequence_id, decision)
