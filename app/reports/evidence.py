"""The evidence a report was built from, as canonical JSON, its hash, and what changed.

The same data always gives the same bytes (sorted keys, no whitespace, UTF-8), so
rebuilding it later from the database tells whether anything has changed since.
It holds no "generated at" time for that reason.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from app import clock
from app.reports.case_record import CaseRecord, Signatory, in_range

SHORT = 12  # characters of the hash printed in a footer


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")


def evidence(
    case: CaseRecord, report: str, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The records a report of this family, audience and date range draws on."""
    records: dict[str, dict[str, Any]] = {}

    def put(prefix: str, record: Any) -> None:
        records[f"{prefix}:{record.id}"] = _dump(record)

    put("family", case.family)
    undated: tuple[tuple[Sequence[Any], str], ...] = (
        (case.members, "member"),
        (case.assessments, "assessment"),
        (case.goals, "goal"),
        (case.milestones, "milestone"),
        (case.rewards, "reward"),
        (case.consequences, "consequence"),
        (case.adjustments, "adjustment"),
    )
    for rows, prefix in undated:
        for r in rows:
            put(prefix, r)
    dated: tuple[tuple[Sequence[Any], str], ...] = (
        (case.entries, "entry"),
        (case.ratings, "stage"),
        (case.events, "event"),
        (case.reviews, "review"),
    )
    for rows, prefix in dated:
        for r in rows:
            if in_range(r.occurred_on, start, end):
                put(prefix, r)
    for c in case.comments:
        if in_range(clock.local_date(c.recorded_at), start, end):
            put("comment", c)
    if report == "assessment" and case.report is not None and case.assessment is not None:
        # the worker's sections as printed, and where the report stands in its approval
        records[f"report:{case.assessment.id}"] = {
            "status": case.report.status,
            "version": case.report.version,
            "sections": case.report.sections,
            "author": _signatory(case.report.author),
            "approver": _signatory(case.report.approver),
        }
    return {
        "report": report,
        "audience": case.audience.value,
        "family_id": str(case.family.id),
        "case_reference": case.family.case_reference,
        "date_from": start.isoformat() if start else None,
        "date_to": end.isoformat() if end else None,
        "records": records,
    }


def _signatory(who: Signatory | None) -> dict[str, str] | None:
    return None if who is None else {"name": who.name, "role": who.role, "on": who.on.isoformat()}


def manifest(data: dict[str, Any]) -> dict[str, str]:
    """A short digest per record: enough to say later which records changed."""
    return {key: sha256(canonical(value))[:16] for key, value in data["records"].items()}


@dataclass(frozen=True)
class Sealed:
    json_bytes: bytes
    sha256: str
    manifest: dict[str, str]

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]


_SLOT = "\x00records\x00"


def seal(data: dict[str, Any]) -> Sealed:
    """The canonical bytes, their hash and the manifest, encoding each record once: the
    whole is the records' own canonical JSON spliced into the rest (the same bytes as
    ``canonical(data)``, in about half the time for a large case)."""
    records: dict[str, Any] = data["records"]
    encoded = {key: canonical(value) for key, value in records.items()}
    body = b"{" + b",".join(canonical(key) + b":" + encoded[key] for key in sorted(encoded)) + b"}"
    raw = canonical(data | {"records": _SLOT}).replace(canonical(_SLOT), body, 1)
    digests = {key: sha256(value)[:16] for key, value in encoded.items()}
    return Sealed(raw, sha256(raw), digests)


_NOUNS = {
    "entry": "progress entry",
    "stage": "stage-of-change rating",
    "event": "plan event",
    "review": "review meeting",
    "comment": "parent's comment",
    "goal": "goal",
    "milestone": "milestone",
    "reward": "reward",
    "consequence": "consequence",
    "assessment": "assessment",
    "family": "family details",
    "member": "family member",
    "adjustment": "chronology adjustment",
    "report": "assessment report (its written sections or approval)",
}


def describe_changes(
    before: dict[str, str], now: dict[str, str], now_records: dict[str, dict[str, Any]]
) -> list[str]:
    """Plain-English lines on what changed between two manifests."""
    lines: list[str] = []
    for key in sorted(now.keys() - before.keys()):
        prefix = key.split(":", 1)[0]
        record = now_records.get(key, {})
        amends = record.get("amends_id")
        if amends and f"{prefix}:{amends}" in before:
            lines.append(f"{_NOUNS.get(prefix, prefix)} {amends} amended since ({key})")
        else:
            lines.append(f"{_NOUNS.get(prefix, prefix)} added since: {key}")
    for key in sorted(before.keys() - now.keys()):
        prefix = key.split(":", 1)[0]
        lines.append(f"{_NOUNS.get(prefix, prefix)} no longer in the record: {key}")
    for key in sorted(before.keys() & now.keys()):
        if before[key] != now[key]:
            prefix = key.split(":", 1)[0]
            record = now_records.get(key, {})
            if record.get("entered_in_error_at"):
                lines.append(f"{_NOUNS.get(prefix, prefix)} marked entered in error since: {key}")
            else:
                lines.append(f"{_NOUNS.get(prefix, prefix)} changed since: {key}")
    return lines
