"""Gathering a family's case record for a report: a fixed number of queries.

What the reader may see is decided by ``app.services.access``: the family's copy
holds only what is shared with the family, only signed-off goals and what hangs
off them, and only the parent's own stage ratings and comments.
"""

import uuid
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models.account import User
from app.models.evidence import (
    CaseEvent,
    ParentComment,
    PlanEvent,
    ProgressEntry,
    ProgressEntryParent,
    StageRating,
    ViewResponse,
)
from app.models.family import Family, FamilyMember
from app.models.plan import Assessment, Consequence, Goal, GoalParent, Milestone, Reward
from app.models.report import Audience, ChronologyAdjustment
from app.models.review import ReviewMeeting
from app.reports.case_record import CaseRecord
from app.services import access
from app.services.cases.timescale import family_timescale
from app.services.context import Actor
from app.services.reporting import assessment_report


def gather(session: Session, actor: Actor, family_id: uuid.UUID) -> CaseRecord:
    """The family's record as the actor may see it (NotFound, audited, otherwise)."""
    family = access.get_family(session, actor, family_id)
    own_member = actor.user.family_member_id if actor.is_parent else None
    return _load(session, family, access.audience(actor), own_member)


def gather_unchecked(session: Session, family: Family, audience: Audience) -> CaseRecord:
    """For ``cct verify`` run by an operator: rebuild what an export was built from."""
    return _load(session, family, audience, None)


def _load(
    session: Session, family: Family, reader: Audience, own_member: uuid.UUID | None
) -> CaseRecord:
    fid = family.id
    member = sa.literal(own_member, sa.Uuid)

    def mine(model: Any) -> list[Any]:
        """A parent's own copy: the per-parent rule (access.for_parent) on top."""
        return access.for_parent(model, member) if own_member is not None else []

    goals = list(
        session.exec(
            select(Goal)
            .where(Goal.family_id == fid, access.goal_visible_for(reader), *mine(Goal))
            .order_by(col(Goal.created_at), col(Goal.title))
        ).all()
    )
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
    milestones = list(
        session.exec(
            select(Milestone)
            .where(
                Milestone.family_id == fid,
                access.on_visible_goal(reader, Milestone),
                *mine(Milestone),
            )
            .order_by(col(Milestone.due_on))
        ).all()
    )
    rewards = list(
        session.exec(
            select(Reward).where(
                Reward.family_id == fid, access.on_visible_goal(reader, Reward), *mine(Reward)
            )
        ).all()
    )
    consequences = list(
        session.exec(
            select(Consequence).where(
                Consequence.family_id == fid,
                access.on_visible_goal(reader, Consequence),
                *mine(Consequence),
            )
        ).all()
    )
    entries = list(
        session.exec(
            select(ProgressEntry)
            .where(
                ProgressEntry.family_id == fid,
                access.shared_for(reader, ProgressEntry),
                access.on_visible_goal(reader, ProgressEntry),
                *mine(ProgressEntry),
            )
            .order_by(col(ProgressEntry.occurred_on), col(ProgressEntry.recorded_at))
        ).all()
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
            .where(
                StageRating.family_id == fid,
                access.shared_for(reader, StageRating),
                access.own_only(reader, StageRating, own_member),
                *mine(StageRating),
            )
            .order_by(col(StageRating.occurred_on), col(StageRating.recorded_at))
        ).all()
    )
    events = list(
        session.exec(
            select(PlanEvent)
            .where(
                PlanEvent.family_id == fid,
                access.shared_for(reader, PlanEvent),
                access.on_visible_goal(reader, PlanEvent),
                *mine(PlanEvent),
            )
            .order_by(col(PlanEvent.occurred_on), col(PlanEvent.recorded_at))
        ).all()
    )
    reviews = list(
        session.exec(
            select(ReviewMeeting)
            .where(
                ReviewMeeting.family_id == fid,
                access.shared_for(reader, ReviewMeeting),
                *mine(ReviewMeeting),
            )
            .order_by(col(ReviewMeeting.occurred_on), col(ReviewMeeting.recorded_at))
        ).all()
    )
    case_events = list(
        session.exec(
            select(CaseEvent)
            .where(
                CaseEvent.family_id == fid,
                access.shared_for(reader, CaseEvent),
                *mine(CaseEvent),
            )
            .order_by(col(CaseEvent.occurred_on), col(CaseEvent.recorded_at))
        ).all()
    )
    comments = list(
        session.exec(
            select(ParentComment)
            .where(
                ParentComment.family_id == fid,
                access.on_visible_goal(reader, ParentComment),
                access.own_only(reader, ParentComment, own_member),
                *mine(ParentComment),
            )
            .order_by(col(ParentComment.recorded_at))
        ).all()
    )
    responses = list(
        session.exec(
            select(ViewResponse)
            .where(ViewResponse.family_id == fid, *mine(ViewResponse))
            .order_by(col(ViewResponse.recorded_at), col(ViewResponse.id))
        ).all()
    )
    adjustments = list(
        session.exec(
            select(ChronologyAdjustment)
            .where(ChronologyAdjustment.family_id == fid, access.adjustment_visible_for(reader))
            .order_by(col(ChronologyAdjustment.created_at))
        ).all()
    )
    user_ids: set[uuid.UUID] = set()
    user_ids.update(r.recorded_by_id for r in responses)
    for rows in (entries, ratings, events, reviews, case_events):
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
    case = CaseRecord(
        family=family,
        audience=reader,
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
        case_events=case_events,
        responses=responses,
    )
    case.timescale, _ = family_timescale(session, family, case.assessment)
    if reader == Audience.staff and case.assessment is not None:
        # the worker's drafts are for staff and the court, never for the family's copy
        case.report = assessment_report.load(session, case.assessment).written()
    return case
