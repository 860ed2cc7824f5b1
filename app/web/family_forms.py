"""Forms to open a case and keep its details: the family, its members, the assessment."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app import clock, vocabulary
from app.http.deps import SessionDep
from app.models.family import (
    Family,
    FamilyCreate,
    FamilyMember,
    FamilyMemberCreate,
    FamilyMemberUpdate,
    FamilyStatus,
    FamilyUpdate,
    LegalStatus,
    TimescaleExtensionCreate,
)
from app.models.plan import Assessment, AssessmentCreate, AssessmentUpdate
from app.services.cases import assessments, families, timescale
from app.services.views import caseload
from app.web import labels
from app.web.conflict import plain
from app.web.deps import StaffDep
from app.web.plan_forms import F, Form, FormDep, done, form_context
from app.web.templating import render

router = APIRouter(include_in_schema=False)

_FAMILY_DETAILS = (
    F("legal_status", "Legal status", "choice", required="Select the family’s legal status"),
    F("proceedings_issued_on", "Date care proceedings were issued", "date"),
    F("involved_since", "Date the local authority became involved", "date"),
)
NEW_FAMILY = Form(
    F(
        "case_reference",
        "Case reference",
        required="Enter the case reference",
        invalid="Case reference must start with a letter or number, and use only letters, "
        "numbers, /, - and _",
    ),
    F("family_name", "Family name", required="Enter the family name"),
    *_FAMILY_DETAILS,
    whole="case_reference",
)
EDIT_FAMILY = Form(
    F("family_name", "Family name", required="Enter the family name"),
    F("status", "Case status", "choice", required="Select whether the case is open or closed"),
    *_FAMILY_DETAILS,
    whole="family_name",
)

_MEMBER_DETAILS = (
    F("full_name", "Full name", required="Enter their full name"),
    F("relationship", "Relationship to the child"),
    F("date_of_birth", "Date of birth", "date"),
)
NEW_MEMBER = Form(
    F("role", "Role", "choice", required="Select whether they are a parent, a carer or a child"),
    *_MEMBER_DETAILS,
    whole="full_name",
)
EDIT_MEMBER = Form(*_MEMBER_DETAILS, whole="full_name")

_WEEKS = F(
    "review_interval_weeks",
    "Weeks between reviews",
    "int",
    required="Enter how many weeks there are between reviews",
    invalid="Weeks between reviews must be a whole number from 1 to 52",
)
NEW_ASSESSMENT = Form(
    F("started_on", "Start date", "date", required="Enter the date the assessment started"),
    F("decision_date", "Decision date", "date"),
    _WEEKS,
    whole="started_on",
)
EDIT_ASSESSMENT = Form(
    F("decision_date", "Decision date", "date", required="Enter the decision date"),
    _WEEKS,
    F("status", "Assessment status", "choice", required="Select open or closed"),
    F("analysis", "Analysis"),
    F("outcome", "Outcome"),
    F("recommendation", "Recommendation"),
    whole="decision_date",
)


def _display(name: str, value: Any) -> str:
    if name == "legal_status" and value:
        return vocabulary.staff(value, LegalStatus)
    if name == "status" and value:
        return vocabulary.staff(value, FamilyStatus)
    return plain(name, value)


# --- the family --------------------------------------------------------------------------


@router.get("/families/new")
def new_family_page(request: Request, actor: StaffDep) -> Response:
    values = NEW_FAMILY.values_of({})
    return render(request, "plan/family_form.html", {"values": values, "nav": "caseload"})


@router.post("/families/new")
def new_family(request: Request, session: SessionDep, actor: StaffDep, form: FormDep) -> Response:
    parsed = NEW_FAMILY.parse(form)
    data = NEW_FAMILY.validate(FamilyCreate, parsed)
    if data is not None:
        family = NEW_FAMILY.attempt(
            session, parsed, lambda: families.create_family(session, actor, data)
        )
        if family is not None:
            return done(f"/families/{family.id}", f"{family.family_name} added")
    context = form_context(parsed, nav="caseload")
    return render(request, "plan/family_form.html", context, status_code=parsed.status)


@router.get("/families/{family_id}/edit")
def edit_family_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    family = families.get_family(session, actor, family_id)
    context = {"values": EDIT_FAMILY.values_of(family.model_dump()), "family": family}
    return render(request, "plan/family_form.html", context)


@router.post("/families/{family_id}/edit")
def edit_family(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    parsed = EDIT_FAMILY.parse(form)
    changes = EDIT_FAMILY.validate(FamilyUpdate, parsed)
    if changes is not None:
        saved = EDIT_FAMILY.attempt(
            session, parsed, lambda: families.update_family(session, actor, family_id, changes)
        )
        if saved is not None:
            return done(f"/families/{family_id}", "Family details saved")
        EDIT_FAMILY.stale(
            session, actor, parsed, Family, family_id, "family", changes, display=_display
        )
    family = families.get_family(session, actor, family_id)
    context = form_context(parsed, family=family)
    return render(request, "plan/family_form.html", context, status_code=parsed.status)


# --- members -----------------------------------------------------------------------------


@router.get("/families/{family_id}/members/new")
def new_member_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    family = families.get_family(session, actor, family_id)
    context = {"values": NEW_MEMBER.values_of({}), "family": family}
    return render(request, "plan/member_form.html", context)


@router.post("/families/{family_id}/members/new")
def new_member(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    parsed = NEW_MEMBER.parse(form)
    data = NEW_MEMBER.validate(FamilyMemberCreate, parsed)
    if data is not None:
        member = NEW_MEMBER.attempt(
            session, parsed, lambda: families.create_member(session, actor, family_id, data)
        )
        if member is not None:
            return done(f"/families/{family_id}", f"{member.full_name} added")
    family = families.get_family(session, actor, family_id)
    context = form_context(parsed, family=family)
    return render(request, "plan/member_form.html", context, status_code=parsed.status)


@router.get("/members/{member_id}/edit")
def edit_member_page(
    request: Request, session: SessionDep, actor: StaffDep, member_id: uuid.UUID
) -> Response:
    member = families.get_member(session, actor, member_id)
    context = {"values": EDIT_MEMBER.values_of(member.model_dump()), "member": member}
    return render(request, "plan/member_form.html", context)


@router.post("/members/{member_id}/edit")
def edit_member(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, member_id: uuid.UUID
) -> Response:
    parsed = EDIT_MEMBER.parse(form)
    changes = EDIT_MEMBER.validate(FamilyMemberUpdate, parsed)
    if changes is not None:
        saved = EDIT_MEMBER.attempt(
            session, parsed, lambda: families.update_member(session, actor, member_id, changes)
        )
        if saved is not None:
            return done(f"/families/{saved.family_id}", f"{saved.full_name}’s details saved")
        EDIT_MEMBER.stale(session, actor, parsed, FamilyMember, member_id, "family member", changes)
    member = families.get_member(session, actor, member_id)
    context = form_context(parsed, member=member)
    return render(request, "plan/member_form.html", context, status_code=parsed.status)


# --- the assessment ----------------------------------------------------------------------


def _new_assessment_context(
    session: Session, family: Family, parsed_values: dict[str, Any]
) -> dict[str, Any]:
    return {
        "values": parsed_values,
        "family": family,
        "default_decision_date": timescale.default_decision_date(session, family),
        "timescale_rule": timescale.family_timescale(session, family, None)[0].sentence(),
    }


@router.get("/families/{family_id}/assessments/new")
def new_assessment_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    family = families.get_family(session, actor, family_id)
    values = NEW_ASSESSMENT.values_of({"started_on": clock.today(), "review_interval_weeks": 6})
    return render(
        request, "plan/assessment_form.html", _new_assessment_context(session, family, values)
    )


@router.post("/families/{family_id}/assessments/new")
def new_assessment(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    parsed = NEW_ASSESSMENT.parse(form)
    data = NEW_ASSESSMENT.validate(AssessmentCreate, parsed)
    if data is not None:
        started = NEW_ASSESSMENT.attempt(
            session,
            parsed,
            lambda: assessments.create_assessment(session, actor, family_id, data),
        )
        if started is not None:
            return done(f"/families/{family_id}", "Assessment started")
    family = families.get_family(session, actor, family_id)
    context = _new_assessment_context(session, family, parsed.values) | form_context(parsed)
    return render(request, "plan/assessment_form.html", context, status_code=parsed.status)


@router.get("/assessments/{assessment_id}/edit")
def edit_assessment_page(
    request: Request, session: SessionDep, actor: StaffDep, assessment_id: uuid.UUID
) -> Response:
    assessment = assessments.get_assessment(session, actor, assessment_id)
    values = EDIT_ASSESSMENT.values_of(assessment.model_dump())
    return render(
        request, "plan/assessment_form.html", {"values": values, "assessment": assessment}
    )


@router.post("/assessments/{assessment_id}/edit")
def edit_assessment(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    form: FormDep,
    assessment_id: uuid.UUID,
) -> Response:
    parsed = EDIT_ASSESSMENT.parse(form)
    changes = EDIT_ASSESSMENT.validate(AssessmentUpdate, parsed)
    if changes is not None:
        saved = EDIT_ASSESSMENT.attempt(
            session,
            parsed,
            lambda: assessments.update_assessment(session, actor, assessment_id, changes),
        )
        if saved is not None:
            return done(f"/families/{saved.family_id}", "Assessment saved")
        EDIT_ASSESSMENT.stale(
            session,
            actor,
            parsed,
            Assessment,
            assessment_id,
            "assessment",
            changes,
            display=_display,
        )
    assessment = assessments.get_assessment(session, actor, assessment_id)
    context = form_context(parsed, assessment=assessment)
    return render(request, "plan/assessment_form.html", context, status_code=parsed.status)


# --- extensions of the child's timescale ---------------------------------------------------

NEW_EXTENSION = Form(
    F("granted_on", "Date granted", "date", required="Enter the date the court granted it"),
    F(
        "weeks",
        "Length in weeks",
        "int",
        required="Enter the length of the extension in weeks",
        invalid="The length must be a whole number of weeks from 1 to 8",
    ),
    F("reason", "The court’s reason", required="Enter the court’s reason for the extension"),
    whole="granted_on",
)


def _extension_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID, context: Any
) -> Response:
    family = families.get_family(session, actor, family_id)
    summary = caseload.family_summary(session, actor, family_id)
    status = context.pop("status_code", 200)
    page = {"family": family, "clock": summary.clock, "extensions": summary.extensions}
    return render(request, "plan/extension_form.html", page | context, status_code=status)


@router.get("/families/{family_id}/extensions/new")
def new_extension_page(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    values = NEW_EXTENSION.values_of({"granted_on": clock.today()})
    return _extension_page(request, session, actor, family_id, {"values": values})


@router.post("/families/{family_id}/extensions/new")
def new_extension(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    parsed = NEW_EXTENSION.parse(form)
    data = NEW_EXTENSION.validate(TimescaleExtensionCreate, parsed)
    if data is not None:
        ext = NEW_EXTENSION.attempt(
            session, parsed, lambda: timescale.record_extension(session, actor, family_id, data)
        )
        if ext is not None:
            moved = f" to {labels.long_date(ext.extended_to)}" if ext.extended_to else ""
            return done(f"/families/{family_id}", f"Extension recorded; decision date moved{moved}")
    context = form_context(parsed) | {"status_code": parsed.status}
    return _extension_page(request, session, actor, family_id, context)
