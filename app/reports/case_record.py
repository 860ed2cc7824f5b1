"""The case record a report is rendered from: a family's records as one reader may see them.

Gathered by ``app.services.reporting.case_record`` (which decides what the reader may
see); the renderers here only read it.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.gas import GoalInput
from app.domain.series import Point, current_entries, level_series
from app.domain.timescale import Timescale
from app.models.evidence import (
    CaseEvent,
    ParentComment,
    PlanEvent,
    ProgressEntry,
    StageRating,
    ViewResponse,
)
from app.models.family import Family, FamilyMember
from app.models.plan import Assessment, AssessmentStatus, Consequence, Goal, Milestone, Reward
from app.models.report import Audience, ChronologyAdjustment
from app.models.review import ReviewMeeting


@dataclass(frozen=True)
class Signatory:
    """Who wrote or approved the assessment report, in what role, and on what day."""

    name: str
    role: str
    on: date


@dataclass
class WrittenReport:
    """The worker's sections of the assessment report and where it stands in its approval."""

    status: str  # a ReportStatus value
    version: int
    # the current text of each section written so far, by ReportSection value
    sections: dict[str, str] = field(default_factory=dict)
    author: Signatory | None = None
    approver: Signatory | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass
class CaseRecord:
    family: Family
    audience: Audience
    members: list[FamilyMember]
    assessments: list[Assessment]
    goals: list[Goal]
    goal_members: dict[uuid.UUID, list[uuid.UUID]]
    milestones: list[Milestone]
    rewards: list[Reward]
    consequences: list[Consequence]
    entries: list[ProgressEntry]  # every version, in date order
    entry_members: dict[uuid.UUID, frozenset[uuid.UUID]]
    ratings: list[StageRating]
    events: list[PlanEvent]
    reviews: list[ReviewMeeting]
    comments: list[ParentComment]
    adjustments: list[ChronologyAdjustment]
    names: dict[uuid.UUID, str]
    # family-level events outside the plan: every version, in date order
    case_events: list[CaseEvent] = field(default_factory=list)
    # the decision date and the rule behind it (with any extensions)
    timescale: Timescale = field(default_factory=lambda: Timescale(None))
    # the workers' answers to the parents' views, oldest first
    responses: list[ViewResponse] = field(default_factory=list)
    # the assessment report's written sections and approval (staff copies only)
    report: WrittenReport | None = None
    # who is producing the document from the record, and their role (the author of a
    # chronology filed in proceedings)
    author_name: str = ""
    author_role: str = ""
    _series: dict[uuid.UUID, list[Point]] = field(default_factory=dict)
    _current_by_goal: dict[uuid.UUID | None, list[ProgressEntry]] | None = None

    @property
    def assessment(self) -> Assessment | None:
        """The open assessment, else the latest one."""
        for a in self.assessments:
            if a.status == AssessmentStatus.open:
                return a
        return self.assessments[-1] if self.assessments else None

    @property
    def assessment_goals(self) -> list[Goal]:
        a = self.assessment
        return [g for g in self.goals if a is None or g.assessment_id == a.id]

    def member_name(self, member_id: uuid.UUID) -> str:
        for m in self.members:
            if m.id == member_id:
                return m.full_name
        return "a parent"

    @property
    def parents(self) -> list[FamilyMember]:
        return [m for m in self.members if m.role != "child"]

    @property
    def children(self) -> list[FamilyMember]:
        return [m for m in self.members if m.role == "child"]

    def series(self, goal_id: uuid.UUID) -> list[Point]:
        """The goal's current scores as points, in date order."""
        if not self._series:
            by_goal: dict[uuid.UUID, list[ProgressEntry]] = defaultdict(list)
            for e in self.entries:
                by_goal[e.goal_id].append(e)
            self._series = {
                g: level_series(rows, self.entry_members) for g, rows in by_goal.items()
            }
        return self._series.get(goal_id, [])

    def goal_entries(self, goal_id: uuid.UUID) -> list[ProgressEntry]:
        """The goal's current entries (latest versions, none in error), in date order: the
        record is grouped by goal once, not scanned again for each goal."""
        if self._current_by_goal is None:
            grouped: dict[uuid.UUID | None, list[ProgressEntry]] = defaultdict(list)
            for e in current_entries(self.entries):
                grouped[e.goal_id].append(e)
            self._current_by_goal = grouped
        return self._current_by_goal.get(goal_id, [])

    def goal_inputs(self) -> list[GoalInput]:
        return [
            GoalInput(g.id, g.weight, g.baseline_level, frozenset(self.goal_members.get(g.id, [])))
            for g in self.assessment_goals
        ]

    def current(self, rows: list[Any]) -> list[Any]:
        return current_entries(rows)

    def name(self, user_id: uuid.UUID | None) -> str:
        return self.names.get(user_id, "unknown") if user_id else "unknown"


def in_range(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or on >= start) and (end is None or on <= end)
