"""The parent's printed plan: gathered from what that parent may read, worded in their
language, laid out as PDF/A-3b with what it was made from attached.

The plan is the one "Your plan" shows (``app.services.views.parent_view``), with the
parent's own views and the answers; the download is audited as an export.
"""

import time
from datetime import date

from sqlmodel import Session

from app import i18n
from app.reports import parent_plan, typeset
from app.reports.parent_plan import Agreed, Answer, Contact, ParentPlan, ParentView, PlanGoal, Step
from app.reports.typeset import Timings
from app.services.context import Actor
from app.services.views import parent_help, parent_view
from app.services.views.parent_goals import GoalView


def _goal(goal: GoalView) -> PlanGoal:
    return PlanGoal(
        id=goal.id,
        title=goal.title,
        why_it_matters=goal.why_it_matters,
        expected=goal.expected.text,
        target_date=goal.target_date,
        level=goal.current.step,
        level_text=goal.current.text,
        scored_on=goal.scored_on,
        yours=goal.for_whom.yours,
        with_names=goal.for_whom.with_names,
        steps=tuple(
            Step(m.id, m.description, m.due_on, m.state.value, m.achieved_on)
            for m in goal.milestones
        ),
        rewards=tuple(Agreed(r.id, r.description, r.status) for r in goal.rewards),
        consequences=tuple(Agreed(c.id, c.description, c.status) for c in goal.consequences),
    )


def printed_plan(
    session: Session, actor: Actor, language: str, today: date | None = None
) -> ParentPlan:
    """The signed-in parent's plan as it is printed (audited as an export)."""
    plan = parent_view.plan_for_download(session, actor, today)
    found = parent_help.help_for(language)
    contact = Contact(
        team_phone=found.team_phone,
        team_hours=found.team_hours,
        solicitor=found.solicitor,
        advice_line_name=found.advice_line_name,
        advice_line_phone=found.advice_line_phone,
        advice_line_hours=found.advice_line_hours,
        advice_line_about=found.advice_line_about,
    )
    views = tuple(
        ParentView(
            v.id,
            v.text,
            v.recorded_at,
            v.goal_title,
            tuple(Answer(a.recorded_by_name, a.text, a.recorded_at) for a in v.responses),
        )
        for v in plan.views
    )
    return ParentPlan(
        family_id=plan.family_id,
        today=plan.today,
        social_worker=plan.social_worker,
        next_review_on=plan.next_review_on,
        timescale=plan.timescale,
        contact=contact,
        goals=tuple(_goal(g) for g in plan.goals),
        views=views,
    )


def plan_pdf(
    session: Session,
    actor: Actor,
    language: str,
    *,
    today: date | None = None,
    timings: Timings | None = None,
) -> bytes:
    """The printed plan as PDF/A-3b, in ``language`` (the reader's)."""
    i18n.activate(language)
    started = time.perf_counter()
    plan = printed_plan(session, actor, language, today)
    if timings:
        timings.add("gathering data", time.perf_counter() - started)
    started = time.perf_counter()
    words = parent_plan.document(plan)
    evidence = parent_plan.evidence_json(plan)
    if timings:
        timings.add("templating", time.perf_counter() - started)
    return typeset.plan_pdf(words, evidence, timings)
