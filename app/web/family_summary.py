"""What the Summary page works out for display: the list of what needs doing, and the charts.

Both read only what the page's one service call returned; no query of their own.
"""

from dataclasses import dataclass
from typing import Any

from app import vocabulary
from app.models.plan import ConsequenceStatus, MilestoneState
from app.reports import charts as drawn
from app.reports.document import Chart
from app.services.context import Actor
from app.services.measuring.measures import GoalMeasure
from app.services.views.family_page import FamilyPage
from app.web.labels import long_date, plural


@dataclass(frozen=True)
class ToDo:
    """One thing waiting for staff: what it is, and the link that does it."""

    text: str
    action: str
    href: str
    # what the link is about, for screen readers listing links out of context
    about: str = ""


def to_do(view: FamilyPage, actor: Actor) -> list[ToDo]:
    """Overdue milestones, ratings due after a relapse, consequences due, views to answer,
    goals waiting for sign-off: most pressing first."""
    family_id = view.summary.family.id
    plan = view.plan
    found: list[ToDo] = []
    for item in plan.goals:
        for milestone in item.milestones:
            if plan.milestone_states.get(milestone.id) == MilestoneState.overdue:
                found.append(
                    ToDo(
                        f"{vocabulary.staff(MilestoneState.overdue)}: "
                        f"“{milestone.description}” was due on "
                        f"{long_date(milestone.due_on)} and has no outcome recorded.",
                        "Record the outcome",
                        f"/milestones/{milestone.id}/outcome",
                        f"of “{milestone.description}”",
                    )
                )
    for stage in plan.stages:
        if stage.relapse_on:
            found.append(
                ToDo(
                    f"{stage.member.full_name} relapsed on {long_date(stage.relapse_on)}: "
                    "a new stage-of-change rating is due.",
                    "Rate their stage of change",
                    f"/families/{family_id}/stage-ratings/new?member={stage.member.id}",
                    f"for {stage.member.full_name}",
                )
            )
    for item in plan.goals:
        for consequence in item.consequences:
            if consequence.status == ConsequenceStatus.due:
                found.append(
                    ToDo(
                        f"The consequence “{consequence.description}” is now due.",
                        "Apply or waive it",
                        f"/families/{family_id}/plan#consequence-{consequence.id}",
                        f"“{consequence.description}”",
                    )
                )
    waiting = len(view.new_comments.items)
    if waiting:
        found.append(
            ToDo(
                f"{plural(waiting, 'new view')} from parents to read and answer.",
                "Read them",
                "#parents-views",
            )
        )
    found.extend(_sign_off(view, actor))
    if plan.assessment is None:
        found.append(
            ToDo(
                "No assessment has been started, so there is no plan yet.",
                "Start an assessment",
                f"/families/{family_id}/assessments/new",
            )
        )
    return found


def _sign_off(view: FamilyPage, actor: Actor) -> list[ToDo]:
    family_id = view.summary.family.id
    waiting = [item.goal for item in view.plan.goals if not item.goal.signed_off_at]
    if actor.role == "team_lead":
        return [
            ToDo(
                f"“{goal.title}” is not signed off: parents cannot see it yet.",
                "Sign it off",
                f"/goals/{goal.id}/sign-off",
                f"“{goal.title}”",
            )
            for goal in waiting
        ]
    if waiting:
        return [
            ToDo(
                f"{plural(len(waiting), 'goal')} waiting for the team lead to sign off: "
                "parents cannot see them yet.",
                "See the plan",
                f"/families/{family_id}/plan",
            )
        ]
    return []


def charts(view: FamilyPage) -> dict[str, Any]:
    """The family T-score over time, and each goal's level over time, with their tables
    (drawn once for a view that is shown again)."""
    found: dict[str, Any] | None = view.drawn.get("charts")
    if found is None:
        found = view.drawn["charts"] = _charts(view)
    return found


def _charts(view: FamilyPage) -> dict[str, Any]:
    decision = view.summary.clock.decision_date
    family: Chart | None = None
    if view.measures.weekly:
        family = drawn.t_score_chart(
            "Family T-score by week", {"Family": view.measures.weekly}, decision_date=decision
        )
    targets = {item.goal.id: item.goal.target_date for item in view.plan.goals}
    return {
        "family": family,
        "goals": [
            {
                "measure": measure,
                "chart": _goal_chart(measure, targets.get(measure.goal_id), decision),
            }
            for measure in view.measures.goals
        ],
    }


def _goal_chart(measure: GoalMeasure, target: Any, decision: Any) -> Chart | None:
    if not measure.points:
        return None
    return drawn.goal_chart(
        measure.title,
        measure.points,
        target_date=target,
        decision_date=decision,
        trend=measure.trend,
    )
