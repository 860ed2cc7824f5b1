"""Recording a parent's stage of change and a review meeting, and amending either.

Motivation and ability are asked for separately (a motivated parent may still be
unable to change). An amendment is a new version with a reason; the earlier one
stays in the record's history.
"""

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app import clock, vocabulary
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.evidence import Significance, Stage, Visibility
from app.models.review import ReviewKind
from app.services.context import Actor
from app.services.evidence import reviews, stages
from app.services.views import family_page
from app.web.conflict import ConflictView, plain
from app.web.deps import StaffDep
from app.web.evidence_forms import evidence_conflict
from app.web.forms import Errors, F, Form, FormDep, date_values
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)


def _when(label: str, name: str, required: str = "") -> F:
    posted = name.replace("_", "-")
    return F(name, label, kind="date", input=posted, required=required, incomplete=True)


def _form(kind: str, amending: bool) -> Form:
    """The questions of a rating or a review form (an amendment also asks why)."""
    reason = F(
        "reason",
        "Reason",
        required="Enter why you are amending it" if amending else "",
        strip=False,
    )
    visibility = F("visibility", "Who can read it", kind="choice", default="internal")
    meaning = F(
        "significance_for_child",
        "What it means for the child",
        too_long=SIGNIFICANCE_TOO_LONG,
        invalid=SIGNIFICANCE_TOO_LONG,
        strip=False,
        target="significance-for-child",
    )
    if kind == "rating":
        return Form(
            F("member_id", "Parent or carer", "choice", invalid=PICK_MEMBER, target="member"),
            F("stage", "Stage of change", "choice", invalid="Select the stage of change"),
            F("motivation", "Motivation", "int", invalid=MOTIVATION),
            F("ability", "Ability", "int", invalid=ABILITY),
            F("note", "Note", too_long=NOTE_TOO_LONG, invalid=NOTE_TOO_LONG, strip=False),
            _when("The date", "occurred_on", "Enter the date"),
            visibility,
            F(
                "significance",
                "Significance",
                "choice",
                default="routine",
                invalid="Select whether the rating is significant",
                choices=("routine", "significant"),
            ),
            meaning,
            reason,
            whole="reason",
        )
    return Form(
        F("kind", "Meeting", "choice", invalid="Select the kind of meeting"),
        _when("The date", "occurred_on", "Enter the date"),
        F("attendees", "Who attended", strip=False),
        F("summary", "Summary", required="Enter a summary of the meeting", strip=False),
        F("decisions", "Decisions", strip=False),
        _when("The next review date", "next_review_on"),
        visibility,
        meaning,
        reason,
        whole="reason",
    )


PICK_MEMBER = "Select the parent or carer"
MOTIVATION = "Enter motivation as a whole number from 0 to 10"
ABILITY = "Enter ability as a whole number from 0 to 10"
NOTE_TOO_LONG = "The note must be 5,000 characters or fewer"
SIGNIFICANCE_TOO_LONG = "What it means for the child must be 10,000 characters or fewer"
RATING_FIELDS = [
    ("stage", "Stage of change"),
    ("motivation", "Motivation"),
    ("ability", "Ability"),
    ("note", "Note"),
    ("occurred_on", "Date of the rating"),
    ("visibility", "Who can read it"),
    ("significance", "Significance"),
    ("significance_for_child", "What it means for the child"),
]
REVIEW_FIELDS = [
    ("kind", "Meeting"),
    ("occurred_on", "Date of the meeting"),
    ("attendees", "Who attended"),
    ("summary", "Summary"),
    ("decisions", "Decisions"),
    ("next_review_on", "Next review"),
    ("visibility", "Who can read it"),
    ("significance_for_child", "What it means for the child"),
]


def _show(field: str, value: Any) -> str:
    if field == "stage":
        return vocabulary.staff(value, Stage)
    if field == "kind":
        return vocabulary.staff(value, ReviewKind)
    if field == "visibility":
        return vocabulary.staff(value, Visibility)
    if field == "significance":
        return vocabulary.staff(value, Significance)
    return plain(field, value)


def _blank(kind: str, member: str = "") -> dict[str, Any]:
    today = date_values(clock.today())
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
            "significance": "routine",
            "significance_for_child": "",
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
        "significance_for_child": "",
        "reason": "",
    }


def _from_record(kind: str, record: Any) -> dict[str, Any]:
    typed = _blank(kind)
    for name in typed:
        value = getattr(record, name, None)
        if isinstance(value, date):
            typed[name] = date_values(value)
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
    posted: FormData,
    record: Any = None,
) -> Response:
    form = _form(kind, amending=record is not None)
    parsed = form.parse(posted)
    model: Any = (
        (stages.StageRatingCreate if kind == "rating" else reviews.ReviewCreate)
        if record is None
        else (stages.StageRatingAmend if kind == "rating" else reviews.ReviewAmend)
    )
    data = form.validate(model, parsed)
    saved = None
    if data is not None:
        saved = form.attempt(
            session, parsed, lambda: _call(session, actor, kind, family_id, data, record)
        )
    if parsed.refusal is not None:
        fields = RATING_FIELDS if kind == "rating" else REVIEW_FIELDS
        yours = data.model_dump(mode="json", exclude={"reason"}) if data else {}
        entity = "stage-of-change rating" if kind == "rating" else "review meeting record"
        view = evidence_conflict(session, parsed.refusal, entity, fields, yours, _show)
        if view is not None:
            latest = parsed.refusal.current.get("id")
            record = _get(session, actor, kind, uuid.UUID(str(latest))) if latest else record
            return _page(
                request, session, actor, kind, family_id, parsed.values, record=record,
                conflict=view, status=409,
            )  # fmt: skip
    if saved is None:
        return _page(
            request, session, actor, kind, family_id, parsed.values, record=record,
            errors=parsed.errors, status=422,
        )  # fmt: skip
    path = "stage-ratings" if kind == "rating" else "reviews"
    words = "Stage-of-change rating" if kind == "rating" else "Review meeting"
    return done(f"/{path}/{saved.id}", f"{words} {'amended' if record else 'recorded'}")


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
