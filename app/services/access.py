"""Who may see what: the one place object-level access is decided.

- a social worker sees the families allocated to them (or shared with them by a team lead);
- a team lead sees every family of their team;
- a parent sees only their own family, and in it only the current, shared version of
  what is theirs (see "Each parent is a separate person" below);
- an admin manages accounts and sees no case records.

Each parent is a separate person. Parents may be separated, and one may have harmed
the other, so a parent sees:

- the goals that apply to them (joint goals included), once signed off;
- entries about them (an entry naming no parent is about all of its goal's parents),
  their own stage-of-change ratings and their own views;
- family-level records shared with the family (review meetings, plan events with no goal,
  case events), except that a case event linked to one parent (a police report about
  the father) reaches that parent only;
- an item the worker deliberately shared with every parent (``shared_with_all_parents``).

Never another parent's sole goals, their ratings, or reports about them. A parent
reaches only the current version of a record, shared and not entered in error;
anything else answers 404.

A family the caller may not see is answered exactly like one that does not
exist, and the attempt is audited.
"""

import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from app.models.account import Allocation, Role
from app.models.evidence import (
    CaseEvent,
    ParentComment,
    PlanEvent,
    ProgressEntry,
    ProgressEntryParent,
    StageRating,
    ViewResponse,
    Visibility,
)
from app.models.family import Family, FamilyMember
from app.models.plan import Assessment, Consequence, Goal, GoalParent, Milestone, Reward
from app.models.report import AdjustmentAction, Audience, ChronologyAdjustment
from app.models.review import ReviewMeeting
from app.services import audit, refusals
from app.services.context import Actor
from app.services.errors import NotFound

M = TypeVar("M", bound=SQLModel)


def family_condition(actor: Actor) -> ColumnElement[bool]:
    """A WHERE condition on ``Family`` that keeps only the families the actor may see."""
    user = actor.user
    values = rule_params(actor)

    def bound(name: str) -> Any:
        return sa.bindparam(name, values[name], type_=sa.Uuid, unique=True)

    return _family_rule(user.role, user.is_active, bound)


def rule_params(actor: Actor) -> dict[str, Any]:
    """The bound values of ``family_rule``: the actor's own ids."""
    user = actor.user
    return {
        "access_user_id": user.id,
        "access_team_id": user.team_id,
        "access_member_id": user.family_member_id,
    }


@lru_cache(maxsize=16)
def family_rule(role: Role, active: bool) -> ColumnElement[bool]:
    """``family_condition`` for a role, with the user's ids left as bound values to give
    at execution (``rule_params``).

    Built once per role, so the statements of the pages read most often are built once
    too (building them cost more than running them, py-spy).
    """
    return _family_rule(role, active, lambda name: sa.bindparam(name, type_=sa.Uuid))


def _family_rule(role: Role, active: bool, bound: Callable[[str], Any]) -> ColumnElement[bool]:
    """The one statement of which families a user sees. A missing id (a team lead with no
    team, a parent with no member) is a NULL, which matches no family."""
    if not active:
        return sa.false()
    if role == Role.social_worker:
        allocated = select(Allocation.family_id).where(
            Allocation.user_id == bound("access_user_id"),
            Allocation.ended_at.is_(None),  # type: ignore[union-attr]
        )
        return Family.id.in_(allocated)  # type: ignore[attr-defined,no-any-return]
    if role == Role.team_lead:
        return Family.team_id == bound("access_team_id")  # type: ignore[no-any-return]
    if role == Role.parent:
        own = select(FamilyMember.family_id).where(FamilyMember.id == bound("access_member_id"))
        return Family.id == own.scalar_subquery()  # type: ignore[return-value]
    return sa.false()


@lru_cache(maxsize=16)
def visible_ids(role: Role, active: bool) -> sa.Select[Any]:
    """``family_ids_visible`` with the actor's ids bound at execution (``rule_params``)."""
    return select(Family.id).where(family_rule(role, active))


def family_ids_visible(actor: Actor) -> sa.Select[Any]:
    """A sub-select of the ids of the families the actor may see."""
    return select(Family.id).where(family_condition(actor))


def audience(actor: Actor) -> Audience:
    """Parents read the family's copy of a record; staff read all of it."""
    return Audience.family if actor.is_parent else Audience.staff


def shared_for(reader: Audience, model: Any) -> ColumnElement[bool]:
    """The family reads only what is shared with it; staff read everything."""
    if reader == Audience.family:
        return model.visibility == Visibility.shared  # type: ignore[no-any-return]
    return sa.true()


def shared_only(actor: Actor, model: Any) -> ColumnElement[bool]:
    return shared_for(audience(actor), model)


def goal_visible_for(reader: Audience) -> ColumnElement[bool]:
    """The family sees a goal once a team lead has signed the plan off."""
    if reader == Audience.family:
        return Goal.signed_off_at.is_not(None)  # type: ignore[union-attr,no-any-return]
    return sa.true()


def on_visible_goal(reader: Audience, model: Any) -> ColumnElement[bool]:
    """A record about a goal the reader may not see is hidden with it."""
    if reader == Audience.family:
        signed_off = select(Goal.id).where(goal_visible_for(reader))
        return sa.or_(model.goal_id.is_(None), model.goal_id.in_(signed_off))
    return sa.true()


def own_only(reader: Audience, model: Any, member_id: uuid.UUID | None) -> ColumnElement[bool]:
    """A parent reads their own stage ratings and comments, not the other parent's."""
    if reader == Audience.family:
        return model.member_id == member_id  # type: ignore[no-any-return]
    return sa.true()


def adjustment_visible_for(reader: Audience) -> ColumnElement[bool]:
    """The family's chronology leaves out what the worker left out, and adds only what the
    worker added as shared."""
    if reader == Audience.family:
        return sa.or_(
            col(ChronologyAdjustment.action) == AdjustmentAction.omit,
            col(ChronologyAdjustment.visibility) == Visibility.shared,
        )
    return sa.true()


def me(actor: Actor) -> Any:
    """The parent's own family member id as a SQL value (NULL matches nothing)."""
    return sa.literal(actor.user.family_member_id, sa.Uuid)


def is_current(model: Any) -> ColumnElement[bool]:
    """Rows no later version amends: the current version of each chain."""
    return _is_current(model)


@lru_cache(maxsize=64)
def _is_current(model: Any) -> ColumnElement[bool]:
    # built once per table: aliasing a table for every query cost several per cent of
    # a family page (py-spy); the same clause object is safe to reuse in any query
    later = aliased(model)
    return ~sa.exists().where(later.amends_id == model.id)


def goal_for_parent(member: Any, goal: Any = Goal) -> ColumnElement[bool]:
    """A goal the parent may see: signed off, and theirs (or shared with every parent)."""
    theirs = sa.exists().where(GoalParent.goal_id == goal.id, GoalParent.member_id == member)
    return sa.and_(goal.signed_off_at.is_not(None), sa.or_(goal.shared_with_all_parents, theirs))


def goal_visible(actor: Actor) -> ColumnElement[bool]:
    """Staff see every goal; a parent sees their own goals once a team lead signed them off."""
    if actor.is_parent:
        return goal_for_parent(me(actor))
    return sa.true()


def _goal_id_visible(goal_id: Any, member: Any) -> ColumnElement[bool]:
    g = aliased(Goal)
    return sa.exists().where(g.id == goal_id, goal_for_parent(member, g))


def entry_for_parent(member: Any, entry: Any = ProgressEntry) -> ColumnElement[bool]:
    """An entry the parent may see: current, shared, not in error, on their goal, about them.

    An entry naming no parent is about every parent its goal applies to.
    """
    named = sa.exists().where(ProgressEntryParent.entry_id == entry.id)
    named_me = sa.exists().where(
        ProgressEntryParent.entry_id == entry.id, ProgressEntryParent.member_id == member
    )
    goal_is_mine = sa.exists().where(
        GoalParent.goal_id == entry.goal_id, GoalParent.member_id == member
    )
    return sa.and_(
        entry.visibility == Visibility.shared,
        entry.entered_in_error_at.is_(None),
        is_current(entry),
        _goal_id_visible(entry.goal_id, member),
        sa.or_(entry.shared_with_all_parents, named_me, sa.and_(~named, goal_is_mine)),
    )


def _entry_id_visible(entry_id: Any, member: Any) -> ColumnElement[bool]:
    e = aliased(ProgressEntry)
    return sa.exists().where(e.id == entry_id, entry_for_parent(member, e))


def _goal_or_family_level(goal_id: Any, member: Any) -> ColumnElement[bool]:
    return sa.or_(goal_id.is_(None), _goal_id_visible(goal_id, member))


def _incentive_for_parent(model: Any, member: Any) -> ColumnElement[bool]:
    milestone_goal = select(Milestone.goal_id).where(Milestone.id == model.milestone_id)
    return sa.or_(
        _goal_id_visible(model.goal_id, member),
        sa.and_(
            model.goal_id.is_(None),
            _goal_id_visible(milestone_goal.scalar_subquery(), member),
        ),
    )


def for_parent(model: Any, member: Any) -> list[ColumnElement[bool]]:
    """Conditions on ``model`` for what the parent ``member`` (a SQL value) may read.

    The one statement of the per-parent rule: every parent-facing query uses it.
    """
    if model is ProgressEntry:
        return [entry_for_parent(member)]
    if model is Goal:
        return [goal_for_parent(member)]
    if model is StageRating:
        return [
            StageRating.visibility == Visibility.shared,
            col_is_none(StageRating.entered_in_error_at),
            is_current(StageRating),
            StageRating.member_id == member,
        ]
    if model is ReviewMeeting:
        # a family-level record: seen once the worker shares it with the family
        return [
            ReviewMeeting.visibility == Visibility.shared,  # type: ignore[list-item]
            col_is_none(ReviewMeeting.entered_in_error_at),
            is_current(ReviewMeeting),
        ]
    if model is CaseEvent:
        # family-level once shared; an event about one parent reaches that parent only
        return [
            CaseEvent.visibility == Visibility.shared,  # type: ignore[list-item]
            col_is_none(CaseEvent.entered_in_error_at),
            is_current(CaseEvent),
            sa.or_(col_is_none(CaseEvent.member_id), CaseEvent.member_id == member),
        ]
    if model is PlanEvent:
        return [
            PlanEvent.visibility == Visibility.shared,  # type: ignore[list-item]
            col_is_none(PlanEvent.entered_in_error_at),
            _goal_or_family_level(PlanEvent.goal_id, member),
            # a derived event stands only while the parent may see what it quotes
            sa.or_(col_is_none(PlanEvent.entry_id), _entry_id_visible(PlanEvent.entry_id, member)),
            sa.or_(
                col_is_none(PlanEvent.earlier_entry_id),
                _entry_id_visible(PlanEvent.earlier_entry_id, member),
            ),
        ]
    if model is ParentComment:
        return [ParentComment.member_id == member]
    if model is ViewResponse:
        # the answers to their own views
        own_view = select(ParentComment.id).where(ParentComment.member_id == member)
        return [col_in(ViewResponse.comment_id, own_view)]
    if model is Milestone:
        return [_goal_id_visible(Milestone.goal_id, member)]
    if model in (Reward, Consequence):
        return [_incentive_for_parent(model, member)]
    if model in (Family, FamilyMember, Assessment):
        return []
    # anything else of a family is for staff only
    return [sa.false()]


def col_in(column: Any, values: Any) -> ColumnElement[bool]:
    return column.in_(values)  # type: ignore[no-any-return]


def col_is_none(column: Any) -> ColumnElement[bool]:
    return column.is_(None)  # type: ignore[no-any-return]


def visible(actor: Actor, model: Any) -> list[ColumnElement[bool]]:
    """Conditions on ``model`` for what the actor may read within their families.

    Staff: everything of their families. A parent: see ``for_parent``.
    """
    if actor.is_parent:
        return for_parent(model, me(actor))
    return []


SHARE_ALL = "share_with_all_parents"
UNSHARE_ALL = "unshare_with_all_parents"


def record_sharing(session: Session, actor: Actor, record: Any, was: bool | None = None) -> None:
    """Audit a worker's deliberate choice to show one item to every parent (or to stop).

    ``was`` is the flag before the change (None for a new record).
    """
    now = bool(record.shared_with_all_parents)
    if now == bool(was):
        return
    entity = type(record).__name__.lower()
    action = SHARE_ALL if now else UNSHARE_ALL
    audit.record(session, actor, action, entity, record.id, record.family_id)


def deny(session: Session, actor: Actor, entity: str, entity_id: object) -> NotFound:
    """Audit a refused look-up and return the NotFound to raise.

    The event carries the family the record belongs to, if it exists, so that the
    family's team lead sees the attempt; the caller's answer is the same either way.
    """
    family_id = refusals.family_of(session, entity, entity_id)
    audit.record_now(session, actor, "denied", entity, entity_id, family_id, outcome="denied")
    return NotFound(entity)


class RoleRefused(NotFound):
    """A page or an action never meant for the caller's role (a parent on a staff page,
    a parent or an unallocated worker on a write route): looks missing.

    Raised before the request's own transaction is at hand, so the entry point audits
    it with ``record_role_refusal`` once that transaction has ended, with the family
    the address names.
    """

    def __init__(self, actor: Actor, entity: str = "page") -> None:
        super().__init__(entity)
        self.actor = actor


def record_role_refusal(
    session: Session,
    refusal: RoleRefused,
    path: str,
    path_params: Mapping[str, Any] | None = None,
) -> None:
    refusals.record_refusal(session, refusal.actor, path, path_params or {})


_AUTHORISED = "cct_authorised_family"


@contextmanager
def authorised(session: Session, actor: Actor, family: Family) -> Iterator[Family]:
    """Check once, for a page composed of several reads of one family.

    Inside the block, ``get_family`` for this actor and family answers from
    this check instead of asking the database again.
    """
    session.info[_AUTHORISED] = (actor, family)
    try:
        yield family
    finally:
        session.info.pop(_AUTHORISED, None)
        session.info.pop(_REMEMBERED, None)


_REMEMBERED = "cct_page_reads"
T = TypeVar("T")


def remembered(session: Session, key: tuple[Any, ...], read: Callable[[], T]) -> T:
    """Inside ``authorised``, a read that several parts of one page make is made once.

    The parts of a composed page read in one transaction, so the answer cannot change
    between them; outside such a page the read is made every time.
    """
    if _AUTHORISED not in session.info:
        return read()
    reads: dict[tuple[Any, ...], Any] = session.info.setdefault(_REMEMBERED, {})
    if key not in reads:
        reads[key] = read()
    return reads[key]  # type: ignore[no-any-return]


@lru_cache(maxsize=16)
def _family_query(role: Role, active: bool) -> Any:
    family_id = sa.bindparam("access_family_id", type_=sa.Uuid)
    return select(Family).where(Family.id == family_id, family_rule(role, active))


def get_family(session: Session, actor: Actor, family_id: uuid.UUID) -> Family:
    """The family, if the actor may see it; otherwise NotFound (audited)."""
    held = session.info.get(_AUTHORISED)
    if held is not None and held[0] is actor and held[1].id == family_id:
        return held[1]  # type: ignore[no-any-return]
    user = actor.user
    family: Family | None = session.exec(
        _family_query(user.role, user.is_active),
        params={**rule_params(actor), "access_family_id": family_id},
    ).first()
    if family is None:
        raise deny(session, actor, "family", family_id)
    return family


def get_record(
    session: Session,
    actor: Actor,
    model: type[M],
    record_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> M:
    """A record that belongs to a family (it has ``family_id``), if the actor may see it.

    One query: the record joined to the access rule (for a parent, ``for_parent``).
    """
    user = actor.user
    found: M | None = session.exec(
        _record_query(model, user.role, user.is_active, for_update),
        params={**rule_params(actor), "access_record_id": record_id},
    ).first()
    if found is None:
        raise deny(session, actor, model.__name__.lower(), record_id)
    return found


@lru_cache(maxsize=128)
def _record_query(model: type[M], role: Role, active: bool, for_update: bool) -> Any:
    # built once per table and role, like ``_family_query``: building it for every
    # write cost more than running it (an entry's access check, cProfile)
    table: Any = model
    conditions: list[ColumnElement[bool]] = []
    if role == Role.parent:
        conditions = for_parent(model, sa.bindparam("access_member_id", type_=sa.Uuid))
    query = select(model).where(
        table.id == sa.bindparam("access_record_id"),
        table.family_id.in_(visible_ids(role, active)),
        *conditions,
    )
    return query.with_for_update() if for_update else query


def require_staff(actor: Actor) -> None:
    """Only social workers and team leads change a plan or record evidence; to anyone
    else the record answers as missing (404), audited by the entry point."""
    if not actor.is_staff or not actor.user.is_active:
        raise RoleRefused(actor, "record")


def require_team_lead(actor: Actor) -> None:
    if actor.role != Role.team_lead or not actor.user.is_active:
        raise RoleRefused(actor, "record")


def require_admin(actor: Actor) -> None:
    if actor.role != Role.admin or not actor.user.is_active:
        raise RoleRefused(actor, "record")
