"""One evidence record with its whole history, and marking it entered in error.

The same pages serve progress entries, stage-of-change ratings and review meetings.
A corrected record keeps every earlier version readable; one entered in error
stays on the record, flagged, with who marked it, when and why.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app import vocabulary
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.cases import families
from app.services.context import Actor
from app.services.evidence import case_events, entries, reviews, stages
from app.services.evidence.corrections import CorrectionReason
from app.services.plan import goals
from app.typography import long_date
from app.web.deps import StaffDep
from app.web.forms import Errors, F, Form, FormDep
from app.web.labels import level_words
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class History:
    """A record as read (``record``), every version oldest first, and how to show them."""

    record: Any
    versions: list[Any]
    family_id: uuid.UUID
    rows: Callable[[Any], Rows]


@dataclass(frozen=True)
class Kind:
    path: str  # where its pages live: /entries/…
    entity: str  # in words
    load: Callable[[Session, Actor, uuid.UUID], History]
    mark: Callable[[Session, Actor, uuid.UUID, str], Any]


def _visibility(value: Any) -> str:
    return "Shared with the family" if str(value) == "shared" else "Internal (staff only)"


def _entry(session: Session, actor: Actor, entry_id: uuid.UUID) -> History:
    history = entries.get_entry(session, actor, entry_id)
    goal = goals.get_goal(session, actor, history.entry.goal_id)
    names = {m.id: m.full_name for m in families.list_members(session, actor, goal.family_id)}

    def rows(v: Any) -> Rows:
        about = ", ".join(names.get(p, "") for p in v.parent_ids) or "Every parent the goal is for"
        score = "Not scored"
        if v.gas_score is not None:
            score = f"{goal.level_text(v.gas_score)} – {level_words(v.gas_score)}"
        return [
            ("Goal", goal.title),
            ("Score", score),
            ("What was seen or heard", v.observation),
            ("Where it came from", vocabulary.staff(v.source)),
            ("Document reference", v.document_reference or "None"),
            ("Date it happened", long_date(v.occurred_on)),
            ("Significant", "Yes" if v.significance.value == "significant" else "No"),
            (
                "What it means for the child",
                (v.significance_for_child or "Not written")
                + (" (a suggestion that needs review)" if v.significance_needs_review else ""),
            ),
            ("Who can read it", _visibility(v.visibility.value)),
            ("About", about),
        ]

    return History(history.entry, history.versions, history.entry.family_id, rows)


def _meaning(v: Any) -> str:
    """The significance for the child as the worker wrote it, or that it needs their review."""
    if v.significance_needs_review:
        return "Needs review: not yet written by the social worker"
    return v.significance_for_child or "Not written"


def _rating(session: Session, actor: Actor, rating_id: uuid.UUID) -> History:
    history = stages.get_rating(session, actor, rating_id)

    def rows(v: Any) -> Rows:
        return [
            ("Parent or carer", v.member_name),
            ("Stage of change", vocabulary.staff(v.stage)),
            ("Motivation", f"{v.motivation} out of 10"),
            ("Ability", f"{v.ability} out of 10"),
            ("Note", v.note or "None"),
            ("Date of the rating", long_date(v.occurred_on)),
            ("Who can read it", _visibility(v.visibility.value)),
            ("Significant", "Yes" if v.significance.value == "significant" else "No"),
            ("What it means for the child", _meaning(v)),
        ]

    return History(history.rating, history.versions, history.rating.family_id, rows)


def _review(session: Session, actor: Actor, review_id: uuid.UUID) -> History:
    history = reviews.get_review(session, actor, review_id)

    def rows(v: Any) -> Rows:
        return [
            ("Meeting", vocabulary.staff(v.kind)),
            ("Date of the meeting", long_date(v.occurred_on)),
            ("Who attended", v.attendees or "Not recorded"),
            ("Summary", v.summary),
            ("Decisions", v.decisions or "None recorded"),
            ("Next review", long_date(v.next_review_on) if v.next_review_on else "Not set"),
            ("Who can read it", _visibility(v.visibility.value)),
            ("What it means for the child", _meaning(v)),
        ]

    return History(history.review, history.versions, history.review.family_id, rows)


def _event(session: Session, actor: Actor, event_id: uuid.UUID) -> History:
    history = case_events.get_event(session, actor, event_id)

    def rows(v: Any) -> Rows:
        return [
            ("What happened", v.what_happened),
            ("Date it happened", long_date(v.occurred_on)),
            ("Where it came from", vocabulary.staff(v.source)),
            ("Who reported it", v.reported_by or "Not recorded"),
            ("Document reference", v.document_reference or "None"),
            ("What it means for the child", v.significance_for_child),
            ("Who it is about", v.member_name or "The whole family"),
            ("Who can read it", _visibility(v.visibility.value)),
        ]

    return History(history.event, history.versions, history.event.family_id, rows)


KINDS = {
    "entries": Kind("entries", "progress entry", _entry, entries.mark_entered_in_error),
    "stage-ratings": Kind(
        "stage-ratings", "stage-of-change rating", _rating, stages.mark_entered_in_error
    ),
    "reviews": Kind("reviews", "review meeting record", _review, reviews.mark_entered_in_error),
    "events": Kind("events", "event", _event, case_events.mark_entered_in_error),
}


def changes(before: Rows | None, after: Rows) -> list[tuple[str, str, str | None]]:
    """A version's rows, each with what it said in the version before if that differs
    (None: unchanged, or the first version)."""
    earlier = dict(before or [])
    return [
        (label, value, earlier[label] if before and earlier.get(label) != value else None)
        for label, value in after
    ]


def _context(kind: Kind, history: History) -> dict[str, Any]:
    latest = history.versions[-1] if history.versions else history.record
    shown = [history.rows(v) for v in history.versions]
    return {
        "kind": kind,
        "record": history.record,
        "latest": latest,
        "versions": [
            (v, changes(shown[i - 1] if i else None, rows))
            for i, (v, rows) in enumerate(zip(history.versions, shown, strict=True))
        ],
        "rows": history.rows(history.record),
        "family_id": history.family_id,
        "nav": "caseload",
    }


def record_page(
    request: Request, session: Session, actor: Actor, kind_path: str, record_id: uuid.UUID
) -> Response:
    kind = KINDS[kind_path]
    return render(
        request, "family/record.html", _context(kind, kind.load(session, actor, record_id))
    )


def error_form(
    request: Request,
    session: Session,
    actor: Actor,
    kind_path: str,
    record_id: uuid.UUID,
    *,
    reason: str = "",
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    kind = KINDS[kind_path]
    context = _context(kind, kind.load(session, actor, record_id))
    context |= {"reason": reason, "errors": errors or []}
    return render(request, "family/entered_in_error.html", context, status_code=status)


def mark_in_error(
    request: Request,
    session: Session,
    actor: Actor,
    kind_path: str,
    record_id: uuid.UUID,
    posted: FormData,
) -> Response:
    kind = KINDS[kind_path]
    form = Form(
        F(
            "reason",
            "The reason",
            required=f"Enter why this {kind.entity} was entered in error",
            too_long="The reason must be 2,000 characters or fewer",
            strip=False,
        ),
        whole="reason",
    )
    parsed = form.parse(posted)
    data = form.validate(CorrectionReason, parsed)
    if data is not None:
        form.attempt(session, parsed, lambda: kind.mark(session, actor, record_id, data.reason))
    if parsed.errors:
        status = 409 if parsed.refused else 422
        reason = str(parsed.values["reason"])
        return error_form(
            request,
            session,
            actor,
            kind_path,
            record_id,
            reason=reason,
            errors=parsed.errors,
            status=status,
        )
    return done(
        f"/{kind.path}/{record_id}",
        f"The {kind.entity} is marked as entered in error. It stays on the record",
    )


# one set of routes per kind of record


@router.get("/entries/{record_id}")
def entry_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    return record_page(request, session, actor, "entries", record_id)


@router.get("/stage-ratings/{record_id}")
def rating_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    return record_page(request, session, actor, "stage-ratings", record_id)


@router.get("/reviews/{record_id}")
def review_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    return record_page(request, session, actor, "reviews", record_id)


@router.get("/events/{record_id}")
def event_page(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    return record_page(request, session, actor, "events", record_id)


@router.get("/entries/{record_id}/entered-in-error")
@router.get("/stage-ratings/{record_id}/entered-in-error")
@router.get("/reviews/{record_id}/entered-in-error")
@router.get("/events/{record_id}/entered-in-error")
def entered_in_error_form(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    kind_path = request.url.path.strip("/").split("/")[0]
    return error_form(request, session, actor, kind_path, record_id)


@router.post("/entries/{record_id}/entered-in-error")
@router.post("/stage-ratings/{record_id}/entered-in-error")
@router.post("/reviews/{record_id}/entered-in-error")
@router.post("/events/{record_id}/entered-in-error")
def entered_in_error(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID, form: FormDep
) -> Response:
    kind_path = request.url.path.strip("/").split("/")[0]
    return mark_in_error(request, session, actor, kind_path, record_id, form)
