"""Goals of an assessment, their parents, and plan sign-off by a team lead.

The five GAS levels and the baseline are written before the first score and
fixed from then on; rewording a signed-off goal needs a new sign-off.
"""

import enum
import uuid
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, Session, SQLModel, col, select

from app import db
from app.models.base import utcnow
from app.models.evidence import PlanEventKind, ProgressEntry
from app.models.family import FamilyMember, MemberRole
from app.models.plan import (
    Assessment,
    AssessmentStatus,
    Goal,
    GoalCreate,
    GoalLifecycle,
    GoalParent,
    GoalRead,
    GoalUpdate,
)
from app.services import access, audit, editing
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.services.inputs import has_visible
from app.services.plan.common import add_plan_event, check_text, require_values, today

LEVEL_FIELDS = ("level_minus_2", "level_minus_1", "level_0", "level_plus_1", "level_plus_2")
# fixed once the goal has its first progress entry
SCALE_FIELDS = (*LEVEL_FIELDS, "baseline_level")
# changing any of these on a signed-off goal needs a new sign-off
WORDING_FIELDS = ("title", "why_it_matters", *LEVEL_FIELDS)
# a goal in one of these states is finished with and cannot be signed off
CLOSED_LIFECYCLES = (
    GoalLifecycle.completed,
    GoalLifecycle.cancelled,
    GoalLifecycle.entered_in_error,
    GoalLifecycle.rejected,
)


class SignOffDecision(enum.StrEnum):
    approve = "approve"
    changes_requested = "changes_requested"


class GoalSignOff(SQLModel):
    """A team lead's decision on a goal of the plan, on the version they read."""

    version: int = Field(ge=1)
    decision: SignOffDecision
    comment: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _comment_for_changes(self) -> "GoalSignOff":
        if self.decision == SignOffDecision.changes_requested and not self.comment.strip():
            raise ValueError("say what needs to change in the comment")
        return self


# the family pages' reads of the plan, built once with their values bound at execution
_ASSESSMENT_GOALS = (
    select(Goal)
    .where(Goal.assessment_id == sa.bindparam("goals_assessment_id", type_=sa.Uuid))
    .order_by(col(Goal.created_at), col(Goal.id))
)
_PARENTS_OF_GOALS = (
    select(GoalParent.goal_id, GoalParent.member_id)
    .where(col(GoalParent.goal_id).in_(sa.bindparam("goals_ids", expanding=True, type_=sa.Uuid)))
    .order_by(col(GoalParent.member_id))
)


def assessment_goals(session: Session, assessment_id: uuid.UUID) -> list[Goal]:
    """Every goal of an assessment, oldest first, whatever its state: staff only.

    Read once for a page composed of several parts (``access.remembered``).
    """

    def read() -> list[Goal]:
        params = {"goals_assessment_id": assessment_id}
        return list(session.exec(_ASSESSMENT_GOALS, params=params).all())

    return access.remembered(session, ("assessment_goals", assessment_id), read)


def parent_ids_by_goal(
    session: Session, goal_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The parents each goal applies to, in one query (once for a composed page)."""
    return access.remembered(
        session, ("goal_parents", *goal_ids), lambda: _parent_ids_by_goal(session, goal_ids)
    )


_FAMILY_GOAL_PARENTS = (
    select(GoalParent.goal_id, GoalParent.member_id)
    .join(Goal, col(Goal.id) == GoalParent.goal_id)
    .where(Goal.family_id == sa.bindparam("goals_family_id", type_=sa.Uuid))
    .order_by(col(GoalParent.member_id))
)


def family_parent_ids_by_goal(
    session: Session, family_id: uuid.UUID
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The parents each goal of a family applies to, every assessment's, in one query (once
    for a composed page: the plan, the scores and the stage reviews share it)."""

    def read() -> dict[uuid.UUID, list[uuid.UUID]]:
        found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        rows = db.plain_rows(session, _FAMILY_GOAL_PARENTS, {"goals_family_id": family_id})
        for goal_id, member_id in rows:
            found[goal_id].append(member_id)
        return dict(found)

    return access.remembered(session, ("family_goal_parents", family_id), read)


def _parent_ids_by_goal(
    session: Session, goal_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if goal_ids:
        rows = db.plain_rows(session, _PARENTS_OF_GOALS, {"goals_ids": list(goal_ids)})
        for goal_id, member_id in rows:
            found[goal_id].append(member_id)
    return found


def to_read(goal: Goal, parent_ids: list[uuid.UUID]) -> GoalRead:
    return GoalRead.model_validate(goal.model_dump() | {"parent_ids": parent_ids})


def _read_one(session: Session, goal: Goal) -> GoalRead:
    return to_read(goal, parent_ids_by_goal(session, [goal.id]).get(goal.id, []))


def _check_parents(session: Session, family_id: uuid.UUID, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    wanted = list(dict.fromkeys(ids))
    found = set(
        session.exec(
            select(FamilyMember.id).where(
                col(FamilyMember.id).in_(wanted),
                FamilyMember.family_id == family_id,
                col(FamilyMember.role).in_([MemberRole.parent, MemberRole.carer]),
            )
        ).all()
    )
    if len(found) != len(wanted):
        raise Invalid("parent_ids", "Each person must be a parent or carer in this family")
    return wanted


def _check_wording(data: SQLModel) -> None:
    """The title and each of the five levels must say something: spaces alone cannot be scored."""
    for field in ("title", *LEVEL_FIELDS):
        value = getattr(data, field, None)
        if field in data.model_fields_set and isinstance(value, str) and not has_visible(value):
            what = "the goal" if field == "title" else "what this level looks like"
            raise Invalid(field, f"Describe {what} in words, not only spaces")


def create_goal(
    session: Session, actor: Actor, assessment_id: uuid.UUID, data: GoalCreate
) -> GoalRead:
    """Add a goal to an open assessment, for one or more of the family's parents or
    carers. It starts as ``proposed`` and parents see it once a team lead signs it off."""
    access.require_staff(actor)
    check_text(data)
    _check_wording(data)
    assessment = access.get_record(session, actor, Assessment, assessment_id)
    if assessment.status != AssessmentStatus.open:
        raise Conflict("This assessment is closed, so goals cannot be added to it")
    parent_ids = _check_parents(session, assessment.family_id, data.parent_ids)
    goal = Goal.model_validate(
        data.model_dump(exclude={"parent_ids"})
        | {
            "assessment_id": assessment.id,
            "family_id": assessment.family_id,
            "lifecycle_status": GoalLifecycle.proposed,
            "created_by_id": actor.user.id,
        }
    )
    session.add(goal)
    session.flush()
    session.add_all(GoalParent(goal_id=goal.id, member_id=m) for m in parent_ids)
    audit.record(session, actor, "create", "goal", goal.id, goal.family_id)
    access.record_sharing(session, actor, goal)
    session.commit()
    return to_read(goal, sorted(parent_ids))


def list_goals(session: Session, actor: Actor, assessment_id: uuid.UUID) -> list[GoalRead]:
    """The goals of an assessment (parents: signed-off goals only). Two queries."""
    assessment = access.get_record(session, actor, Assessment, assessment_id)
    goals = session.exec(
        select(Goal)
        .where(Goal.assessment_id == assessment.id, access.goal_visible(actor))
        .order_by(col(Goal.created_at), col(Goal.id))
    ).all()
    parents = parent_ids_by_goal(session, [g.id for g in goals])
    audit.record_now(session, actor, "list", "goal", "", assessment.family_id)
    return [to_read(g, parents.get(g.id, [])) for g in goals]


def get_goal(session: Session, actor: Actor, goal_id: uuid.UUID) -> GoalRead:
    """One goal with its parents (audited as a read)."""
    goal = access.get_record(session, actor, Goal, goal_id)
    read = _read_one(session, goal)
    audit.record_now(session, actor, "read", "goal", goal.id, goal.family_id)
    return read


def _has_progress(session: Session, goal_id: uuid.UUID) -> bool:
    found = session.exec(select(ProgressEntry.id).where(ProgressEntry.goal_id == goal_id)).first()
    return found is not None


def update_goal(
    session: Session, actor: Actor, goal_id: uuid.UUID, changes: GoalUpdate
) -> GoalRead:
    """Edit a goal (versioned).

    The five levels and the baseline are fixed once progress has been recorded.
    Rewording a signed-off goal clears its sign-off, so it goes back to the team
    lead (and out of the parents' view) until signed off again.
    """
    access.require_staff(actor)
    goal = access.get_record(session, actor, Goal, goal_id, for_update=True)
    require_values(changes)
    _check_wording(changes)
    editing.check_version(goal, changes.version, "goal")
    changed = {
        f
        for f in changes.model_fields_set - {"version"}
        if getattr(changes, f) != getattr(goal, f, None)
    }
    if changed & set(SCALE_FIELDS) and _has_progress(session, goal.id):
        raise Conflict(
            "The five levels and the baseline cannot change once progress has been "
            "recorded against this goal",
            current=_read_one(session, goal).model_dump(mode="json"),
        )
    if changes.lifecycle_status == GoalLifecycle.active and goal.signed_off_at is None:
        raise Invalid("lifecycle_status", "A goal becomes active when a team lead signs it off")
    parent_ids = None
    if changes.parent_ids is not None:
        parent_ids = _check_parents(session, goal.family_id, changes.parent_ids)
    reworded = bool(changed & set(WORDING_FIELDS)) and goal.signed_off_at is not None
    was_shared = goal.shared_with_all_parents
    editing.apply_changes(
        session, actor, goal, changes, "goal", goal.family_id, exclude={"parent_ids"}
    )
    access.record_sharing(session, actor, goal, was_shared)
    if reworded:
        goal.signed_off_at = None
        goal.signed_off_by_id = None
        if goal.lifecycle_status == GoalLifecycle.active:
            goal.lifecycle_status = GoalLifecycle.proposed
    if parent_ids is not None:
        current = set(parent_ids_by_goal(session, [goal.id]).get(goal.id, []))
        for link in session.exec(select(GoalParent).where(GoalParent.goal_id == goal.id)).all():
            if link.member_id not in parent_ids:
                session.delete(link)
        session.add_all(
            GoalParent(goal_id=goal.id, member_id=m) for m in parent_ids if m not in current
        )
    session.commit()
    return _read_one(session, goal)


def sign_off_goal(
    session: Session, actor: Actor, goal_id: uuid.UUID, decision: GoalSignOff
) -> GoalRead:
    """A team lead of the family's team approves a goal or asks for changes.

    Approval signs the goal off and makes it active, and is shared with the family;
    a request for changes is kept internal. Either way a plan event records the
    management oversight.
    """
    access.require_team_lead(actor)
    check_text(decision)
    goal = access.get_record(session, actor, Goal, goal_id, for_update=True)
    editing.check_version(goal, decision.version, "goal")
    decided_on = today()
    if decision.decision == SignOffDecision.approve:
        if goal.signed_off_at is not None:
            raise Conflict("This goal is already signed off", current=editing.snapshot(goal))
        if goal.lifecycle_status in CLOSED_LIFECYCLES:
            raise Conflict(
                f"This goal is {goal.lifecycle_status.value}, so it cannot be signed off",
                current=editing.snapshot(goal),
            )
        goal.signed_off_at = utcnow()
        goal.signed_off_by_id = actor.user.id
        goal.lifecycle_status = GoalLifecycle.active
        goal.version += 1
        session.add(goal)
        audit.record(session, actor, "sign_off", "goal", goal.id, goal.family_id)
        add_plan_event(
            session,
            actor,
            family_id=goal.family_id,
            kind=PlanEventKind.plan_signed_off,
            occurred_on=decided_on,
            summary=f"Goal signed off by {actor.user.display_name}: {goal.title}",
            note=decision.comment,
            shared=True,
            goal_id=goal.id,
        )
    else:
        audit.record(session, actor, "request_changes", "goal", goal.id, goal.family_id)
        add_plan_event(
            session,
            actor,
            family_id=goal.family_id,
            kind=PlanEventKind.plan_changes_requested,
            occurred_on=decided_on,
            summary=f"Changes asked for by {actor.user.display_name}: {goal.title}",
            note=decision.comment,
            shared=False,
            goal_id=goal.id,
        )
    session.commit()
    return _read_one(session, goal)
