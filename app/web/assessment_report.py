"""The assessment report's pages: the worker writes each section and submits it; the family's
team lead approves it or returns it with comments.

Every rule (who may, versions, what is locked when) is ``app.services.reporting.
assessment_report``; these pages read the forms, call it, and show what it says.
"""

import uuid

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app import vocabulary
from app.http import lanes
from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.account import Role
from app.models.report import ReportSection
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.reporting import assessment_report
from app.services.reporting.assessment_report import ReportState
from app.web.deps import StaffDep
from app.web.forms import F, Form, FormDep, Parsed, form_context
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

# what to write in each section (shown as the hint above the box)
GUIDANCE = {
    ReportSection.lived_experience: (
        "What daily life is like for the child, and what the child wishes and feels. "
        "Use the child’s own words where you can, and say how you learned them."
    ),
    ReportSection.parents_views: (
        "Each parent’s view of the concerns, the plan and their progress. The views they "
        "recorded themselves are printed beneath this, in their own words."
    ),
    ReportSection.analysis: (
        "For each parent: their motivation and their ability to change, how their stage of "
        "change has moved, and whether the change shown by the goals and milestones is enough "
        "within the child’s timescale. The report prints the scores, trends and milestones "
        "beside it."
    ),
    ReportSection.recommendation: "What you recommend for the child, and why.",
}
SECTION_FORM = Form(
    F("text", "The section", required="Enter the text of this section", strip=False),
    whole="text",
)
SUBMIT_FORM = Form(whole="")
DECISION_FORM = Form(
    F(
        "decision",
        "Your decision",
        "choice",
        required="Select whether to approve the report or return it",
        choices=("approve", "return"),
    ),
    F("comment", "Comments", strip=False),
    whole="decision",
)


def _address(assessment_id: uuid.UUID, tail: str = "") -> str:
    return f"/assessments/{assessment_id}/report{tail}"


def _section(name: str) -> ReportSection:
    try:
        return ReportSection(name)
    except ValueError:
        raise NotFound("page") from None


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    assessment_id: uuid.UUID,
    parsed: Parsed | None = None,
    *,
    form: str = "",
    status: int = 200,
) -> Response:
    state = assessment_report.report_state(session, actor, assessment_id)
    parsed = parsed or Parsed()
    author = state.report.author_id if state.report else None
    context = form_context(
        parsed,
        state=state,
        sections=assessment_report.SECTIONS,
        form=form,
        may_decide=actor.role == Role.team_lead and author != actor.user.id,
        nav="team" if actor.role == Role.team_lead else "caseload",
    )
    return render(request, "reports_web/assessment_report.html", context, status_code=status)


@router.get("/assessments/{assessment_id}/report")
@lanes.in_a_thread  # the whole report from the evidence: long for a big record
def report_page(
    request: Request, session: SessionDep, actor: StaffDep, assessment_id: uuid.UUID
) -> Response:
    return _page(request, session, actor, assessment_id)


@router.post("/assessments/{assessment_id}/report/submit")
def submit(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    posted: FormDep,
    assessment_id: uuid.UUID,
) -> Response:
    parsed = SUBMIT_FORM.parse(posted)
    version = parsed.version if parsed.version is not None else -1
    result = SUBMIT_FORM.attempt(
        session, parsed, lambda: assessment_report.submit(session, actor, assessment_id, version)
    )
    if result is not None:
        return done(_address(assessment_id), "The report is submitted to the team lead")
    status = 409 if parsed.refused else 422
    return _page(request, session, actor, assessment_id, parsed, form="submit", status=status)


@router.post("/assessments/{assessment_id}/report/decision")
def decide(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    posted: FormDep,
    assessment_id: uuid.UUID,
) -> Response:
    parsed = DECISION_FORM.parse(posted)
    version = parsed.version if parsed.version is not None else -1
    if not parsed.errors:
        comment = str(parsed.data.get("comment", ""))
        approving = parsed.data["decision"] == "approve"
        result = DECISION_FORM.attempt(
            session,
            parsed,
            lambda: (
                assessment_report.approve(session, actor, assessment_id, version, comment)
                if approving
                else assessment_report.return_report(
                    session, actor, assessment_id, version, comment
                )
            ),
        )
        if result is not None:
            message = (
                "The report is approved"
                if approving
                else "The report is returned to the social worker with your comments"
            )
            return done(_address(assessment_id), message)
    status = 409 if parsed.refused else 422
    return _page(request, session, actor, assessment_id, parsed, form="decision", status=status)


# --- one section -----------------------------------------------------------------------------


def _section_page(
    request: Request,
    state: ReportState,
    section: ReportSection,
    parsed: Parsed,
    *,
    theirs: str | None = None,
    status: int = 200,
) -> Response:
    current = state.current(section)
    parsed.values.setdefault("text", current.text if current else "")
    if parsed.values.get("version") is None:
        parsed.values["version"] = current.number if current else 0
    context = form_context(
        parsed,
        state=state,
        section=section,
        title=vocabulary.staff(section),
        guidance=GUIDANCE[section],
        current=current,
        history=state.history(section),
        theirs=theirs,
        nav="caseload",
    )
    return render(request, "reports_web/report_section.html", context, status_code=status)


@router.get("/assessments/{assessment_id}/report/sections/{name}")
def section_page(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    assessment_id: uuid.UUID,
    name: str,
) -> Response:
    section = _section(name)
    state = assessment_report.report_state(session, actor, assessment_id)
    return _section_page(request, state, section, Parsed())


@router.post("/assessments/{assessment_id}/report/sections/{name}")
def save_section(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    posted: FormDep,
    assessment_id: uuid.UUID,
    name: str,
) -> Response:
    section = _section(name)
    parsed = SECTION_FORM.parse(posted)
    version = parsed.version if parsed.version is not None else -1
    if not parsed.errors:
        text = str(parsed.data["text"])
        result = SECTION_FORM.attempt(
            session,
            parsed,
            lambda: assessment_report.save_section(
                session, actor, assessment_id, section, text, version
            ),
        )
        if result is not None:
            saved = result.current(section)
            number = saved.number if saved else 0
            return done(
                _address(assessment_id),
                f"{vocabulary.staff(section)}: version {number} is saved",
            )
    state = assessment_report.report_state(session, actor, assessment_id)
    theirs = None
    if parsed.refusal is not None:
        # someone saved a newer version: show theirs, keep the writer's own text in the box,
        # and base the next save on theirs so saving again is a deliberate choice
        current = state.current(section)
        theirs = current.text if current else ""
        parsed.values["version"] = current.number if current else 0
    status = 409 if parsed.refused else 422
    return _section_page(request, state, section, parsed, theirs=theirs, status=status)
