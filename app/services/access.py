"""Who may see what: the one place object-level access is decided.

- a social worker sees the families allocated to them (or shared with them by a team lead);
- a team lead sees every family of their team;
- a parent sees only their own family, and in it only what is shared with the family;
- an admin manages accounts and sees no case records.

A family the caller may not see is answered exactly like one that does not
exist, and the attempt is audited.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from app.models.account import Allocation, Role
from app.models.evidence import Visibility
from app.models.family import Family, FamilyMember
from app.models.plan import Goal
from app.models.report import AdjustmentAction, Audience, ChronologyAdjustment
from app.services import audit
from app.services.context import Actor
from app.services.errors import NotAllowed, NotFound

M = TypeVar("M", bound=SQLModel)


def family_condition(actor: Actor) -> ColumnElement[bool]:
    """A WHERE condition on ``Family`` that keeps only the families the actor may see."""
    user = actor.user
    if not user.is_active:
        return sa.false()
    if user.role == Role.social_worker:
        allocated = select(Allocation.family_id).where(
            Allocation.user_id == user.id,
            Allocation.ended_at.is_(None),  # type: ignore[union-attr]
        )
        return Family.id.in_(allocated)  # type: ignore[attr-defined,no-any-return]
    if user.role == Role.team_lead:
        if user.team_id is None:
            return sa.false()
        return Family.team_id == user.team_id  # type: ignore[return-value]
    if user.role == Role.parent:
        if user.family_member_id is None:
            return sa.false()
        own = select(FamilyMember.family_id).where(FamilyMember.id == user.family_member_id)
        return Family.id == own.scalar_subquery()  # type: ignore[return-value]
    return sa.false()


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


def goal_visible(actor: Actor) -> ColumnElement[bool]:
    return goal_visible_for(audience(actor))


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


def deny(session: Session, actor: Actor, entity: str, entity_id: object) -> NotFound:
    """Audit a refused look-up and return the NotFound to raise."""
    family_id = None
    if entity == "family" and isinstance(entity_id, uuid.UUID):
        family_id = session.exec(select(Family.id).where(Family.id == entity_id)).first()
    audit.record_now(session, actor, "denied", entity, entity_id, family_id, outcome="denied")
    return NotFound(entity)


class RoleRefused(NotFound):
    """A page never meant for the caller's role (a parent on a staff page): looks missing.

    Raised before the request's own transaction is at hand, so the page layer audits
    it with ``record_role_refusal`` once that transaction has ended.
    """

    def __init__(self, actor: Actor) -> None:
        super().__init__("page")
        self.actor = actor


def record_role_refusal(session: Session, refusal: RoleRefused, path: str) -> None:
    audit.record_now(session, refusal.actor, "denied", "page", path[:64], outcome="denied")


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


def get_family(session: Session, actor: Actor, family_id: uuid.UUID) -> Family:
    """The family, if the actor may see it; otherwise NotFound (audited)."""
    held = session.info.get(_AUTHORISED)
    if held is not None and held[0] is actor and held[1].id == family_id:
        return held[1]  # type: ignore[no-any-return]
    family = session.exec(
        select(Family).where(Family.id == family_id, family_condition(actor))
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

    One query: the record joined to the access rule. Parents additionally need the
    record to be shared (if it has a visibility) and goals to be signed off.
    """
    table: Any = model
    query = select(model).where(
        table.id == record_id, table.family_id.in_(family_ids_visible(actor))
    )
    if hasattr(model, "visibility"):
        query = query.where(shared_only(actor, model))
    if model is Goal:
        query = query.where(goal_visible(actor))
    if for_update:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise deny(session, actor, model.__name__.lower(), record_id)
    return found


def require_staff(actor: Actor) -> None:
    """Only social workers and team leads change a plan or record evidence."""
    if not actor.is_staff:
        raise NotAllowed("Only the family's social worker or team lead can do this")


def require_team_lead(actor: Actor) -> None:
    if actor.role != Role.team_lead:
        raise NotAllowed("Only a team lead can do this")


def require_admin(actor: Actor) -> None:
    if actor.role != Role.admin:
        raise NotAllowed("Only an administrator can do this")
