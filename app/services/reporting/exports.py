"""Handing out reports, and checking them later.

Every export is recorded (who, when, which report and format, the SHA-256 of the
file and of the evidence it was built from) and audited. ``verify`` answers two
questions about a file: is it one we exported, unchanged; and has the evidence
in the database changed since, and how.
"""

import enum
import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app import db
from app.models.account import Team
from app.models.evidence import Visibility
from app.models.family import Family
from app.models.report import (
    AdjustmentAction,
    Audience,
    ChronologyAdjustment,
    Export,
    ReportFormat,
    ReportKind,
)
from app.reports import evidence
from app.reports.build import Built
from app.reports.typeset import EVIDENCE_NAME, Timings
from app.services import access, audit
from app.services.context import Actor
from app.services.errors import Invalid, NotFound
from app.services.reporting.case_record import gather_unchecked
from app.services.reporting.render import render_report


@dataclass
class Exported:
    built: Built
    export: Export


def export_report(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    kind: ReportKind,
    fmt: ReportFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    as_at: date | None = None,
    timings: Timings | None = None,
) -> Exported:
    """Build a report for the family's team lead or allocated worker, record and audit it."""
    access.require_staff(actor)
    built = render_report(
        session, actor, family_id, kind, fmt, start=start, end=end, as_at=as_at, timings=timings
    )
    record = Export(
        family_id=family_id,
        report=kind,
        format=fmt,
        audience=access.audience(actor),
        date_from=start,
        date_to=end,
        filename=built.filename,
        file_sha256=evidence.sha256(built.content),
        evidence_sha256=built.sealed.sha256,
        evidence_manifest=json.dumps(built.sealed.manifest, sort_keys=True),
        created_by_id=actor.user.id,
    )
    # built from a read: the record of it is written in a write transaction of its own
    with db.writing(session):
        session.add(record)
        audit.record(session, actor, "export", f"{kind.value}.{fmt.value}", record.id, family_id)
    return Exported(built, record)


def team_family_ids(session: Session, actor: Actor, team_name: str) -> list[uuid.UUID]:
    """The open and closed families of a team that the actor may see, by case reference."""
    access.require_staff(actor)
    team = session.exec(select(Team).where(Team.name == team_name)).first()
    if team is None:
        raise Invalid("team", f"There is no team called {team_name}")
    return list(
        session.exec(
            select(Family.id)
            .where(Family.team_id == team.id, access.family_condition(actor))
            .order_by(col(Family.case_reference))
        ).all()
    )


@dataclass
class Verification:
    file_sha256: str
    known: bool  # the file is byte for byte one we exported
    export: Export | None = None
    evidence_unchanged: bool | None = None
    changes: list[str] = field(default_factory=list)
    embedded_evidence_sha256: str | None = None  # from a PDF's attachment, if any
    message: str = ""


def embedded_evidence(content: bytes) -> bytes | None:
    """The evidence JSON attached to one of our PDFs, if there is one."""
    if not content.startswith(b"%PDF"):
        return None
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            spec = pdf.attachments.get(EVIDENCE_NAME)
            return bytes(spec.get_file().read_bytes()) if spec is not None else None
    except (pikepdf.PdfError, ValueError, RuntimeError, OSError):  # damaged or not really a PDF
        return None


def verify(session: Session, actor: Actor | None, content: bytes) -> Verification:
    """Is this file one we exported, unchanged? Has its evidence changed since?

    Run by an operator (``cct verify``, no actor) with direct access to the database,
    the evidence is rebuilt for the export's family and audience without an actor check.
    From a page (an actor), a file exported for a family the actor may not see gets the
    answer an unknown file gets, so a file cannot be used to learn about another family.
    """
    digest = evidence.sha256(content)
    embedded = embedded_evidence(content)
    result = Verification(digest, known=False)
    if embedded is not None:
        result.embedded_evidence_sha256 = evidence.sha256(embedded)
    query = select(Export).where(Export.file_sha256 == digest)
    if actor is not None:
        query = query.where(col(Export.family_id).in_(access.family_ids_visible(actor)))
    record = session.exec(query.order_by(col(Export.created_at))).first()
    if record is None:
        result.message = (
            "This file is not one CCT exported, or it has been changed since it was exported."
        )
        audit.record_now(session, actor, "verify", "export", "", None, outcome="unknown")
        return result
    result.known = True
    result.export = record
    family = session.get(Family, record.family_id)
    if family is None:  # pragma: no cover - families are never deleted
        raise NotFound("family")
    case = gather_unchecked(session, family, record.audience)
    now = evidence.evidence(case, record.report.value, record.date_from, record.date_to)
    sealed = evidence.seal(now)
    result.evidence_unchanged = sealed.sha256 == record.evidence_sha256
    if not result.evidence_unchanged:
        before: dict[str, str] = json.loads(record.evidence_manifest)
        result.changes = evidence.describe_changes(before, sealed.manifest, now["records"])
    result.message = "The file is unchanged since it was exported" + (
        " and the evidence it was built from has not changed."
        if result.evidence_unchanged
        else f"; the evidence has changed since ({len(result.changes)} changes)."
    )
    audit.record_now(session, actor, "verify", "export", record.id, record.family_id)
    return result


class Verdict(enum.IntEnum):
    """The answer about a checked file; the value is ``cct verify``'s exit code."""

    unchanged = 0  # our file, unchanged, and its evidence unchanged since
    not_verified = 2  # not a file we exported, or changed since
    evidence_changed = 3  # our file, unchanged, but the evidence has changed since


@dataclass(frozen=True)
class Answer:
    """What ``cct verify`` and the "Check a file" page say about a file, line by line."""

    verdict: Verdict
    headline: str
    lines: list[str]
    changes: list[str]


def answer(v: Verification) -> Answer:
    """The one wording of a verification, for the command line and the page alike."""
    lines = [f"File SHA-256: {v.file_sha256}"]
    if not v.known or v.export is None:
        if v.embedded_evidence_sha256:
            lines.append(f"It carries evidence with SHA-256 {v.embedded_evidence_sha256}.")
        return Answer(Verdict.not_verified, "NOT VERIFIED: " + v.message, lines, [])
    e = v.export
    lines.append(
        f"Unchanged: exported as {e.filename} ({e.report.value}, {e.format.value}) "
        f"on {e.created_at:%d %B %Y at %H:%M} UTC."
    )
    if v.evidence_unchanged:
        return Answer(Verdict.unchanged, "Evidence unchanged since the export.", lines, [])
    return Answer(
        Verdict.evidence_changed,
        f"EVIDENCE CHANGED since the export ({len(v.changes)} changes):",
        lines,
        list(v.changes),
    )


def add_adjustment(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    action: AdjustmentAction,
    reason: str,
    *,
    target_key: str = "",
    occurred_on: date | None = None,
    event: str = "",
    source: str = "",
    significance: str = "",
    shared: bool = False,
) -> ChronologyAdjustment:
    """Leave an event out of the chronology, add one, or write what a plan event means for
    the child, with a reason; the evidence is untouched."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    if not reason.strip():
        raise Invalid("reason", "Enter why the chronology should change")
    if action == AdjustmentAction.omit and not target_key:
        raise Invalid("target_key", "Choose the event to leave out")
    if action == AdjustmentAction.significance and (not target_key or not significance.strip()):
        raise Invalid("significance", "Choose the event and enter what it means for the child")
    if action == AdjustmentAction.add and (occurred_on is None or not event.strip()):
        raise Invalid("event", "Enter the date and what happened")
    adj = ChronologyAdjustment(
        family_id=family.id,
        action=action,
        target_key=target_key,
        occurred_on=occurred_on,
        event=event.strip(),
        source=source.strip() or "Added by the social worker",
        significance=significance.strip(),
        visibility=Visibility.shared if shared else Visibility.internal,
        reason=reason.strip(),
        created_by_id=actor.user.id,
    )
    session.add(adj)
    audit.record(session, actor, "create", "chronologyadjustment", adj.id, family.id)
    session.commit()
    return adj


def family_exports(session: Session, actor: Actor, family_id: uuid.UUID) -> list[Export]:
    """The exports of a family, newest first (for its page)."""
    access.require_staff(actor)
    family = access.get_family(session, actor, family_id)
    audit.record_now(session, actor, "read", "export", "", family.id)
    return list(
        session.exec(
            select(Export)
            .where(Export.family_id == family.id)
            .order_by(col(Export.created_at).desc())
        ).all()
    )


def describe(v: Verification) -> dict[str, Any]:
    """The verification as JSON-ready data."""
    return {
        "file_sha256": v.file_sha256,
        "known": v.known,
        "evidence_unchanged": v.evidence_unchanged,
        "changes": v.changes,
        "message": v.message,
        "export": None
        if v.export is None
        else {
            "id": str(v.export.id),
            "report": v.export.report.value,
            "format": v.export.format.value,
            "filename": v.export.filename,
            "created_at": v.export.created_at.isoformat(),
            "evidence_sha256": v.export.evidence_sha256,
        },
    }


__all__ = [
    "Answer",
    "Audience",
    "Exported",
    "Verdict",
    "Verification",
    "add_adjustment",
    "answer",
    "export_report",
    "verify",
]
