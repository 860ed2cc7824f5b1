"""Gathering a family's record for a report: a fixed number of queries, scoped by access.

Everything a report shows comes from one ``CaseData``. Parents (the family
audience) get only what is shared with the family, only signed-off goals, and
only their own stage ratings and comments.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.models.account import User
from app.models.evidence import (
    ParentComment,
    PlanEvent,
    ProgressEntry,
    ProgressEntryParent,
    StageRating,
    Visibility,
)
from app.models.family import Family, FamilyMember
from app.models.plan import (
    Assessment,
    AssessmentStatus,
    Consequence,
    Goal,
    GoalParent,
    Milestone,
    Reward,
)
from app.models.report import AdjustmentAction, Audience, ChronologyAdjustment
from app.models.review import ReviewMeeting
from app.services import access
from app.services.context import Actor
from app.services.measuring.measures import GoalInput, Point, current_entries, level_series


@dataclass
class CaseData:
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
    _series: dict[uuid.UUID, list[Point]] = field(default_factory=dict)

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

    def goal_inputs(self) -> list[GoalInput]:
        return [
            GoalInput(g.id, g.weight, g.baseline_level, frozenset(self.goal_members.get(g.id, [])))
            for g in self.assessment_goals
        ]

    def current(self, rows: list[Any]) -> list[Any]:
        return current_entries(rows)

    def name(self, user_id: uuid.UUID | None) -> str:
        return self.names.get(user_id, "unknown") if user_id else "unknown"


def gather(session: Session, actor: Actor, family_id: uuid.UUID) -> CaseData:
    """The family's record as the actor may see it (NotFound, audited, otherwise)."""
    family = access.get_family(session, actor, family_id)
    own_member = actor.user.family_member_id if actor.is_parent else None
    return _load(
        session, family, Audience.family if actor.is_parent else Audience.staff, own_member
    )


def gather_unchecked(session: Session, family: Family, audience: Audience) -> CaseData:
    """For ``cct verify`` run by an operator: rebuild what an export was built from."""
    return _load(session, family, audience, None)


def _load(
    session: Session, family: Family, audience: Audience, own_member: uuid.UUID | None
) -> CaseData:
    fid = family.id
    family_only = audience == Audience.family

    def shared(model: Any) -> Any:
        return model.visibility == Visibility.shared if family_only else True

    goals = list(
        session.exec(
            select(Goal)
            .where(Goal.family_id == fid)
            .where(col(Goal.signed_off_at).is_not(None) if family_only else True)
            .order_by(col(Goal.created_at), col(Goal.title))
        ).all()
    )
    goal_ids = {g.id for g in goals}

    def on_visible_goal(rows: list[Any]) -> list[Any]:
        if not family_only:
            return rows
        return [r for r in rows if getattr(r, "goal_id", None) is None or r.goal_id in goal_ids]

    members = list(
        session.exec(
            select(FamilyMember)
            .where(FamilyMember.family_id == fid)
            .order_by(col(FamilyMember.role), col(FamilyMember.full_name))
        ).all()
    )
    assessments = list(
        session.exec(
            select(Assessment)
            .where(Assessment.family_id == fid)
            .order_by(col(Assessment.started_on))
        ).all()
    )
    goal_members: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for link in session.exec(
        select(GoalParent)
        .join(Goal, col(Goal.id) == GoalParent.goal_id)
        .where(Goal.family_id == fid)
    ).all():
        goal_members[link.goal_id].append(link.member_id)
    milestones = on_visible_goal(
        list(
            session.exec(
                select(Milestone).where(Milestone.family_id == fid).order_by(col(Milestone.due_on))
            ).all()
        )
    )
    rewards = on_visible_goal(
        list(session.exec(select(Reward).where(Reward.family_id == fid)).all())
    )
    consequences = on_visible_goal(
        list(session.exec(select(Consequence).where(Consequence.family_id == fid)).all())
    )
    entries = on_visible_goal(
        list(
            session.exec(
                select(ProgressEntry)
                .where(ProgressEntry.family_id == fid, shared(ProgressEntry))
                .order_by(col(ProgressEntry.occurred_on), col(ProgressEntry.recorded_at))
            ).all()
        )
    )
    entry_members: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for entry_link in session.exec(
        select(ProgressEntryParent)
        .join(ProgressEntry, col(ProgressEntry.id) == ProgressEntryParent.entry_id)
        .where(ProgressEntry.family_id == fid)
    ).all():
        entry_members[entry_link.entry_id].add(entry_link.member_id)
    ratings = list(
        session.exec(
            select(StageRating)
            .where(StageRating.family_id == fid, shared(StageRating))
            .order_by(col(StageRating.occurred_on), col(StageRating.recorded_at))
        ).all()
    )
    events = on_visible_goal(
        list(
            session.exec(
                select(PlanEvent)
                .where(PlanEvent.family_id == fid, shared(PlanEvent))
                .order_by(col(PlanEvent.occurred_on), col(PlanEvent.recorded_at))
            ).all()
        )
    )
    reviews = list(
        session.exec(
            select(ReviewMeeting)
            .where(ReviewMeeting.family_id == fid, shared(ReviewMeeting))
            .order_by(col(ReviewMeeting.occurred_on), col(ReviewMeeting.recorded_at))
        ).all()
    )
    comments = on_visible_goal(
        list(
            session.exec(
                select(ParentComment)
                .where(ParentComment.family_id == fid)
                .order_by(col(ParentComment.recorded_at))
            ).all()
        )
    )
    adjustments = list(
        session.exec(
            select(ChronologyAdjustment)
            .where(ChronologyAdjustment.family_id == fid)
            .order_by(col(ChronologyAdjustment.created_at))
        ).all()
    )
    if family_only:
        ratings = [r for r in ratings if r.member_id == own_member]
        comments = [c for c in comments if c.member_id == own_member]
        adjustments = [
            a
            for a in adjustments
            if a.action == AdjustmentAction.omit or a.visibility == Visibility.shared
        ]
    user_ids: set[uuid.UUID] = set()
    for rows in (entries, ratings, events, reviews):
        for r in rows:
            user_ids.add(r.recorded_by_id)
            if r.entered_in_error_by_id:
                user_ids.add(r.entered_in_error_by_id)
    user_ids.update(a.created_by_id for a in adjustments)
    user_ids.update(g.signed_off_by_id for g in goals if g.signed_off_by_id)
    names = (
        {
            u.id: u.display_name
            for u in session.exec(select(User).where(col(User.id).in_(user_ids))).all()
        }
        if user_ids
        else {}
    )
    return CaseData(
        family=family,
        audience=audience,
        members=members,
        assessments=assessments,
        goals=goals,
        goal_members=dict(goal_members),
        milestones=milestones,
        rewards=rewards,
        consequences=consequences,
        entries=entries,
        entry_members={k: frozenset(v) for k, v in entry_members.items()},
        ratings=ratings,
        events=events,
        reviews=reviews,
        comments=comments,
        adjustments=adjustments,
        names=names,
    )


def in_range(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or on >= start) and (end is None or on <= end)
