"""The quick log form: what it offers, what it starts with, and its questions.

One screen: the goal, a level chosen by its written description (or "Not scored"),
what was seen, where it came from, when, whether it is significant, whether the
family may read it (internal unless the worker chooses to share), and which
parents it is about. The same screen records an event outside the plan.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from starlette.datastructures import ImmutableMultiDict

from app import clock
from app.models.evidence import EventSource, Significance, Source, Visibility
from app.models.plan import GAS_LEVELS, Goal, GoalLifecycle, GoalRead
from app.services.evidence.entries import CLOSED_GOAL
from app.services.views.family_page import StaffPlan
from app.web.forms import F, Form, Parsed, as_uuid, date_values

NOT_SCORED = "none"
# the quick log's option for an event that belongs to no goal (police, health, school, ...)
EVENT = "event"
# a score option's id: score-<goal>-m2 … score-<goal>-p2, score-<goal>-none
SCORE_SUFFIX = {-2: "m2", -1: "m1", 0: "0", 1: "p1", 2: "p2"}

TOO_LONG = "What you saw or heard must be 10,000 characters or fewer"
SIGNIFICANCE_TOO_LONG = "What it means for the child must be 10,000 characters or fewer"
PICK_GOAL = "Select the goal this is about"
PICK_SCORE = "Select the level that best describes what you saw, or select ‘Not scored’"
PICK_SOURCE = "Select where this information came from"
PICK_EVENT_SOURCE = "Select where the account of the event came from"
PICK_PARENTS = "Select only parents or carers this goal applies to"
REFERENCE_TOO_LONG = "Document reference must be 200 characters or fewer"
VISIBILITIES = tuple(v.value for v in Visibility)

WHEN = F(
    "occurred_on",
    "The date it happened",
    kind="date",
    input="occurred-on",
    required="Enter the date it happened",
    incomplete=True,
)
REFERENCE = F(
    "document_reference",
    "Document reference",
    too_long=REFERENCE_TOO_LONG,
    target="document-reference",
)
REASON = F(
    "reason",
    "The reason",
    required="Enter why you are amending this entry",
    too_long="The reason must be 2,000 characters or fewer",
    strip=False,
)
EVENT_FORM = Form(
    F(
        "event_source",
        "Where the account came from",
        "choice",
        required=PICK_EVENT_SOURCE,
        choices=tuple(s.value for s in EventSource),
        target="event-source",
    ),
    F(
        "reported_by",
        "Who reported it",
        too_long="Who reported it must be 200 characters or fewer",
        target="reported-by",
    ),
    F(
        "observation",
        "What happened",
        required="Enter what happened",
        too_long=TOO_LONG,
        strip=False,
    ),
    REFERENCE,
    WHEN,
    F(
        "significance_for_child",
        "What it means for the child",
        required="Enter what this event means for the child",
        too_long=SIGNIFICANCE_TOO_LONG,
        strip=False,
        target="significance-for-child",
    ),
    F(
        "visibility",
        "Who can read it",
        "choice",
        default=Visibility.internal.value,
        choices=VISIBILITIES,
        invalid="Select who can read this event",
    ),
    aliases={"source": "event_source", "what_happened": "observation"},
    whole="observation",
)


# goals the quick log offers: not closed, and not completed either (a completed goal
# may still be corrected or scored through the API, but is no longer day-to-day work)
_NOT_LOGGED = (*CLOSED_GOAL, GoalLifecycle.completed)


def open_goals(plan: StaffPlan) -> list[Goal]:
    """Goals the quick log offers, in plan order."""
    return [g.goal for g in plan.goals if g.goal.lifecycle_status not in _NOT_LOGGED]


def score_id(goal_id: Any, level: int | None) -> str:
    return f"score-{goal_id}-{SCORE_SUFFIX[level] if level is not None else NOT_SCORED}"


def log_questions(
    goals: Sequence[Goal | GoalRead], goal_id: uuid.UUID | None, *, amending: bool = False
) -> Form:
    """The quick log's questions; the score is asked of the chosen goal."""
    first = goal_id or (goals[0].id if goals else "none")
    score = F(
        "score",
        "Score",
        "choice",
        input=f"score-{goal_id}",
        required=PICK_SCORE,
        choices=(NOT_SCORED, *(str(v) for v in GAS_LEVELS)),
        target=score_id(first, -2),
    )
    # an amendment keeps its goal: only the score is asked again
    goal = (
        []
        if amending
        else [
            F(
                "goal_id",
                "Goal",
                "choice",
                required=PICK_GOAL,
                choices=tuple(str(g.id) for g in goals),
                target=f"goal-{first}",
            ),
        ]
    )
    return Form(
        *goal,
        *([score] if goal_id else []),
        F(
            "observation",
            "What you saw or heard",
            required="Enter what you saw or heard",
            too_long=TOO_LONG,
            strip=False,
        ),
        F(
            "source",
            "Where it came from",
            "choice",
            required=PICK_SOURCE,
            choices=tuple(s.value for s in Source),
        ),
        REFERENCE,
        WHEN,
        F("significant", "Significant", "check"),
        F(
            "visibility",
            "Who can read it",
            "choice",
            default=Visibility.internal.value,
            choices=VISIBILITIES,
            invalid="Select who can read this entry",
        ),
        F("parent_ids", "Parents or carers", "many", invalid=PICK_PARENTS, target="parent-ids"),
        F(
            "significance_for_child",
            "What it means for the child",
            too_long=SIGNIFICANCE_TOO_LONG,
            strip=False,
            target="significance-for-child",
        ),
        F("confirm_significance", "Confirm what it means for the child", "check"),
        *([REASON] if amending else []),
        aliases={"gas_score": "score", "significance": "significant"},
        whole="goal_id",
    )


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
        "occurred_on": date_values(clock.today()),
        "significant": False,
        "visibility": Visibility.internal.value,
        "parent_ids": [],
        "event_source": "",
        "reported_by": "",
        "significance_for_child": "",
    }


def chosen_goal(
    posted: ImmutableMultiDict[str, Any], goals: Sequence[Goal | GoalRead]
) -> uuid.UUID | None:
    """The goal picked, when it is one the form offers."""
    goal_id = as_uuid(posted.get("goal_id", ""))
    return goal_id if goal_id in {g.id for g in goals} else None


def entry_fields(parsed: Parsed) -> dict[str, Any]:
    """What the entry models take that the form asks another way (score, significance)."""
    score = parsed.data.get("score")
    extra: dict[str, Any] = {
        "significance": Significance.significant
        if parsed.data.get("significant")
        else Significance.routine
    }
    if score is not None:
        extra["gas_score"] = None if score == NOT_SCORED else int(score)
    return extra


def shown(parsed: Parsed, **more: Any) -> dict[str, Any]:
    """The quick log as typed, with what the page shows but does not ask."""
    return (
        {
            "score": "",
            "event_source": "",
            "reported_by": "",
            "source": "",
            "goal_id": "",
            "parent_ids": [],
            "significant": False,
            "significance_needs_review": False,
            "confirm_significance": False,
        }
        | parsed.values
        | more
    )


def is_event(posted: ImmutableMultiDict[str, Any]) -> bool:
    """The worker chose "an event outside the plan" rather than a goal."""
    return posted.get("goal_id") == EVENT
