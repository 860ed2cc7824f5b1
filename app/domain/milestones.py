"""A milestone as shown: its outcome, or pending or overdue by its date."""

from datetime import date

from app.models.plan import Milestone, MilestoneState, MilestoneStatus


def milestone_state(milestone: Milestone, today: date) -> MilestoneState:
    """The one rule: a pending milestone whose due date has passed is overdue."""
    if milestone.status == MilestoneStatus.pending and milestone.due_on < today:
        return MilestoneState.overdue
    return MilestoneState(milestone.status.value)
