"""The quick log form: what it offers, what it starts with, and reading it back.

One screen: the goal, a level chosen by its written description (or "Not scored"),
what was seen, where it came from, when, whether it is significant, whether the
family may read it (internal unless the worker chooses to share), and which
parents it is about.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from app import clock
from app.models.evidence import EventSource, Significance, Source, Visibility
from app.models.plan import GAS_LEVELS, Goal, GoalLifecycle, GoalRead
from app.services.evidence.case_events import CaseEventCreate
from app.services.evidence.entries import CLOSED_GOAL, EntryCreate
from app.services.views.family_page import StaffPlan
from app.web import hand_forms as forms
from app.web.hand_forms import Errors, Form

NOT_SCORED = "none"
# the quick log's option for an event that belongs to no goal (police, health, school, ...)
EVENT = "event"
# a score option's id: score-<goal>-m2 … score-<goal>-p2, score-<goal>-none
SCORE_SUFFIX = {-2: "m2", -1: "m1", 0: "0", 1: "p1", 2: "p2"}

OBSERVATION_MAX = 10_000
TOO_LONG = "What you saw or heard must be 10,000 characters or fewer"
SIGNIFICANCE_TOO_LONG = "What it means for the child must be 10,000 characters or fewer"
MESSAGES = {
    "goal_id": "Select the goal this is about",
    "gas_score": "Select the level that best describes what you saw, or select ‘Not scored’",
    "observation": "Enter what you saw or heard",
    "source": "Select where this information came from",
    "document_reference": "Document reference must be 200 characters or fewer",
    "occurred_on": "Enter the date it happened",
    "parent_ids": "Select only parents or carers this goal applies to",
}


# goals the quick log offers: not closed, and not completed either (a completed goal
# may still be corrected or scored through the API, but is no longer day-to-day work)
_NOT_LOGGED = (*CLOSED_GOAL, GoalLifecycle.completed)


def open_goals(plan: StaffPlan) -> list[Goal]:
    """Goals the quick log offers, in plan order."""
    return [g.goal for g in plan.goals if g.goal.lifecycle_status not in _NOT_LOGGED]


def score_id(goal_id: Any, level: int | None) -> str:
    return f"score-{goal_id}-{SCORE_SUFFIX[level] if level is not None else NOT_SCORED}"


def field_ids(goals: Sequence[Goal | GoalRead], goal_id: uuid.UUID | None) -> dict[str, str]:
    """The id each field's error links to (radios and checkboxes: the first option)."""
    first_goal = goals[0].id if goals else "none"
    return {
        "goal_id": f"goal-{goal_id or first_goal}",
        "gas_score": score_id(goal_id or first_goal, -2),
        "observation": "observation",
        "source": "source",
        "document_reference": "document-reference",
        "occurred_on": "occurred-on-day",
        "significance": "significant",
        "visibility": "visibility",
        "parent_ids": "parent-ids",
        "significance_for_child": "significance-for-child",
    }


def empty_log_form(plan: StaffPlan, goal: str = "") -> dict[str, Any]:
    """A fresh form: today's date, internal, the goal preselected if asked (or the only one)."""
    goals = open_goals(plan)
    chosen = goal if any(str(g.id) == goal for g in goals) else ""
    if not chosen and len(goals) == 1:
        chosen = str(goals[0].id)
    return {
        "goal_id": chosen,
        "score": "",
        "observation": "",
        "source": "",
        "document_reference": "",
        "occurred_on": forms.date_fields(clock.today()),
        "significant": False,
        "visibility": Visibility.internal.value,
        "parent_ids": [],
        "event_source": "",
        "reported_by": "",
        "significance_for_child": "",
    }


def read_log_form(
    form: Form, goals: Sequence[Goal | GoalRead]
) -> tuple[dict[str, Any], uuid.UUID | None, EntryCreate | None, Errors]:
    """The form as typed, the goal, the entry to record, and the problems (in form order)."""
    goal_id = forms.as_uuid(forms.one(form, "goal_id"))
    if goal_id not in {g.id for g in goals}:
        goal_id = None
    score = forms.one(form, f"score-{goal_id}") if goal_id else ""
    occurred_on, typed_date, date_problem = forms.read_date(
        form, "occurred-on", "the date it happened"
    )
    typed: dict[str, Any] = {
        "goal_id": str(goal_id) if goal_id else "",
        "score": score,
        "observation": forms.one(form, "observation", strip=False),
        "source": forms.one(form, "source"),
        "document_reference": forms.one(form, "document_reference"),
        "occurred_on": typed_date,
        "significant": forms.one(form, "significant") == "yes",
        "visibility": forms.one(form, "visibility") or Visibility.internal.value,
        "parent_ids": forms.checked(form, "parent_ids"),
        "significance_for_child": forms.one(form, "significance_for_child", strip=False),
        "significance_needs_review": False,
        "confirm_significance": forms.one(form, "confirm_significance") == "yes",
    }
    ids = field_ids(goals, goal_id)
    errors: Errors = []
    if goal_id is None:
        errors.append(forms.error(ids["goal_id"], MESSAGES["goal_id"]))
    elif score not in {NOT_SCORED, *(str(v) for v in GAS_LEVELS)}:
        errors.append(forms.error(ids["gas_score"], MESSAGES["gas_score"]))
    if not typed["observation"].strip():
        errors.append(forms.error(ids["observation"], MESSAGES["observation"]))
    elif len(typed["observation"]) > OBSERVATION_MAX:
        errors.append(forms.error(ids["observation"], TOO_LONG))
    if typed["source"] not in {s.value for s in Source}:
        errors.append(forms.error(ids["source"], MESSAGES["source"]))
    if date_problem:
        errors.append(forms.error(ids["occurred_on"], date_problem))
    if typed["visibility"] not in {v.value for v in Visibility}:
        errors.append(forms.error(ids["visibility"], "Select who can read this entry"))
    parent_ids = [forms.as_uuid(v) for v in typed["parent_ids"]]
    if any(p is None for p in parent_ids):
        errors.append(forms.error(ids["parent_ids"], MESSAGES["parent_ids"]))
    if errors:
        return typed, goal_id, None, errors
    try:
        data = EntryCreate.model_validate(
            {
                "occurred_on": occurred_on,
                "gas_score": None if score == NOT_SCORED else int(score),
                "observation": typed["observation"],
                "source": typed["source"],
                "document_reference": typed["document_reference"],
                "significance": Significance.significant
                if typed["significant"]
                else Significance.routine,
                "visibility": typed["visibility"],
                "parent_ids": parent_ids,
                "significance_for_child": typed["significance_for_child"],
            }
        )
    except ValidationError as exc:
        messages = {
            "document_reference": MESSAGES["document_reference"],
            "significance_for_child": SIGNIFICANCE_TOO_LONG,
        }
        return typed, goal_id, None, forms.from_validation(exc, ids, messages)
    return typed, goal_id, data, []


EVENT_IDS = {
    "event_source": "event-source",
    "reported_by": "reported-by",
    "what_happened": "observation",
    "document_reference": "document-reference",
    "occurred_on": "occurred-on-day",
    "significance_for_child": "significance-for-child",
    "visibility": "visibility",
}
EVENT_MESSAGES = {
    "event_source": "Select where the account of the event came from",
    "reported_by": "Who reported it must be 200 characters or fewer",
    "what_happened": "Enter what happened",
    "document_reference": "Document reference must be 200 characters or fewer",
    "significance_for_child": "Enter what this event means for the child",
}


def is_event(form: Form) -> bool:
    """The worker chose "an event outside the plan" rather than a goal."""
    return forms.one(form, "goal_id") == EVENT


def read_event_form(form: Form) -> tuple[dict[str, Any], CaseEventCreate | None, Errors]:
    """The quick log read as a case event: what was seen is what happened."""
    occurred_on, typed_date, date_problem = forms.read_date(
        form, "occurred-on", "the date it happened"
    )
    typed: dict[str, Any] = {
        "goal_id": EVENT,
        "score": "",
        "observation": forms.one(form, "observation", strip=False),
        "source": forms.one(form, "source"),
        "document_reference": forms.one(form, "document_reference"),
        "occurred_on": typed_date,
        "significant": True,
        "visibility": forms.one(form, "visibility") or Visibility.internal.value,
        "parent_ids": [],
        "event_source": forms.one(form, "event_source"),
        "reported_by": forms.one(form, "reported_by"),
        "significance_for_child": forms.one(form, "significance_for_child", strip=False),
    }
    errors: Errors = []
    if typed["event_source"] not in {s.value for s in EventSource}:
        errors.append(forms.error(EVENT_IDS["event_source"], EVENT_MESSAGES["event_source"]))
    if not typed["observation"].strip():
        errors.append(forms.error("observation", EVENT_MESSAGES["what_happened"]))
    elif len(typed["observation"]) > OBSERVATION_MAX:
        errors.append(forms.error("observation", TOO_LONG))
    if date_problem:
        errors.append(forms.error(EVENT_IDS["occurred_on"], date_problem))
    if not typed["significance_for_child"].strip():
        errors.append(
            forms.error(
                EVENT_IDS["significance_for_child"], EVENT_MESSAGES["significance_for_child"]
            )
        )
    if typed["visibility"] not in {v.value for v in Visibility}:
        errors.append(forms.error("visibility", "Select who can read this event"))
    if errors:
        return typed, None, errors
    try:
        data = CaseEventCreate.model_validate(
            {
                "occurred_on": occurred_on,
                "source": typed["event_source"],
                "reported_by": typed["reported_by"],
                "document_reference": typed["document_reference"],
                "what_happened": typed["observation"],
                "significance_for_child": typed["significance_for_child"],
                "visibility": typed["visibility"],
            }
        )
    except ValidationError as exc:
        return typed, None, forms.from_validation(exc, EVENT_IDS, EVENT_MESSAGES)
    return typed, data, []
