"""The child's timescale: the one place the decision date is decided, and its extensions."""

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.clock import today
from app.domain import timescale as rule
from app.domain.timescale import Timescale
from app.models.base import utcnow
from app.models.family import (
    Family,
    LegalStatus,
    TimescaleExtension,
    TimescaleExtensionCreate,
    TimescaleExtensionRead,
)
from app.models.plan import Assessment, AssessmentStatus
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.services.plan.common import check_text


def follows_statute(legal_status: LegalStatus, issued_on: date | None) -> date | None:
    """The issue date when the statutory timescale applies (care proceedings), else None."""
    return issued_on if legal_status == LegalStatus.care_proceedings else None


def timescale_of(
    legal_status: LegalStatus,
    issued_on: date | None,
    set_date: date | None,
    extension_weeks: int = 0,
    extensions: int = 0,
) -> Timescale:
    """The decision date and its basis, from a family's facts (one rule for every page)."""
    return rule.timescale(
        set_date, follows_statute(legal_status, issued_on), extension_weeks, extensions
    )


# built once, the family bound at execution: every family page reads it
_CURRENT_EXTENSIONS = (
    select(TimescaleExtension)
    .where(
        TimescaleExtension.family_id == sa.bindparam("extensions_family_id", type_=sa.Uuid),
        col(TimescaleExtension.entered_in_error_at).is_(None),
    )
    .order_by(col(TimescaleExtension.granted_on), col(TimescaleExtension.recorded_at))
)


def current_extensions(session: Session, family_id: uuid.UUID) -> list[TimescaleExtension]:
    """A family's extensions in force (not entered in error), oldest first."""
    params = {"extensions_family_id": family_id}
    return list(session.exec(_CURRENT_EXTENSIONS, params=params).all())


def extension_totals(within: sa.Select[Any]) -> sa.Subquery:
    """Per family of ``within`` (a sub-select of family ids): the weeks of extension in
    force and how many extensions, for list pages."""
    return (
        sa.select(
            col(TimescaleExtension.family_id).label("family_id"),
            sa.func.sum(col(TimescaleExtension.weeks)).label("weeks"),
            sa.func.count().label("n"),
        )
        .where(col(TimescaleExtension.entered_in_error_at).is_(None))
        .where(col(TimescaleExtension.family_id).in_(within))
        .group_by(col(TimescaleExtension.family_id))
        .subquery()
    )


def family_timescale(
    session: Session, family: Family, assessment: Assessment | None
) -> tuple[Timescale, list[TimescaleExtension]]:
    """The family's timescale and the extensions behind it (no audit: part of a read)."""
    extensions = current_extensions(session, family.id)
    t = timescale_of(
        family.legal_status,
        family.proceedings_issued_on,
        assessment.decision_date if assessment else None,
        sum(e.weeks for e in extensions),
        len(extensions),
    )
    return t, extensions


def default_decision_date(session: Session, family: Family) -> date | None:
    """The statutory decision date (with extensions) in care proceedings with an issue date."""
    t, _ = family_timescale(session, family, None)
    return t.decision_date if t.statutory else None


def sync_open_assessment(session: Session, family: Family) -> None:
    """Keep the open assessment's stored decision date (used to sort and flag caseloads)
    equal to the statutory one after the issue date or an extension changes."""
    assessment = session.exec(
        select(Assessment).where(
            Assessment.family_id == family.id, Assessment.status == AssessmentStatus.open
        )
    ).first()
    due = default_decision_date(session, family)
    if assessment is not None and due is not None and assessment.decision_date != due:
        assessment.decision_date = due
        session.add(assessment)


def _read(ext: TimescaleExtension, extended_to: date | None) -> TimescaleExtensionRead:
    return TimescaleExtensionRead.model_validate(ext.model_dump() | {"extended_to": extended_to})


def list_extensions(
    session: Session, actor: Actor, family_id: uuid.UUID
) -> list[TimescaleExtensionRead]:
    """Every extension recorded for the family (those entered in error too), oldest first,
    each with the decision date it moved to."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    found = session.exec(
        select(TimescaleExtension)
        .where(TimescaleExtension.family_id == family.id)
        .order_by(col(TimescaleExtension.granted_on), col(TimescaleExtension.recorded_at))
    ).all()
    issued = follows_statute(family.legal_status, family.proceedings_issued_on)
    weeks = 0
    out: list[TimescaleExtensionRead] = []
    for ext in found:
        if ext.entered_in_error_at is None:
            weeks += ext.weeks
            out.append(_read(ext, rule.last_day(issued, weeks) if issued else None))
        else:
            out.append(_read(ext, None))
    audit.record_now(session, actor, "list", "timescale_extension", "", family.id)
    return out


def record_extension(
    session: Session, actor: Actor, family_id: uuid.UUID, data: TimescaleExtensionCreate
) -> TimescaleExtensionRead:
    """Record an extension the court granted; it moves the decision date by its length."""
    access.require_staff(actor)
    check_text(data)
    family = access.get_family(session, actor, family_id)
    issued = follows_statute(family.legal_status, family.proceedings_issued_on)
    if issued is None:
        raise Invalid(
            "granted_on",
            "An extension can only be recorded for a family in care proceedings with an issue date",
        )
    if data.granted_on < issued:
        raise Invalid("granted_on", "The date granted must be on or after the issue date")
    if data.granted_on > today():
        raise Invalid("granted_on", "The date granted must be today or in the past")
    if not data.reason.strip():
        raise Invalid("reason", "Enter the court's reason for the extension")
    ext = TimescaleExtension.model_validate(
        data.model_dump() | {"family_id": family.id, "recorded_by_id": actor.user.id}
    )
    session.add(ext)
    session.flush()
    sync_open_assessment(session, family)
    audit.record(session, actor, "create", "timescale_extension", ext.id, family.id)
    weeks = sum(e.weeks for e in current_extensions(session, family.id))
    read = _read(ext, rule.last_day(issued, weeks))
    session.commit()
    return read


def extension_in_error(
    session: Session, actor: Actor, extension_id: uuid.UUID, reason: str
) -> TimescaleExtensionRead:
    """Mark a wrongly recorded extension entered in error; the decision date moves back."""
    access.require_staff(actor)
    ext = access.get_record(session, actor, TimescaleExtension, extension_id, for_update=True)
    if ext.entered_in_error_at is not None:
        raise Conflict("This extension is already marked as entered in error")
    if not reason.strip():
        raise Invalid("reason", "Enter why this extension was entered in error")
    family = session.get(Family, ext.family_id)
    assert family is not None
    ext.entered_in_error_at = utcnow()
    ext.entered_in_error_by_id = actor.user.id
    ext.entered_in_error_reason = reason.strip()
    session.add(ext)
    session.flush()
    sync_open_assessment(session, family)
    audit.record(session, actor, "entered_in_error", "timescale_extension", ext.id, family.id)
    read = _read(ext, None)
    session.commit()
    return read
