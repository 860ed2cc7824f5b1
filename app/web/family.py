"""A family's Summary and Plan pages for staff, and answering a parent's view.

The family's record is four sub-pages under one sub-navigation: Summary (the timescale,
what needs doing, where things stand), Plan, Timeline (app.web.family_timeline) and Reports
(app.web.reports). Viewing changes nothing (beyond the audit trail): marking parents'
comments seen is its own button.
"""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.services.context import Actor
from app.services.evidence import comments
from app.services.views import family_page
from app.web import family_summary
from app.web.deps import StaffDep
from app.web.family_timeline import TIMELINE_KEYS
from app.web.forms import Errors, F, Form, FormDep, as_uuid
from app.web.labels import plural
from app.web.templating import done, flash, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

SEEN_FORM = Form(F("comment_id", "Comments", kind="many"))


@router.get("/families/{family_id}")
def family_view(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    """The Summary page. An old address of the one long page with a timeline filter or page
    number in it goes on to the Timeline page with them."""
    if TIMELINE_KEYS & set(request.query_params):
        query = request.url.query
        return RedirectResponse(f"/families/{family_id}/timeline?{query}", status_code=303)
    view = family_page.family_page(session, actor, family_id)
    context: dict[str, Any] = {
        "view": view,
        "summary": view.summary,
        "to_do": family_summary.to_do(view, actor),
        "charts": family_summary.charts(view),
        "nav": "caseload",
    }
    return render(request, "family/page.html", context)


@router.get("/families/{family_id}/plan")
def plan_view(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    """The Plan page: each goal with its levels, milestones, rewards and consequences."""
    view = family_page.plan_page(session, actor, family_id)
    context = {
        "view": view,
        "scores": {s.goal_id: s for s in view.scores.goals},
        "member_names": view.member_names,
        "nav": "caseload",
    }
    return render(request, "family/plan.html", context)


@router.post("/families/{family_id}/comments/seen")
def mark_comments_seen(
    session: SessionDep, actor: StaffDep, family_id: uuid.UUID, posted: FormDep
) -> Response:
    """Mark the parents' comments shown on the page as seen (or all unseen ones)."""
    chosen = SEEN_FORM.parse(posted).data["comment_id"]
    ids = [i for i in (as_uuid(v) for v in chosen) if i]
    result = comments.mark_seen(session, actor, family_id, ids or None)
    response = RedirectResponse(f"/families/{family_id}", status_code=303)
    flash(response, f"{plural(result.marked, 'comment')} marked as seen")
    return response


RESPONSE_MISSING = "Enter your answer to this view"
RESPONSE_TOO_LONG = "Your answer must be 5,000 characters or fewer"
RESPONSE_FORM = Form(
    F(
        "text",
        "Your answer",
        required=RESPONSE_MISSING,
        too_long=RESPONSE_TOO_LONG,
        target="response-text",
    ),
    F("significant", "Significant"),
)


def _response_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    comment_id: uuid.UUID,
    form: dict[str, str] | None = None,
    errors: Errors | None = None,
) -> Response:
    comment = comments.get_comment(session, actor, comment_id)
    return render(
        request,
        "family/respond.html",
        {
            "comment": comment,
            "form": form or {"text": "", "significant": ""},
            "errors": errors or [],
        },
        status_code=422 if errors else 200,
    )


@router.get("/comments/{comment_id}/response")
def response_form(
    request: Request, session: SessionDep, actor: StaffDep, comment_id: uuid.UUID
) -> Response:
    """Answer a parent's view: the view, what it is about, earlier answers, the form."""
    return _response_page(request, session, actor, comment_id)


@router.post("/comments/{comment_id}/response")
def respond_to_view(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    comment_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    parsed = RESPONSE_FORM.parse(posted)
    significant = parsed.values["significant"] == "yes"
    data = RESPONSE_FORM.validate(comments.ResponseCreate, parsed, significant=significant)
    if data is None:
        typed = {"text": parsed.values["text"], "significant": parsed.values["significant"]}
        return _response_page(request, session, actor, comment_id, typed, parsed.errors)
    answer = comments.respond(session, actor, comment_id, data)
    return done(
        f"/families/{answer.family_id}",
        "Your answer has been added. The parent will see it beside their view.",
    )
