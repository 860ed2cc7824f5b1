"""Forms for the plan itself: goals (guided, the five levels before any score) and milestones."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session

from app import vocabulary
from app.http.routing import AuditedRoute
from app.models.family import FamilyMember, MemberRole
from app.models.plan import (
    GAS_LEVELS,
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
from app.web.forms import F, Form
from app.web.labels import level_words
from app.web.record_forms import EditRecord, NewRecord, add_edit, add_new

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)

# the five levels in the one order they are listed (−2 to +2), in the shared words
LEVELS = tuple(
    (name, level, vocabulary.GAS_LEVEL_OUTCOMES[level])
    for name, level in zip(goals.LEVEL_FIELDS, GAS_LEVELS, strict=True)
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


def _goal_page(session: Session, actor: Actor, family_id: uuid.UUID) -> dict[str, Any]:
    return {"parents": _parents(session, actor, family_id), "levels": LEVELS}


def _new_goal_page(session: Session, actor: Actor, assessment_id: uuid.UUID) -> dict[str, Any]:
    assessment = assessments.get_assessment(session, actor, assessment_id)
    return {"assessment": assessment} | _goal_page(session, actor, assessment.family_id)


def _new_goal_values(_request: Request, context: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"term": "short", "baseline_level": -1, "weight": 1.0}
    parents = context["parents"]
    if len(parents) == 1:
        values["parent_ids"] = [parents[0].id]
    return values


def _goal_saved(goal: Goal) -> tuple[str, str]:
    message = "Goal saved"
    if goal.signed_off_at is None:
        message += ". A team lead must sign it off before the family can see it"
    return f"/families/{goal.family_id}/plan", message


add_new(
    router,
    NewRecord(
        "/assessments/{assessment_id}/goals/new",
        GOAL,
        GoalCreate,
        "plan/goal_form.html",
        create=goals.create_goal,
        done=lambda goal: (
            f"/families/{goal.family_id}/plan",
            "Goal added. The family will see it once a team lead signs it off",
        ),
        page=_new_goal_page,
        initial=_new_goal_values,
    ),
)
add_edit(
    router,
    EditRecord(
        "/goals/{goal_id}/edit",
        GOAL,
        GoalUpdate,
        "plan/goal_form.html",
        Goal,
        "goal",
        get=goals.get_goal,
        update=goals.update_goal,
        done=_goal_saved,
        page=lambda session, actor, goal: (
            {"goal": goal} | _goal_page(session, actor, goal.family_id)
        ),
        display=lambda context: _display(context["parents"]),
        theirs=lambda goal: {"parent_ids": [str(p) for p in goal.parent_ids]},
    ),
)

# --- milestones --------------------------------------------------------------------------

add_new(
    router,
    NewRecord(
        "/goals/{goal_id}/milestones/new",
        MILESTONE,
        MilestoneCreate,
        "plan/milestone_form.html",
        create=milestones.create_milestone,
        done=lambda made: (f"/families/{made.family_id}/plan", "Milestone added"),
        page=lambda session, actor, goal_id: {"goal": goals.get_goal(session, actor, goal_id)},
    ),
)
add_edit(
    router,
    EditRecord(
        "/milestones/{milestone_id}/edit",
        MILESTONE,
        MilestoneUpdate,
        "plan/milestone_form.html",
        Milestone,
        "milestone",
        get=milestones.get_milestone,
        update=milestones.update_milestone,
        done=lambda saved: (f"/families/{saved.family_id}/plan", "Milestone saved"),
        page=lambda _session, _actor, milestone: {"milestone": milestone},
    ),
)
