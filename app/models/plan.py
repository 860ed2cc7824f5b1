"""The agreed plan: an assessment episode, its goals, milestones, rewards and consequences.

These records are editable (with a version number); what happens to them over
time is kept as append-only ``PlanEvent`` rows in ``app.models.evidence``.
"""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from app.models.base import (
    Versioned,
    enum_type,
    id_field,
    optional_timestamp_field,
    text_field,
    timestamp_field,
)


class AssessmentStatus(enum.StrEnum):
    open = "open"
    closed = "closed"


class AssessmentBase(SQLModel):
    started_on: date
    # the child's timescale: when a decision about the child must be made
    decision_date: date | None = None
    review_interval_weeks: int = Field(default=6, ge=1, le=52)


class Assessment(AssessmentBase, Versioned, table=True):
    __table_args__ = (
        # one open assessment per family
        sa.Index(
            "uq_assessment_open_family",
            "family_id",
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        ),
    )
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    decision_date: date
    status: AssessmentStatus = Field(
        default=AssessmentStatus.open, sa_type=enum_type(AssessmentStatus)
    )
    closed_on: date | None = None
    outcome: str = text_field(default="")
    created_at: datetime = timestamp_field()


class AssessmentCreate(AssessmentBase):
    pass


class AssessmentUpdate(SQLModel):
    version: int = Field(ge=1)
    decision_date: date | None = None
    review_interval_weeks: int | None = Field(default=None, ge=1, le=52)
    status: AssessmentStatus | None = None
    closed_on: date | None = None
    outcome: str | None = Field(default=None, max_length=20_000)


class AssessmentRead(AssessmentBase):
    id: uuid.UUID
    family_id: uuid.UUID
    decision_date: date
    status: AssessmentStatus
    closed_on: date | None
    outcome: str
    version: int


class GoalTerm(enum.StrEnum):
    short = "short"
    long = "long"


class GoalLifecycle(enum.StrEnum):
    """FHIR R4 Goal.lifecycleStatus."""

    proposed = "proposed"
    planned = "planned"
    accepted = "accepted"
    active = "active"
    on_hold = "on-hold"
    completed = "completed"
    cancelled = "cancelled"
    entered_in_error = "entered-in-error"
    rejected = "rejected"


class GoalAchievement(enum.StrEnum):
    """FHIR R4 Goal.achievementStatus."""

    in_progress = "in-progress"
    improving = "improving"
    worsening = "worsening"
    no_change = "no-change"
    achieved = "achieved"
    sustaining = "sustaining"
    not_achieved = "not-achieved"
    no_progress = "no-progress"
    not_attainable = "not-attainable"


GAS_LEVELS = (-2, -1, 0, 1, 2)


class GoalLevels(SQLModel):
    """The five Goal Attainment Scaling levels, written before the first score."""

    level_minus_2: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    level_minus_1: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    level_0: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    level_plus_1: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    level_plus_2: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)

    def level_text(self, level: int) -> str:
        return {
            -2: self.level_minus_2,
            -1: self.level_minus_1,
            0: self.level_0,
            1: self.level_plus_1,
            2: self.level_plus_2,
        }[level]


class GoalBase(GoalLevels):
    domain: str = Field(min_length=1, max_length=80)  # e.g. "Home conditions", "Substance use"
    term: GoalTerm = Field(default=GoalTerm.short, sa_type=enum_type(GoalTerm))
    title: str = Field(min_length=1, max_length=300)  # what must change
    why_it_matters: str = Field(min_length=1, max_length=2000, sa_type=sa.Text)
    baseline_level: int = Field(default=-1, ge=-2, le=2)
    weight: float = Field(default=1.0, gt=0, le=10)
    target_date: date
    # a goal is seen only by the parents it applies to, unless the worker deliberately
    # shares it with every parent of the family (audited when set)
    shared_with_all_parents: bool = False


class Goal(GoalBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    assessment_id: uuid.UUID = Field(foreign_key="assessment.id", index=True)
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    lifecycle_status: GoalLifecycle = Field(
        default=GoalLifecycle.proposed, sa_type=enum_type(GoalLifecycle)
    )
    achievement_status: GoalAchievement = Field(
        default=GoalAchievement.in_progress, sa_type=enum_type(GoalAchievement)
    )
    # plan sign-off by a team lead; until then parents do not see the goal
    signed_off_at: datetime | None = optional_timestamp_field()
    signed_off_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = timestamp_field()


class GoalParent(SQLModel, table=True):
    """Which parents or carers a goal applies to."""

    goal_id: uuid.UUID = Field(foreign_key="goal.id", primary_key=True)
    member_id: uuid.UUID = Field(foreign_key="familymember.id", primary_key=True, index=True)


class GoalCreate(GoalBase):
    parent_ids: list[uuid.UUID] = Field(min_length=1)


class GoalUpdate(SQLModel):
    version: int = Field(ge=1)
    domain: str | None = Field(default=None, min_length=1, max_length=80)
    term: GoalTerm | None = None
    title: str | None = Field(default=None, min_length=1, max_length=300)
    why_it_matters: str | None = Field(default=None, min_length=1, max_length=2000)
    level_minus_2: str | None = Field(default=None, min_length=1, max_length=1000)
    level_minus_1: str | None = Field(default=None, min_length=1, max_length=1000)
    level_0: str | None = Field(default=None, min_length=1, max_length=1000)
    level_plus_1: str | None = Field(default=None, min_length=1, max_length=1000)
    level_plus_2: str | None = Field(default=None, min_length=1, max_length=1000)
    baseline_level: int | None = Field(default=None, ge=-2, le=2)
    weight: float | None = Field(default=None, gt=0, le=10)
    target_date: date | None = None
    lifecycle_status: GoalLifecycle | None = None
    achievement_status: GoalAchievement | None = None
    parent_ids: list[uuid.UUID] | None = Field(default=None, min_length=1)
    shared_with_all_parents: bool | None = None


class GoalRead(GoalBase):
    id: uuid.UUID
    assessment_id: uuid.UUID
    family_id: uuid.UUID
    lifecycle_status: GoalLifecycle
    achievement_status: GoalAchievement
    signed_off_at: datetime | None
    parent_ids: list[uuid.UUID] = []
    version: int


class MilestoneStatus(enum.StrEnum):
    pending = "pending"
    achieved = "achieved"
    missed = "missed"
    cancelled = "cancelled"


class MilestoneState(enum.StrEnum):
    """A milestone as shown (not stored): its outcome, or pending/overdue by its date."""

    pending = "pending"
    overdue = "overdue"  # past its due date with no outcome recorded
    achieved = "achieved"
    missed = "missed"
    cancelled = "cancelled"


class MilestoneBase(SQLModel):
    description: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    due_on: date


class Milestone(MilestoneBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    goal_id: uuid.UUID = Field(foreign_key="goal.id", index=True)
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    status: MilestoneStatus = Field(
        default=MilestoneStatus.pending, sa_type=enum_type(MilestoneStatus)
    )
    achieved_on: date | None = None
    created_at: datetime = timestamp_field()


class MilestoneCreate(MilestoneBase):
    pass


class MilestoneUpdate(SQLModel):
    version: int = Field(ge=1)
    description: str | None = Field(default=None, min_length=1, max_length=1000)
    due_on: date | None = None


class MilestoneOutcome(SQLModel):
    """Marking a milestone achieved, missed or cancelled."""

    version: int = Field(ge=1)
    status: MilestoneStatus
    occurred_on: date
    note: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _not_pending(self) -> "MilestoneOutcome":
        if self.status == MilestoneStatus.pending:
            raise ValueError("status must be achieved, missed or cancelled")
        return self


class MilestoneRead(MilestoneBase):
    id: uuid.UUID
    goal_id: uuid.UUID
    family_id: uuid.UUID
    status: MilestoneStatus
    achieved_on: date | None
    version: int


class Trigger(enum.StrEnum):
    milestone_achieved = "milestone_achieved"
    milestone_missed = "milestone_missed"
    relapse = "relapse"
    manual = "manual"


class RewardStatus(enum.StrEnum):
    agreed = "agreed"
    earned = "earned"
    given = "given"
    withdrawn = "withdrawn"


class ConsequenceStatus(enum.StrEnum):
    agreed = "agreed"
    due = "due"
    applied = "applied"
    waived = "waived"


class IncentiveBase(SQLModel):
    """What rewards and consequences share: what was agreed and what sets it off."""

    goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id", index=True)
    milestone_id: uuid.UUID | None = Field(default=None, foreign_key="milestone.id", index=True)
    description: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    trigger: Trigger = Field(default=Trigger.manual, sa_type=enum_type(Trigger))

    @model_validator(mode="after")
    def _linked(self) -> "IncentiveBase":
        if self.goal_id is None and self.milestone_id is None:
            raise ValueError("link it to a goal or a milestone")
        if self.trigger in (Trigger.milestone_achieved, Trigger.milestone_missed) and (
            self.milestone_id is None
        ):
            raise ValueError("a milestone trigger needs a milestone")
        return self


class Reward(IncentiveBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    status: RewardStatus = Field(default=RewardStatus.agreed, sa_type=enum_type(RewardStatus))
    decided_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = optional_timestamp_field()
    note: str = text_field(default="")
    created_at: datetime = timestamp_field()


class Consequence(IncentiveBase, Versioned, table=True):
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    status: ConsequenceStatus = Field(
        default=ConsequenceStatus.agreed, sa_type=enum_type(ConsequenceStatus)
    )
    decided_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = optional_timestamp_field()
    note: str = text_field(default="")
    created_at: datetime = timestamp_field()


class IncentiveCreate(IncentiveBase):
    pass


class IncentiveUpdate(SQLModel):
    version: int = Field(ge=1)
    description: str | None = Field(default=None, min_length=1, max_length=1000)


class RewardDecision(SQLModel):
    version: int = Field(ge=1)
    status: RewardStatus  # earned (manual trigger), given or withdrawn
    occurred_on: date
    note: str = Field(min_length=1, max_length=2000)


class ConsequenceDecision(SQLModel):
    version: int = Field(ge=1)
    status: ConsequenceStatus  # due (manual trigger), applied or waived
    occurred_on: date
    note: str = Field(min_length=1, max_length=2000)


class RewardRead(SQLModel):
    id: uuid.UUID
    family_id: uuid.UUID
    goal_id: uuid.UUID | None
    milestone_id: uuid.UUID | None
    description: str
    trigger: Trigger
    status: RewardStatus
    decided_at: datetime | None
    note: str
    version: int


class ConsequenceRead(SQLModel):
    id: uuid.UUID
    family_id: uuid.UUID
    goal_id: uuid.UUID | None
    milestone_id: uuid.UUID | None
    description: str
    trigger: Trigger
    status: ConsequenceStatus
    decided_at: datetime | None
    note: str
    version: int
