"""The parent portal: "Your plan", one goal, "Your progress", the parent's own view, the PDF.

Addresses and page titles carry ids only, never a name or case detail. Every page
offers "Exit this page".
"""

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from app import i18n
from app.http import lanes
from app.http.deps import PageNumber, SessionDep
from app.http.routing import AuditedRoute
from app.models.evidence import Stance
from app.reports import charts
from app.services.context import Actor
from app.services.evidence import entries
from app.services.reporting import parent_plan
from app.services.views import parent_help, parent_view
from app.web.deps import WebActorDep
from app.web.forms import F, Form, FormDep, Parsed
from app.web.language import language_of
from app.web.templating import flash, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

PAGE_SIZE = 20
TEXT_MAX = 5000
_ = i18n.gettext
N_ = i18n.N_

STANCE_MISSING = N_("Select whether you agree, disagree or want to add a comment")
TEXT_MISSING = N_("Enter your view")
TEXT_TOO_LONG = N_("Your view must be 5,000 characters or fewer")
SAVED = N_("Your view has been added to the record")


class ViewAnswer(BaseModel):
    stance: Stance
    text: str = Field(max_length=TEXT_MAX)


def _view_form() -> Form:
    """The "your view" questions, in the language of this request."""
    return Form(
        F(
            "stance", "Your view", "choice", required=_(STANCE_MISSING),
            choices=tuple(s.value for s in Stance),
        ),
        F(
            "text", "Your view", required=_(TEXT_MISSING), too_long=_(TEXT_TOO_LONG),
            strip=False, target="your-view",
        ),
        whole="text",
    )  # fmt: skip


def _save_view(session: SessionDep, actor: Actor, posted: FormData, **target: uuid.UUID) -> Parsed:
    """Record the parent's view; the form as typed, with any errors to show."""
    form = _view_form()
    parsed = form.parse(posted)
    answer = form.validate(ViewAnswer, parsed)
    if answer is not None:
        form.attempt(
            session,
            parsed,
            lambda: parent_view.add_view(
                session, actor, stance=answer.stance, text=answer.text, **target
            ),
        )
    return parsed


@router.get("/your-plan")
def your_plan(request: Request, session: SessionDep, actor: WebActorDep) -> Response:
    plan = parent_view.your_plan(session, actor)
    help_ = parent_help.help_for(language_of(request))
    return render(request, "parent/plan.html", {"plan": plan, "help": help_, "nav": "plan"})


@router.get("/your-plan.pdf")
@lanes.in_a_thread  # typesetting a PDF
def your_plan_pdf(request: Request, session: SessionDep, actor: WebActorDep) -> Response:
    pdf = parent_plan.plan_pdf(session, actor, language_of(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="your-plan.pdf"'},
    )


def chart_words() -> charts.ChartWords:
    """The words on a goal's chart for the parent, in the page's language."""
    return charts.ChartWords(
        levels={
            2: _("Level 5"),
            1: _("Level 4"),
            0: _("Level 3: good"),
            -1: _("Level 2"),
            -2: _("Level 1"),
        },
        title=_("Your level over time"),
        target=_("aim {date}"),
        decision=_("decision {date}"),
        scores=_("Number of checks: {n}"),
        change=_("from level {first} on {first_on} to level {last} on {last_on}"),
        decision_date=_("decision date {date}"),
        expected_line=_("The dashed green line is level 3, what good looks like."),
        tick=i18n.short_day,
        long_date=i18n.day,
        level=lambda value: str(value + 3),
    )


def _goal_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    goal_id: uuid.UUID,
    page: int = 1,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
) -> Response:
    i18n.activate(language_of(request))
    view = parent_view.goal_page(session, actor, goal_id, page=page, page_size=PAGE_SIZE)
    goal = view.goal
    chart = None
    if goal.points:
        chart = charts.goal_chart(
            goal.title,
            goal.points,
            target_date=goal.target_date,
            decision_date=view.plan.decision_date,
            words=chart_words(),
        )
    return render(
        request,
        "parent/goal.html",
        {
            "view": view,
            "chart": chart,
            "page": page,
            "form": form or {"stance": "", "text": ""},
            "errors": errors or [],
            "nav": "plan",
        },
        status_code=422 if errors else 200,
    )


@router.get("/your-plan/goals/{goal_id}")
def one_goal(
    request: Request,
    session: SessionDep,
    actor: WebActorDep,
    goal_id: uuid.UUID,
    page: PageNumber = 1,
) -> Response:
    return _goal_page(request, session, actor, goal_id, page)


@router.post("/your-plan/goals/{goal_id}/your-view")
def add_view_on_goal(
    request: Request,
    session: SessionDep,
    actor: WebActorDep,
    goal_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    i18n.activate(language_of(request))
    parsed = _save_view(session, actor, posted, goal_id=goal_id)
    if parsed.errors:
        form = {"stance": parsed.values["stance"], "text": parsed.values["text"]}
        return _goal_page(request, session, actor, goal_id, form=form, errors=parsed.errors)
    response = RedirectResponse(f"/your-plan/goals/{goal_id}", status_code=303)
    flash(response, _(SAVED))
    return response


@router.get("/your-progress")
def your_progress(
    request: Request, session: SessionDep, actor: WebActorDep, page: PageNumber = 1
) -> Response:
    timeline = parent_view.progress(session, actor, page=page, page_size=PAGE_SIZE)
    return render(
        request,
        "parent/progress.html",
        {"timeline": timeline, "page": page, "page_size": PAGE_SIZE, "nav": "progress"},
        fragment="timeline",
    )


def _entry_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    entry_id: uuid.UUID,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
) -> Response:
    history = entries.get_entry(session, actor, entry_id)
    return render(
        request,
        "parent/entry.html",
        {
            "entry": history.entry,
            "form": form or {"stance": "", "text": ""},
            "errors": errors or [],
            "nav": "progress",
        },
        status_code=422 if errors else 200,
    )


@router.get("/your-progress/entries/{entry_id}")
def one_entry(
    request: Request, session: SessionDep, actor: WebActorDep, entry_id: uuid.UUID
) -> Response:
    return _entry_page(request, session, actor, entry_id)


@router.post("/your-progress/entries/{entry_id}/your-view")
def add_view_on_entry(
    request: Request,
    session: SessionDep,
    actor: WebActorDep,
    entry_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    i18n.activate(language_of(request))
    parsed = _save_view(session, actor, posted, entry_id=entry_id)
    if parsed.errors:
        form = {"stance": parsed.values["stance"], "text": parsed.values["text"]}
        return _entry_page(request, session, actor, entry_id, form=form, errors=parsed.errors)
    response = RedirectResponse(f"/your-progress/entries/{entry_id}", status_code=303)
    flash(response, _(SAVED))
    return response
