"""Forms to open a case and keep its details: the family, its members, the assessment."""

import uuid
from typing import Any

from fastapi import APIRouter
from sqlmodel import Session

from app import clock, typography, vocabulary
from app.http.routing import AuditedRoute
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
from app.services.context import Actor
from app.services.views import caseload
from app.web.conflict import plain
from app.web.forms import F, Form
from app.web.record_forms import EditRecord, NewRecord, add_edit, add_new

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

_FAMILY_DETAILS = (
    F("legal_status", "Legal status", "choice", required="Select the family’s legal status"),
    F("proceedings_issued_on", "Date care proceedings were issued", "date"),
    F("involved_since", "Date the local authority became involved", "date"),
    # the heading of the court chronology
    F(
        "local_authority",
        "Local authority",
        too_long="Local authority must be 160 characters or fewer",
    ),
    F("court_name", "Court", too_long="Court must be 160 characters or fewer"),
    F(
        "court_case_number",
        "Court case number",
        too_long="Court case number must be 60 characters or fewer",
    ),
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
    F("outcome", "Outcome"),
    whole="decision_date",
)


def _display(name: str, value: Any) -> str:
    if name == "legal_status" and value:
        return vocabulary.staff(value, LegalStatus)
    if name == "status" and value:
        return vocabulary.staff(value, FamilyStatus)
    return plain(name, value)


# --- the family --------------------------------------------------------------------------


def _caseload(_session: Session, _actor: Actor, _key: None) -> dict[str, Any]:
    return {"nav": "caseload"}


def _family(session: Session, actor: Actor, family_id: uuid.UUID) -> dict[str, Any]:
    return {"family": families.get_family(session, actor, family_id)}


add_new(
    router,
    NewRecord(
        "/families/new",
        NEW_FAMILY,
        FamilyCreate,
        "plan/family_form.html",
        create=lambda session, actor, _, data: families.create_family(session, actor, data),
        done=lambda family: (f"/families/{family.id}", f"{family.family_name} added"),
        page=_caseload,
    ),
)
add_edit(
    router,
    EditRecord(
        "/families/{family_id}/edit",
        EDIT_FAMILY,
        FamilyUpdate,
        "plan/family_form.html",
        Family,
        "family",
        get=families.get_family,
        update=families.update_family,
        done=lambda family: (f"/families/{family.id}", "Family details saved"),
        page=lambda _session, _actor, family: {"family": family},
        display=lambda _context: _display,
    ),
)

# --- members -----------------------------------------------------------------------------

add_new(
    router,
    NewRecord(
        "/families/{family_id}/members/new",
        NEW_MEMBER,
        FamilyMemberCreate,
        "plan/member_form.html",
        create=families.create_member,
        done=lambda member: (f"/families/{member.family_id}", f"{member.full_name} added"),
        page=_family,
    ),
)
add_edit(
    router,
    EditRecord(
        "/members/{member_id}/edit",
        EDIT_MEMBER,
        FamilyMemberUpdate,
        "plan/member_form.html",
        FamilyMember,
        "family member",
        get=families.get_member,
        update=families.update_member,
        done=lambda member: (
            f"/families/{member.family_id}",
            f"{member.full_name}’s details saved",
        ),
        page=lambda _session, _actor, member: {"member": member},
    ),
)

# --- the assessment ----------------------------------------------------------------------


def _new_assessment(session: Session, actor: Actor, family_id: uuid.UUID) -> dict[str, Any]:
    family = families.get_family(session, actor, family_id)
    return {
        "family": family,
        "default_decision_date": timescale.default_decision_date(session, family),
        "timescale_rule": timescale.family_timescale(session, family, None)[0].sentence(),
    }


add_new(
    router,
    NewRecord(
        "/families/{family_id}/assessments/new",
        NEW_ASSESSMENT,
        AssessmentCreate,
        "plan/assessment_form.html",
        create=assessments.create_assessment,
        done=lambda started: (f"/families/{started.family_id}/plan", "Assessment started"),
        page=_new_assessment,
        initial=lambda _request, _context: {
            "started_on": clock.today(),
            "review_interval_weeks": 6,
        },
    ),
)
add_edit(
    router,
    EditRecord(
        "/assessments/{assessment_id}/edit",
        EDIT_ASSESSMENT,
        AssessmentUpdate,
        "plan/assessment_form.html",
        Assessment,
        "assessment",
        get=assessments.get_assessment,
        update=assessments.update_assessment,
        done=lambda saved: (f"/families/{saved.family_id}/plan", "Assessment saved"),
        page=lambda _session, _actor, assessment: {"assessment": assessment},
        display=lambda _context: _display,
    ),
)

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


def _extension_page(session: Session, actor: Actor, family_id: uuid.UUID) -> dict[str, Any]:
    family = families.get_family(session, actor, family_id)
    summary = caseload.family_summary(session, actor, family_id)
    return {"family": family, "clock": summary.clock, "extensions": summary.extensions}


def _extension_recorded(ext: Any) -> tuple[str, str]:
    moved = f" to {typography.long_date(ext.extended_to)}" if ext.extended_to else ""
    return f"/families/{ext.family_id}", f"Extension recorded; decision date moved{moved}"


add_new(
    router,
    NewRecord(
        "/families/{family_id}/extensions/new",
        NEW_EXTENSION,
        TimescaleExtensionCreate,
        "plan/extension_form.html",
        create=timescale.record_extension,
        done=_extension_recorded,
        page=_extension_page,
        initial=lambda _request, _context: {"granted_on": clock.today()},
    ),
)
