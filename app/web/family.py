"""A family's page for staff: the plan, where things stand, and the timeline.

Viewing changes nothing (beyond the audit trail): marking parents' comments seen is
its own button. The timeline filters with a GET form and pages with "Load more",
a plain link that htmx turns into "add the next entries below".
"""

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.http.deps import SessionDep
from app.models.evidence import Significance
from app.models.plan import Goal
from app.services.cases import families
from app.services.context import Actor
from app.services.evidence import comments
from app.services.views import family_page
from app.services.views.family_page import TimelineFilter
from app.web.deps import StaffDep
from app.web.forms import Errors, F, Form, FormDep, as_uuid
from app.web.labels import plural
from app.web.log_form import empty_log_form, open_goals
from app.web.templating import done, flash, is_fragment_request, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20


@dataclass(frozen=True)
class Filters:
    """The timeline filter form as typed, and what it asks for."""

    wanted: TimelineFilter
    typed: dict[str, Any]
    errors: Errors

    def query(self, page: int | None = None) -> str:
        """The filter as a query string (plus a page), for links that keep it."""
        pairs: list[tuple[str, str]] = []
        for key in ("goal", "significance"):
            if self.typed.get(key):
                pairs.append((key, str(self.typed[key])))
        for name in ("from", "to"):
            for part in ("day", "month", "year"):
                value = self.typed[name][part]
                if value:
                    pairs.append((f"{name}-{part}", value))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return urlencode(pairs)


FILTER_FORM = Form(
    F("goal", "Goal"),
    F("significance", "Significance"),
    F("from", "The start date", kind="date", incomplete=True),
    F("to", "The end date", kind="date", incomplete=True),
    F("page", "Page"),
)
SEEN_FORM = Form(F("comment_id", "Comments", kind="many"))


def read_filters(request: Request) -> tuple[Filters, int]:
    """The timeline filters and page number from the address."""
    parsed = FILTER_FORM.parse(request.query_params)
    errors = parsed.errors
    goal_id = as_uuid(parsed.data.get("goal"))
    significance = (
        Significance.significant if parsed.data.get("significance") == "significant" else None
    )
    date_from, date_to = parsed.data.get("from"), parsed.data.get("to")
    if date_from and date_to and date_to < date_from:
        errors.append(
            FILTER_FORM.error("to", "The end date must be the same as or after the start")
        )
        date_to = None
    try:
        page = max(1, min(int(parsed.data.get("page") or 1), 10_000))
    except ValueError:
        page = 1
    typed = {
        "goal": str(goal_id) if goal_id else "",
        "significance": significance.value if significance else "",
        "from": parsed.values["from"],
        "to": parsed.values["to"],
    }
    wanted = TimelineFilter(goal_id, significance, date_from, date_to)
    return Filters(wanted, typed, errors), page


def timeline_context(
    family_id: uuid.UUID,
    events: Any,
    filters: Filters,
    page: int,
    goals: list[Goal],
    member_names: dict[uuid.UUID, str],
) -> dict[str, Any]:
    return {
        "family_id": family_id,
        "timeline": events,
        "filters": filters,
        "page": page,
        "page_size": PAGE_SIZE,
        "goal_choices": goals,
        "member_names": member_names,
        "next_query": filters.query(page + 1),
    }


@router.get("/families/{family_id}")
def family_view(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    filters, page = read_filters(request)
    view = family_page.family_page(
        session,
        actor,
        family_id,
        filters.wanted,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    goals = [g.goal for g in view.plan.goals]
    member_names = {m.id: m.full_name for m in view.summary.members}
    context = timeline_context(family_id, view.timeline, filters, page, goals, member_names)
    context |= {
        "view": view,
        "summary": view.summary,
        "scores": {s.goal_id: s for s in view.scores.goals},
        "trends": {m.goal_id: m.trend for m in view.measures.goals},
        "member_names": member_names,
        "errors": filters.errors,
        "nav": "caseload",
    }
    context |= quick_log_defaults(view.plan)
    return render(request, "family/page.html", context, fragment="timeline")


def quick_log_defaults(plan: family_page.StaffPlan, goal: str = "") -> dict[str, Any]:
    """An empty quick log form for the family (today's date, internal)."""
    return {
        "log_goals": open_goals(plan),
        "log_parents": [s.member for s in plan.stages],
        "log_form": empty_log_form(plan, goal),
        "log_errors": [],
    }


@router.get("/families/{family_id}/timeline")
def more_timeline(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    """The next page of the timeline: entries to add below the list (htmx), else the page."""
    filters, page = read_filters(request)
    if not is_fragment_request(request):
        query = filters.query(page)
        return RedirectResponse(
            f"/families/{family_id}{'?' + query if query else ''}#timeline", status_code=303
        )
    context = timeline_for(session, actor, family_id, filters, page)
    return render(request, "family/timeline_more.html", context, fragment="more")


def timeline_for(
    session: Session, actor: Actor, family_id: uuid.UUID, filters: Filters, page: int
) -> dict[str, Any]:
    plan = family_page.staff_plan(session, actor, family_id)
    events = family_page.family_timeline(
        session,
        actor,
        family_id,
        filters.wanted,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    names = {m.id: m.full_name for m in families.list_members(session, actor, family_id)}
    return timeline_context(family_id, events, filters, page, [g.goal for g in plan.goals], names)


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
        f"/families/{answer.family_id}#parents-views",
        "Your answer has been added. The parent will see it beside their view.",
    )
