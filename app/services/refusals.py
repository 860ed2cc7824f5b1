"""Which family a refusal belongs to, so that every refusal is audited with it.

A refusal answers the caller exactly as if the record did not exist (404), or as a
stale edit (409). The audit trail still records which family the attempt was
against, so the family's team lead sees it in that family's trail: an attempt on
an entry, a goal, a review, a milestone, a case event… is resolved to its family
here. The caller learns nothing from this: the answer is the same either way.
"""

import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlmodel import Session, SQLModel, select

from app.models.account import Allocation
from app.models.evidence import CaseEvent, ParentComment, ProgressEntry, StageRating
from app.models.family import Family, FamilyMember, TimescaleExtension
from app.models.plan import Assessment, Consequence, Goal, Milestone, Reward
from app.models.review import ReviewMeeting
from app.services import audit
from app.services.context import Actor

# a route's path parameter → the table of the record it names
_BY_PARAM: dict[str, Any] = {
    "family_id": Family,
    "goal_id": Goal,
    "entry_id": ProgressEntry,
    "rating_id": StageRating,
    "review_id": ReviewMeeting,
    "event_id": CaseEvent,
    "milestone_id": Milestone,
    "reward_id": Reward,
    "consequence_id": Consequence,
    "comment_id": ParentComment,
    "assessment_id": Assessment,
    "member_id": FamilyMember,
    "allocation_id": Allocation,
    "extension_id": TimescaleExtension,
}
# ``{record_id}`` routes name the kind of record in their first segment
_BY_KIND: dict[str, Any] = {
    "entries": ProgressEntry,
    "stage-ratings": StageRating,
    "reviews": ReviewMeeting,
    "events": CaseEvent,
    "rewards": Reward,
    "consequences": Consequence,
}


@cache
def _family_tables() -> dict[str, Any]:
    """Every table whose rows belong to one family, by its audit entity name."""
    found: dict[str, Any] = {"family": Family}
    for mapper in SQLModel._sa_registry.mappers:
        table = getattr(mapper.class_, "__table__", None)
        if table is not None and "family_id" in table.c:
            found[mapper.class_.__name__.lower()] = mapper.class_
    return found


def _as_uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _family_of_row(session: Session, model: Any, record_id: uuid.UUID) -> uuid.UUID | None:
    column = model.id if model is Family else model.family_id
    found = session.exec(select(column).where(model.id == record_id)).first()
    return found if isinstance(found, uuid.UUID) else None


def family_of(session: Session, entity: str, entity_id: object) -> uuid.UUID | None:
    """The family the record belongs to (for the audit trail only), or None."""
    model = _family_tables().get(entity)
    record_id = _as_uuid(entity_id)
    if model is None or record_id is None:
        return None
    return _family_of_row(session, model, record_id)


def family_in_address(
    session: Session, path: str, path_params: Mapping[str, Any]
) -> uuid.UUID | None:
    """The family a route's address points into, through any record it names."""
    for name, value in path_params.items():
        model = _BY_PARAM.get(name)
        if name == "record_id":
            segments = [s for s in path.split("/") if s and s not in ("api", "v1")]
            model = _BY_KIND.get(segments[0]) if segments else None
        record_id = _as_uuid(value)
        if model is not None and record_id is not None:
            family_id = _family_of_row(session, model, record_id)
            if family_id is not None:
                return family_id
    return None


def record_refusal(
    session: Session,
    actor: Actor,
    path: str,
    path_params: Mapping[str, Any],
    *,
    action: str = "denied",
    outcome: str = "denied",
) -> None:
    """Audit a refusal answered at the entry point (a role refused, a stale edit's loser),
    with the family its address names, in a session of its own."""
    family_id = family_in_address(session, path, path_params)
    entity = "page" if not path.startswith("/api/") else "route"
    audit.record_now(session, actor, action, entity, path[:64], family_id, outcome=outcome)


def record_conflict(session: Session, actor: Actor, model: Any, record_id: uuid.UUID) -> None:
    """Audit the losing side of a concurrent edit (409), with the record's family."""
    entity = model.__name__.lower()
    family_id = family_of(session, entity, record_id)
    audit.record_now(session, actor, "edit", entity, record_id, family_id, outcome="conflict")


__all__ = ["family_in_address", "family_of", "record_conflict", "record_refusal"]
