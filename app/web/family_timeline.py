"""A family's Timeline page for staff: 20 records a page, a filter, and the quick log.

The filter is a GET form (htmx swaps just the timeline); pages are GOV.UK pagination links
that keep the filter. The records come from the one timeline query, whatever the page.
"""

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.evidence import Significance
from app.services.context import Actor
from app.services.views import family_page
from app.services.views.family_page import TimelineFilter
from app.services.views.timeline import TimelinePage
from app.web import filters as page_filters
from app.web import paging
from app.web.deps import StaffDep
from app.web.forms import Errors, F, Form, as_uuid
from app.web.log_form import empty_log_form, open_goals
from app.web.templating import render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

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


NO_FILTERS = Filters(
    TimelineFilter(),
    {"from": {"day": "", "month": "", "year": ""}, "to": {"day": "", "month": "", "year": ""}},
    [],
)
FILTER_FORM = Form(
    F("goal", "Goal", target="filter-goal", invalid="Choose a goal from the list"),
    F(
        "significance",
        "Significance",
        kind="choice",
        choices=("significant",),
        invalid="Choose whether to show significant events only",
        target="filter-significant",
    ),
    F("from", "The start date", kind="date", incomplete=True),
    F("to", "The end date", kind="date", incomplete=True),
    page_filters.PAGE,
)
# what in an address belongs to the timeline (the old single family page took these)
TIMELINE_KEYS = frozenset(
    {"goal", "significance", "page"}
    | {f"{n}-{p}" for n in ("from", "to") for p in ("day", "month", "year")}
)


def read_filters(request: Request) -> tuple[Filters, int]:
    """The timeline filters and page number from the address (the one filter rule): a
    value that is not valid is an error message, and the other filters still apply."""
    parsed = page_filters.read(FILTER_FORM, request.query_params)
    errors = parsed.errors
    goal_id = as_uuid(parsed.data.get("goal")) if parsed.data.get("goal") else None
    if parsed.data.get("goal") and goal_id is None:
        errors.append(FILTER_FORM.error("goal", "Choose a goal from the list"))
    significance = Significance.significant if parsed.data.get("significance") else None
    date_from, date_to = parsed.data.get("from"), parsed.data.get("to")
    if date_from and date_to and date_to < date_from:
        errors.append(
            FILTER_FORM.error("to", "The end date must be the same as or after the start")
        )
        date_to = None
    page = int(parsed.data.get("page") or 1)
    typed = {
        "goal": str(parsed.values.get("goal") or ""),
        "significance": significance.value if significance else "",
        "from": parsed.values["from"],
        "to": parsed.values["to"],
    }
    wanted = TimelineFilter(goal_id, significance, date_from, date_to)
    return Filters(wanted, typed, FILTER_FORM.in_order(errors)), page


def check_goal(filters: Filters, goals: list[Any]) -> int:
    """A goal filter that is an id, but not of one of this family's goals, is an error too.

    The page's status: 422 when any filter is not valid.
    """
    wanted = filters.wanted.goal_id
    if wanted is not None and wanted not in {g.id for g in goals}:
        filters.errors.append(FILTER_FORM.error("goal", "Choose a goal from the list"))
    return 422 if filters.errors else 200


def pagination(
    family_id: uuid.UUID, filters: Filters, page: int, timeline: TimelinePage
) -> dict[str, Any] | None:
    """GOV.UK pagination for the timeline, each link keeping the filter."""
    base = f"/families/{family_id}/timeline"

    def href(number: int) -> str:
        query = filters.query(number)
        return f"{base}?{query}" if query else base

    pages = max(1, -(-timeline.total // PAGE_SIZE))
    return paging.pagination(page, pages, href, "Timeline pages")


def timeline_context(
    family_id: uuid.UUID,
    events: TimelinePage,
    filters: Filters,
    page: int,
    plan: family_page.StaffPlan,
    member_names: dict[uuid.UUID, str],
) -> dict[str, Any]:
    return {
        "family_id": family_id,
        "family": plan.family,
        "timeline": events,
        "filters": filters,
        "page": page,
        "goal_choices": [g.goal for g in plan.goals],
        "member_names": member_names,
        "pagination": pagination(family_id, filters, page, events),
    }


def quick_log_defaults(plan: family_page.StaffPlan, goal: str = "") -> dict[str, Any]:
    """An empty quick log form for the family (today's date, internal)."""
    return {
        "log_goals": open_goals(plan),
        "log_parents": [s.member for s in plan.stages],
        "log_form": empty_log_form(plan, goal),
        "log_errors": [],
    }


def timeline_for(
    session: Session, actor: Actor, family_id: uuid.UUID, filters: Filters, page: int
) -> dict[str, Any]:
    """Everything the Timeline page (or its timeline alone) shows."""
    view = family_page.timeline_page(
        session,
        actor,
        family_id,
        filters.wanted,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return timeline_context(
        family_id, view.timeline, filters, page, view.plan, view.member_names
    ) | (quick_log_defaults(view.plan))


@router.get("/families/{family_id}/timeline")
def timeline_view(
    request: Request, session: SessionDep, actor: StaffDep, family_id: uuid.UUID
) -> Response:
    """The Timeline page; an htmx request (the filter) gets the timeline alone."""
    filters, page = read_filters(request)
    context = timeline_for(session, actor, family_id, filters, page)
    status = check_goal(filters, context["goal_choices"])
    context |= {"errors": filters.errors, "nav": "caseload"}
    return render(
        request, "family/timeline_page.html", context, fragment="timeline", status_code=status
    )
