"""Evidence a court may rely on. Append-only: rows are never updated in place.

A correction is a new row that ``amends`` the old one (with a reason); a mistake
is marked entered in error (the only fields ever filled in after the fact).
"""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import (
    enum_type,
    id_field,
    optional_timestamp_field,
    timestamp_field,
)


class Visibility(enum.StrEnum):
    shared = "shared"  # shared with the family
    internal = "internal"  # third-party or risk information; never shown to parents


class Significance(enum.StrEnum):
    routine = "routine"
    significant = "significant"


class Source(enum.StrEnum):
    home_visit = "home_visit"
    drug_test = "drug_test"
    school_report = "school_report"
    agency_report = "agency_report"
    parent_report = "parent_report"
    contact_session = "contact_session"
    other = "other"


class EvidenceRecord(SQLModel):
    """Who recorded what, when it happened and when it was written down."""

    occurred_on: date
    recorded_at: datetime = timestamp_field()
    recorded_by_id: uuid.UUID = Field(foreign_key="user.id")
    visibility: Visibility = Field(default=Visibility.internal, sa_type=enum_type(Visibility))
    amendment_reason: str | None = Field(default=None, sa_type=sa.Text)
    entered_in_error_at: datetime | None = optional_timestamp_field()
    entered_in_error_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    entered_in_error_reason: str | None = Field(default=None, sa_type=sa.Text)


class ProgressEntry(EvidenceRecord, table=True):
    __table_args__ = (
        sa.Index("ix_progressentry_family_occurred", "family_id", "occurred_on"),
        # a goal's series in date order: relapse detection reads its latest score
        sa.Index("ix_progressentry_goal_occurred", "goal_id", "occurred_on", "recorded_at"),
    )
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    goal_id: uuid.UUID = Field(foreign_key="goal.id", index=True)
    # the entry this one corrects; unique, so an amendment chain never forks
    amends_id: uuid.UUID | None = Field(default=None, foreign_key="progressentry.id", unique=True)
    gas_score: int | None = Field(default=None, ge=-2, le=2)
    observation: str = Field(sa_type=sa.Text)
    source: Source = Field(sa_type=enum_type(Source))
    document_reference: str = Field(default="", max_length=200)
    significance: Significance = Field(
        default=Significance.routine, sa_type=enum_type(Significance)
    )
    # what a significant entry means for the child, in the worker's words (the chronology
    # shows it); a suggestion filled in for them stays "needs review" until they confirm it
    significance_for_child: str = Field(
        default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""}
    )
    significance_needs_review: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa.false()}
    )
    # an entry is seen only by the parents it is about, unless the worker deliberately
    # shares it with every parent of the family (audited when set)
    shared_with_all_parents: bool = False


class ProgressEntryParent(SQLModel, table=True):
    """Which parents an observation is about (none named: all of the goal's parents)."""

    entry_id: uuid.UUID = Field(foreign_key="progressentry.id", primary_key=True)
    member_id: uuid.UUID = Field(foreign_key="familymember.id", primary_key=True)


class Stage(enum.StrEnum):
    """Prochaska and DiClemente's stages of change, with relapse."""

    precontemplation = "precontemplation"
    contemplation = "contemplation"
    preparation = "preparation"
    action = "action"
    maintenance = "maintenance"
    relapse = "relapse"


class StageRating(EvidenceRecord, table=True):
    """A parent's stage of change, motivation and ability (recorded separately)."""

    __table_args__ = (sa.Index("ix_stagerating_family_occurred", "family_id", "occurred_on"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    member_id: uuid.UUID = Field(foreign_key="familymember.id", index=True)
    amends_id: uuid.UUID | None = Field(default=None, foreign_key="stagerating.id", unique=True)
    stage: Stage = Field(sa_type=enum_type(Stage))
    motivation: int = Field(ge=0, le=10)
    ability: int = Field(ge=0, le=10)
    note: str = Field(default="", sa_type=sa.Text)
    # a rating reaches the chronology only when the worker marks it significant, with
    # what it means for the child in their words ("needs review" until they confirm it)
    significance: Significance = Field(
        default=Significance.routine,
        sa_type=enum_type(Significance),
        sa_column_kwargs={"server_default": "routine"},
    )
    significance_for_child: str = Field(
        default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""}
    )
    significance_needs_review: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa.false()}
    )


class PlanEventKind(enum.StrEnum):
    milestone_achieved = "milestone_achieved"
    milestone_missed = "milestone_missed"
    milestone_cancelled = "milestone_cancelled"
    reward_earned = "reward_earned"
    reward_given = "reward_given"
    reward_withdrawn = "reward_withdrawn"
    consequence_due = "consequence_due"
    consequence_applied = "consequence_applied"
    consequence_waived = "consequence_waived"
    plan_signed_off = "plan_signed_off"
    plan_changes_requested = "plan_changes_requested"
    relapse = "relapse"


class PlanEvent(EvidenceRecord, table=True):
    """Something that happened to the plan: a milestone met, a reward given, a sign-off."""

    __table_args__ = (sa.Index("ix_planevent_family_occurred", "family_id", "occurred_on"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    kind: PlanEventKind = Field(sa_type=enum_type(PlanEventKind))
    goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id", index=True)
    milestone_id: uuid.UUID | None = Field(default=None, foreign_key="milestone.id")
    reward_id: uuid.UUID | None = Field(default=None, foreign_key="reward.id")
    consequence_id: uuid.UUID | None = Field(default=None, foreign_key="consequence.id")
    summary: str = Field(sa_type=sa.Text)
    note: str = Field(default="", sa_type=sa.Text)
    # the entries a derived event (a relapse) quotes: a parent sees the event only
    # while they may see both
    entry_id: uuid.UUID | None = Field(default=None, foreign_key="progressentry.id")
    earlier_entry_id: uuid.UUID | None = Field(default=None, foreign_key="progressentry.id")


class Stance(enum.StrEnum):
    agree = "agree"
    disagree = "disagree"
    comment = "comment"


class ParentComment(SQLModel, table=True):
    """A parent's own view, in their words. Staff cannot edit it."""

    __table_args__ = (sa.Index("ix_parentcomment_family_recorded", "family_id", "recorded_at"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    author_id: uuid.UUID = Field(foreign_key="user.id")
    member_id: uuid.UUID = Field(foreign_key="familymember.id")
    goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id")
    entry_id: uuid.UUID | None = Field(default=None, foreign_key="progressentry.id")
    stance: Stance = Field(sa_type=enum_type(Stance))
    text: str = Field(sa_type=sa.Text)
    recorded_at: datetime = timestamp_field()
    # when a worker first saw it (caseload shows unseen comments)
    seen_at: datetime | None = optional_timestamp_field()


class EventSource(enum.StrEnum):
    """Who a family-level event came from (police call-out, hospital, school, ...)."""

    police = "police"
    health = "health"
    education = "education"
    probation = "probation"
    housing = "housing"
    other_agency = "other_agency"
    family = "family"
    other = "other"


class CaseEvent(EvidenceRecord, table=True):
    """A significant event in the family's life that belongs to no goal: a police
    call-out, a hospital attendance, a school exclusion, a probation or housing report.

    Evidence like a progress entry: append-only, amended by a new version with a
    reason, or marked entered in error.
    """

    __table_args__ = (sa.Index("ix_caseevent_family_occurred", "family_id", "occurred_on"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    amends_id: uuid.UUID | None = Field(default=None, foreign_key="caseevent.id", unique=True)
    source: EventSource = Field(sa_type=enum_type(EventSource))
    document_reference: str = Field(default="", max_length=200)
    # who reported it: a person or an office, e.g. "PC 1234, Westmarsh police"
    reported_by: str = Field(default="", max_length=200)
    what_happened: str = Field(sa_type=sa.Text)
    # what it means for the child, in the worker's own words
    significance_for_child: str = Field(sa_type=sa.Text)
    # the one parent it is about (a police report about the father), or None for the
    # whole family; once shared, only that parent reads it (see access.for_parent)
    member_id: uuid.UUID | None = Field(default=None, foreign_key="familymember.id")


class ViewResponse(SQLModel, table=True):
    """A worker's answer to a parent's view, which the parent reads beside it.

    Append-only like the view itself. A view the worker judges significant goes into
    the court chronology, with the answer.
    """

    __table_args__ = (sa.Index("ix_viewresponse_family_recorded", "family_id", "recorded_at"),)
    id: uuid.UUID = id_field()
    family_id: uuid.UUID = Field(foreign_key="family.id")
    comment_id: uuid.UUID = Field(foreign_key="parentcomment.id", index=True)
    text: str = Field(sa_type=sa.Text)
    significant: bool = False
    recorded_by_id: uuid.UUID = Field(foreign_key="user.id")
    recorded_at: datetime = timestamp_field()
