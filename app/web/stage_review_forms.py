"""Recording a parent's stage of change and a review meeting, and amending either.

Motivation and ability are asked for separately (a motivated parent may still be
unable to change). An amendment is a new version with a reason; the earlier one
stays in the record's history.
"""

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session

from app import clock, vocabulary
from app.http.deps import SessionDep
from app.models.evidence import Stage, Visibility
from app.models.review import ReviewKind
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.services.evidence import reviews, stages
from app.services.views import family_page
from app.web import hand_forms as forms
from app.web.conflict import ConflictView, plain
from app.web.deps import StaffDep
from app.web.evidence_forms import evidence_conflict
from app.web.hand_forms import Errors, FormDep
from app.web.templating import flash, render

router = APIRouter(include_in_schema=False)

RATING_IDS = {
    "member_id": "member",
    "stage": "stage",
    "motivation": "motivation",
    "ability": "ability",
    "note": "note",
    "occurred_on": "occurred-on-day",
    "visibility": "visibility",
    "reason": "reason",
}
REVIEW_IDS = {
    "kind": "kind",
    "occurred_on": "occurred-on-day",
    "attendees": "attendees",
    "summary": "summary",
    "decisions": "decisions",
    "next_review_on": "next-review-on-day",
    "visibility": "visibility",
    "reason": "reason",
}
RATING_MESSAGES = {
    "member_id": "Select the parent or carer",
    "stage": "Select the stage of change",
    "motivation": "Enter motivation as a whole number from 0 to 10",
    "ability": "Enter ability as a whole number from 0 to 10",
    "note": "The note must be 5,000 characters or fewer",
    "reason": "Enter why you are amending it",
}
REVIEW_MESSAGES = {
    "kind": "Select the kind of meeting",
    "summary": "Enter a summary of the meeting",
    "reason": "Enter why you are amending it",
}
RATING_FIELDS = [
    ("stage", "Stage of change"),
    ("motivation", "Motivation"),
    ("ability", "Ability"),
    ("note", "Note"),
    ("occurred_on", "Date of the rating"),
    ("visibility", "Who can read it"),
]
REVIEW_FIELDS = [
    ("kind", "Meeting"),
    ("occurred_on", "Date of the meeting"),
    ("attendees", "Who attended"),
    ("summary", "Summary"),
    ("decisions", "Decisions"),
    ("next_review_on", "Next review"),
    ("visibility", "Who can read it"),
]


def _show(field: str, value: Any) -> str:
    if field == "stage":
        return vocabulary.staff(value, Stage)
    if field == "kind":
        return vocabulary.staff(value, ReviewKind)
    if field == "visibility":
        return vocabulary.staff(value, Visibility)
    return plain(field, value)


def _read(form: forms.Form, kind: str, amending: bool) -> tuple[dict[str, Any], Errors]:
    """The form as typed, and what is missing before the service is asked."""
    errors: Errors = []
    occurred_on, typed_date, problem = forms.read_date(form, "occurred-on", "the date")
    if problem:
        errors.append(forms.error("occurred-on-day", problem))
    typed: dict[str, Any] = {
        "occurred_on": typed_date,
        "date": occurred_on,
        "visibility": forms.one(form, "visibility") or Visibility.internal.value,
        "reason": forms.one(form, "reason", strip=False),
    }
    if kind == "rating":
        typed |= {
            name: forms.one(form, name) for name in ("member_id", "stage", "motivation", "ability")
        }
        typed["note"] = forms.one(form, "note", strip=False)
    else:
        for name in ("kind", "attendees", "summary", "decisions"):
            typed[name] = forms.one(form, name, strip=False)
        next_on, typed_next, problem = forms.read_date(
            form, "next-review-on", "the next review date", required=False
        )
        typed |= {"next_review_on": typed_next, "next_date": next_on}
        if problem:
            errors.append(forms.error("next-review-on-day", problem))
        if not typed["summary"].strip():
            errors.append(forms.error("summary", REVIEW_MESSAGES["summary"]))
    if amending and not typed["reason"].strip():
        errors.append(forms.error("reason", "Enter why you are amending it"))
    return typed, errors


def _payload(kind: str, typed: dict[str, Any]) -> dict[str, Any]:
    if kind == "rating":
        return {
            "member_id": typed["member_id"] or None,
            "stage": typed["stage"] or None,
            "motivation": typed["motivation"] or None,
            "ability": typed["ability"] or None,
            "note": typed["note"],
            "occurred_on": typed["date"],
            "visibility": typed["visibility"],
        }
    return {
        "kind": typed["kind"] or None,
        "occurred_on": typed["date"],
        "attendees": typed["attendees"],
        "summary": typed["summary"],
        "decisions": typed["decisions"],
        "next_review_on": typed["next_date"],
        "visibility": typed["visibility"],
    }


def _blank(kind: str, member: str = "") -> dict[str, Any]:
    today = forms.date_fields(clock.today())
    empty = {"day": "", "month": "", "year": ""}
    if kind == "rating":
        return {
            "member_id": member,
            "stage": "",
            "motivation": "",
            "ability": "",
            "note": "",
            "occurred_on": today,
            "visibility": "internal",
            "reason": "",
        }
    return {
        "kind": "",
        "occurred_on": today,
        "attendees": "",
        "summary": "",
        "decisions": "",
        "next_review_on": empty,
        "visibility": "internal",
        "reason": "",
    }


def _from_record(kind: str, record: Any) -> dict[str, Any]:
    typed = _blank(kind)
    for name in typed:
        value = getattr(record, name, None)
        if isinstance(value, date):
            typed[name] = forms.date_fields(value)
        elif value is not None and name != "reason":
            typed[name] = str(getattr(value, "value", value))
    return typed


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    kind: str,
    family_id: uuid.UUID,
    form: dict[str, Any],
    *,
    record: Any = None,
    errors: Errors | None = None,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> Response:
    plan = family_page.staff_plan(session, actor, family_id)
    context = {
        "kind": kind,
        "family": plan.family,
        "parents": [s.member for s in plan.stages],
        "record": record,
        "form": form,
        "errors": errors or [],
        "conflict": conflict,
        "nav": "caseload",
    }
    return render(request, "family/stage_review_form.html", context, status_code=status)


def _save(
    request: Request,
    session: Session,
    actor: Actor,
    kind: str,
    family_id: uuid.UUID,
    form: forms.Form,
    record: Any = None,
) -> Response:
    typed, errors = _read(form, kind, amending=record is not None)
    ids, messages = (
        (RATING_IDS, RATING_MESSAGES) if kind == "rating" else (REVIEW_IDS, REVIEW_MESSAGES)
    )
    data: Any = None
    if not errors:
        model: Any = (
            (stages.StageRatingCreate if kind == "rating" else reviews.ReviewCreate)
            if record is None
            else (stages.StageRatingAmend if kind == "rating" else reviews.ReviewAmend)
        )
        payload = _payload(kind, typed) | ({"reason": typed["reason"]} if record else {})
        try:
            data = model.model_validate(payload)
        except ValidationError as exc:
            errors = forms.from_validation(exc, ids, messages)
    if data is not None:
        try:
            saved = _call(session, actor, kind, family_id, data, record)
        except Invalid as exc:
            session.rollback()
            errors = forms.from_invalid(exc, ids)
        except Conflict as exc:
            session.rollback()
            fields = RATING_FIELDS if kind == "rating" else REVIEW_FIELDS
            yours = data.model_dump(mode="json", exclude={"reason"})
            entity = "stage-of-change rating" if kind == "rating" else "review meeting record"
            view = evidence_conflict(session, exc, entity, fields, yours, _show)
            if view is None:
                errors = [forms.error("reason", exc.message)]
            else:
                latest = exc.current.get("id")
                record = _get(session, actor, kind, uuid.UUID(str(latest))) if latest else record
                return _page(
                    request, session, actor, kind, family_id, typed, record=record,
                    conflict=view, status=409,
                )  # fmt: skip
    if errors:
        return _page(
            request, session, actor, kind, family_id, typed, record=record, errors=errors,
            status=422,
        )  # fmt: skip
    path = "stage-ratings" if kind == "rating" else "reviews"
    response = RedirectResponse(f"/{path}/{saved.id}", status_code=303)
    words = "Stage-of-change rating" if kind == "rating" else "Review meeting"
    flash(response, f"{words} {'amended' if record else 'recorded'}")
    return response


def _call(
    session: Session, actor: Actor, kind: str, family_id: uuid.UUID, data: Any, record: Any
) -> Any:
    if kind == "rating":
        if record is None:
            return stages.create_rating(session, actor, family_id, data)
        return stages.amend_rating(session, actor, record.id, data)
    if record is None:
        return reviews.create_review(session, actor, family_id, data)
    return reviews.amend_review(session, actor, record.id, data)


def _get(session: Session, actor: Actor, kind: str, record_id: uuid.UUID) -> Any:
    if kind == "rating":
        return stages.get_rating(session, actor, record_id).rating
    return reviews.get_review(session, actor, record_id).review


# --- routes -------------------------------------------------------------------------------


@router.get("/families/{family_id}/stage-ratings/new")
def new_rating(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    member = request.query_params.get("member", "")
    return _page(request, session, actor, "rating", family_id, _blank("rating", member))


@router.post("/families/{family_id}/stage-ratings/new")
def create_rating(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID, form: FormDep
) -> Response:
    return _save(request, session, actor, "rating", family_id, form)


@router.get("/families/{family_id}/reviews/new")
def new_review(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    return _page(request, session, actor, "review", family_id, _blank("review"))


@router.post("/families/{family_id}/reviews/new")
def create_review(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID, form: FormDep
) -> Response:
    return _save(request, session, actor, "review", family_id, form)


@router.get("/stage-ratings/{record_id}/amend")
@router.get("/reviews/{record_id}/amend")
def amend_form(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID
) -> Response:
    kind = "rating" if request.url.path.startswith("/stage-ratings/") else "review"
    record = _get(session, actor, kind, record_id)
    form = _from_record(kind, record)
    return _page(request, session, actor, kind, record.family_id, form, record=record)


@router.post("/stage-ratings/{record_id}/amend")
@router.post("/reviews/{record_id}/amend")
def amend(
    request: Request, session: SessionDep, actor: StaffDep, record_id: uuid.UUID, form: FormDep
) -> Response:
    kind = "rating" if request.url.path.startswith("/stage-ratings/") else "review"
    record = _get(session, actor, kind, record_id)
    return _save(request, session, actor, kind, record.family_id, form, record)
