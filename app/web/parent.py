"""The parent portal: "Your plan", one goal, "Your progress", the parent's own view, the PDF.

Addresses and page titles carry ids only, never a name or case detail. Every page
offers "Exit this page".
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from app import i18n
from app.http.deps import PageNumber, SessionDep
from app.models.evidence import Stance
from app.reports import charts
from app.reports.pdf import html_to_pdf
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.evidence import entries
from app.services.views import parent_view
from app.web.deps import WebActorDep
from app.web.language import language_of
from app.web.templating import flash, render, templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
TEXT_MAX = 5000
_ = i18n.gettext
N_ = i18n.N_

STANCE_MISSING = N_("Select whether you agree, disagree or want to add a comment")
TEXT_MISSING = N_("Enter your view")
TEXT_TOO_LONG = N_("Your view must be 5,000 characters or fewer")
SAVED = N_("Your view has been added to the record")


def _form_errors(stance: str, text: str) -> list[dict[str, str]]:
    errors = []
    if stance not in {s.value for s in Stance}:
        errors.append({"text": _(STANCE_MISSING), "href": "#stance"})
    if not text.strip():
        errors.append({"text": _(TEXT_MISSING), "href": "#your-view"})
    elif len(text) > TEXT_MAX:
        errors.append({"text": _(TEXT_TOO_LONG), "href": "#your-view"})
    return errors


def _save_view(
    session: SessionDep, actor: Actor, form: dict[str, str], **target: uuid.UUID
) -> list[dict[str, str]]:
    """Record the parent's view; the errors to show if it could not be recorded."""
    errors = _form_errors(form["stance"], form["text"])
    if errors:
        return errors
    try:
        parent_view.add_view(
            session, actor, stance=Stance(form["stance"]), text=form["text"], **target
        )
    except Invalid as exc:
        return [{"text": exc.message, "href": "#your-view"}]
    return []


@router.get("/your-plan")
def your_plan(request: Request, session: SessionDep, actor: WebActorDep) -> Response:
    plan = parent_view.your_plan(session, actor)
    return render(request, "parent/plan.html", {"plan": plan, "nav": "plan"})


@router.get("/your-plan.pdf")
def your_plan_pdf(request: Request, session: SessionDep, actor: WebActorDep) -> Response:
    plan = parent_view.plan_for_download(session, actor)
    html = render_string(request, "parent/plan_pdf.html", {"plan": plan})
    pdf = html_to_pdf(html, title=_("Your plan"))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="your-plan.pdf"'},
    )


def render_string(request: Request, name: str, context: dict[str, Any]) -> str:
    """A page as HTML text in the request's language (for the PDF)."""
    language = i18n.activate(language_of(request))
    return templates.env.get_template(name).render(context | {"language": language})


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
    view = parent_view.goal_page(session, actor, goal_id, page=page, page_size=PAGE_SIZE)
    goal = view.goal
    chart = None
    if goal.points:
        chart = charts.goal_chart(
            goal.title,
            goal.points,
            target_date=goal.target_date,
            decision_date=view.plan.decision_date,
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
    stance: Annotated[str, Form(max_length=20)] = "",
    text: Annotated[str, Form(max_length=TEXT_MAX * 2)] = "",
) -> Response:
    i18n.activate(language_of(request))
    form = {"stance": stance, "text": text}
    errors = _save_view(session, actor, form, goal_id=goal_id)
    if errors:
        return _goal_page(request, session, actor, goal_id, form=form, errors=errors)
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
    stance: Annotated[str, Form(max_length=20)] = "",
    text: Annotated[str, Form(max_length=TEXT_MAX * 2)] = "",
) -> Response:
    i18n.activate(language_of(request))
    form = {"stance": stance, "text": text}
    errors = _save_view(session, actor, form, entry_id=entry_id)
    if errors:
        return _entry_page(request, session, actor, entry_id, form=form, errors=errors)
    response = RedirectResponse(f"/your-progress/entries/{entry_id}", status_code=303)
    flash(response, _(SAVED))
    return response
