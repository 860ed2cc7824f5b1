"""Forms for the plan itself: goals (guided, the five levels before any score) and milestones."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app import vocabulary
from app.http.deps import SessionDep
from app.models.family import FamilyMember, MemberRole
from app.models.plan import (
    Goal,
    GoalCreate,
    GoalTerm,
    GoalUpdate,
    Milestone,
    MilestoneCreate,
    MilestoneUpdate,
)
from app.services.cases import assessments, families
from app.services.context import Actor
from app.services.plan import goals, milestones
from app.web.conflict import Display, plain
from app.web.deps import StaffDep
from app.web.labels import level_words
from app.web.plan_forms import F, Form, FormDep, done, form_context
from app.web.templating import render

router = APIRouter(include_in_schema=False)

# the five levels, in the words the form asks them
LEVELS = (
    ("level_minus_2", -2, "Much less than expected"),
    ("level_minus_1", -1, "Somewhat less than expected"),
    ("level_0", 0, "The expected outcome"),
    ("level_plus_1", 1, "Somewhat more than expected"),
    ("level_plus_2", 2, "Much more than expected"),
)
GOAL = Form(
    F("title", "What must change", required="Enter what must change"),
    F(
        "why_it_matters",
        "Why it matters for the child",
        required="Enter why it matters for the child",
    ),
    F(
        "parent_ids",
        "Who it applies to",
        "many",
        required="Select the parents or carers this goal applies to",
    ),
    F("domain", "Area of family life", required="Enter the area of family life"),
    F("term", "Short or long term", "choice", required="Select short term or long term"),
    *(
        F(name, words, required=f"Describe what {words[0].lower() + words[1:]} would look like")
        for name, _, words in LEVELS
    ),
    F("baseline_level", "Where things are now", "int", required="Select where things are now"),
    F(
        "weight",
        "Weight",
        "float",
        required="Enter a weight (1 unless this goal matters more than the others)",
        invalid="Weight must be a number more than 0 and no more than 10",
    ),
    F("target_date", "Target date", "date", required="Enter the target date"),
    whole="title",
)
MILESTONE = Form(
    F("description", "What will show progress", required="Describe the milestone"),
    F("due_on", "Due date", "date", required="Enter the date the milestone is due"),
    whole="description",
)


def _parents(session: Session, actor: Actor, family_id: uuid.UUID) -> list[FamilyMember]:
    members = families.list_members(session, actor, family_id)
    return [m for m in members if m.role in (MemberRole.parent, MemberRole.carer)]


def _display(parents: list[FamilyMember]) -> Display:
    names = {str(m.id): m.full_name for m in parents}

    def show(name: str, value: Any) -> str:
        if name == "parent_ids" and isinstance(value, list):
            found = sorted(names.get(str(v), "someone no longer in the family") for v in value)
            return ", ".join(found)
        if name == "baseline_level" and value is not None:
            return level_words(int(value))
        if name == "term" and value:
            return vocabulary.staff(value, GoalTerm)
        return plain(name, value)

    return show


def _goal_page(
    request: Request, context: dict[str, Any], parents: list[FamilyMember], status: int = 200
) -> Response:
    context |= {"parents": parents, "levels": LEVELS}
    return render(request, "plan/goal_form.html", context, status_code=status)


@router.get("/assessments/{assessment_id}/goals/new")
def new_goal_page(
    request: Request, session: SessionDep, actor: StaffDep, assessment_id: uuid.UUID
) -> Response:
    assessment = assessments.get_assessment(session, actor, assessment_id)
    parents = _parents(session, actor, assessment.family_id)
    values = GOAL.values_of({"term": "short", "baseline_level": -1, "weight": 1.0})
    if len(parents) == 1:
        values["parent_ids"] = [str(parents[0].id)]
    return _goal_page(request, {"values": values, "assessment": assessment}, parents)


@router.post("/assessments/{assessment_id}/goals/new")
def new_goal(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    form: FormDep,
    assessment_id: uuid.UUID,
) -> Response:
    parsed = GOAL.parse(form)
    data = GOAL.validate(GoalCreate, parsed)
    if data is not None:
        goal = GOAL.attempt(
            session, parsed, lambda: goals.create_goal(session, actor, assessment_id, data)
        )
        if goal is not None:
            return done(
                f"/families/{goal.family_id}",
                "Goal added. The family will see it once a team lead signs it off",
            )
    assessment = assessments.get_assessment(session, actor, assessment_id)
    parents = _parents(session, actor, assessment.family_id)
    context = form_context(parsed, assessment=assessment)
    return _goal_page(request, context, parents, parsed.status)


@router.get("/goals/{goal_id}/edit")
def edit_goal_page(
    request: Request, session: SessionDep, actor: StaffDep, goal_id: uuid.UUID
) -> Response:
    goal = goals.get_goal(session, actor, goal_id)
    parents = _parents(session, actor, goal.family_id)
    return _goal_page(request, {"values": GOAL.values_of(goal.model_dump()), "goal": goal}, parents)


@router.post("/goals/{goal_id}/edit")
def edit_goal(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, goal_id: uuid.UUID
) -> Response:
    parsed = GOAL.parse(form)
    changes = GOAL.validate(GoalUpdate, parsed)
    if changes is not None:
        saved = GOAL.attempt(
            session, parsed, lambda: goals.update_goal(session, actor, goal_id, changes)
        )
        if saved is not None:
            message = "Goal saved"
            if saved.signed_off_at is None:
                message += ". A team lead must sign it off before the family can see it"
            return done(f"/families/{saved.family_id}", message)
    goal = goals.get_goal(session, actor, goal_id)
    parents = _parents(session, actor, goal.family_id)
    if changes is not None:
        current = {"parent_ids": [str(p) for p in goal.parent_ids]}
        GOAL.stale(
            session, actor, parsed, Goal, goal_id, "goal", changes, _display(parents), current
        )
    return _goal_page(request, form_context(parsed, goal=goal), parents, parsed.status)


# --- milestones --------------------------------------------------------------------------


@router.get("/goals/{goal_id}/milestones/new")
def new_milestone_page(
    request: Request, session: SessionDep, actor: StaffDep, goal_id: uuid.UUID
) -> Response:
    goal = goals.get_goal(session, actor, goal_id)
    context = {"values": MILESTONE.values_of({}), "goal": goal}
    return render(request, "plan/milestone_form.html", context)


@router.post("/goals/{goal_id}/milestones/new")
def new_milestone(
    request: Request, session: SessionDep, actor: StaffDep, form: FormDep, goal_id: uuid.UUID
) -> Response:
    parsed = MILESTONE.parse(form)
    data = MILESTONE.validate(MilestoneCreate, parsed)
    if data is not None:
        made = MILESTONE.attempt(
            session, parsed, lambda: milestones.create_milestone(session, actor, goal_id, data)
        )
        if made is not None:
            return done(f"/families/{made.family_id}", "Milestone added")
    goal = goals.get_goal(session, actor, goal_id)
    context = form_context(parsed, goal=goal)
    return render(request, "plan/milestone_form.html", context, status_code=parsed.status)


@router.get("/milestones/{milestone_id}/edit")
def edit_milestone_page(
    request: Request, session: SessionDep, actor: StaffDep, milestone_id: uuid.UUID
) -> Response:
    milestone = milestones.get_milestone(session, actor, milestone_id)
    context = {"values": MILESTONE.values_of(milestone.model_dump()), "milestone": milestone}
    return render(request, "plan/milestone_form.html", context)


@router.post("/milestones/{milestone_id}/edit")
def edit_milestone(
    request: Request,
    session: SessionDep,
    actor: StaffDep,
    form: FormDep,
    milestone_id: uuid.UUID,
) -> Response:
    parsed = MILESTONE.parse(form)
    changes = MILESTONE.validate(MilestoneUpdate, parsed)
    if changes is not None:
        saved = MILESTONE.attempt(
            session,
            parsed,
            lambda: milestones.update_milestone(session, actor, milestone_id, changes),
        )
        if saved is not None:
            return done(f"/families/{saved.family_id}", "Milestone saved")
        MILESTONE.stale(session, actor, parsed, Milestone, milestone_id, "milestone", changes)
    milestone = milestones.get_milestone(session, actor, milestone_id)
    context = form_context(parsed, milestone=milestone)
    return render(request, "plan/milestone_form.html", context, status_code=parsed.status)
