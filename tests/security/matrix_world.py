"""The access matrix's world: the shared test world plus evidence of every kind.

Marker strings make leaks easy to find: anything internal to family A, and
anything at all of family B, must never reach parent A.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from app.models.account import Allocation, Role
from app.models.evidence import (
    CaseEvent,
    EventSource,
    ParentComment,
    ProgressEntryParent,
    Stage,
    StageRating,
    Stance,
    Visibility,
)
from app.models.family import FamilyMember, TimescaleExtension
from app.models.plan import Consequence, Milestone, Reward, Trigger
from app.models.review import ReviewKind, ReviewMeeting
from tests import factories

# family A's internal records (never for parents)
INTERNAL_A = "Quillfeather internal note on family A"
# every text of family B (never for parent A)
FAMILY_B = "Zanzibarite family B note"
# what is the father's alone (never for the mother), and the mother's alone (never for him)
FATHER_ONLY = "Plumtree note about the father alone"
MOTHER_ONLY = "Gooseberry note about the mother alone"


@dataclass
class MatrixWorld:
    w: factories.World
    rating_a: StageRating
    internal_rating_a: StageRating
    review_a: ReviewMeeting
    internal_review_a: ReviewMeeting
    comment_a: ParentComment
    allocation_a: Allocation
    # records of one parent alone: goal, entry, rating, milestone, reward, consequence
    of_mother: dict[str, Any]
    of_father: dict[str, Any]
    # spares, so that one route's write leaves the next route's record untouched
    spare: dict[str, Any]

    def markers_for(self, role: str) -> list[str]:
        """The texts this role must never receive."""
        internal = [self.w.internal_entry_a.observation, INTERNAL_A]
        if role == "parent":
            return [*internal, FAMILY_B, self.w.family_b.case_reference, "Brockley", FATHER_ONLY]
        if role == "parent_co":
            mothers = [self.rating_a.note, self.comment_a.text, MOTHER_ONLY]
            return [*internal, FAMILY_B, self.w.family_b.case_reference, "Brockley", *mothers]
        if role == "parent_other":
            return [*internal, self.w.family_a.case_reference, "Ashdown"]
        return []


def _rating(
    session: Session,
    w: factories.World,
    visibility: Visibility,
    note: str,
    member: FamilyMember | None = None,
) -> StageRating:
    r = StageRating(
        family_id=w.family_a.id,
        member_id=(member or w.mother_a).id,
        occurred_on=date.today() - timedelta(days=5),
        recorded_by_id=w.worker_a.id,
        visibility=visibility,
        stage=Stage.preparation,
        motivation=6,
        ability=4,
        note=note,
    )
    session.add(r)
    return r


def _review(
    session: Session, w: factories.World, visibility: Visibility, summary: str
) -> ReviewMeeting:
    r = ReviewMeeting(
        family_id=w.family_a.id,
        assessment_id=w.assessment_a.id,
        occurred_on=date.today() - timedelta(days=4),
        recorded_by_id=w.worker_a.id,
        visibility=visibility,
        kind=ReviewKind.core_group,
        summary=summary,
    )
    session.add(r)
    return r


def _event(
    session: Session,
    w: factories.World,
    visibility: Visibility,
    text: str,
    family: Any = None,
    about: FamilyMember | None = None,
) -> CaseEvent:
    e = CaseEvent(
        family_id=(family or w.family_a).id,
        member_id=about.id if about else None,
        occurred_on=date.today() - timedelta(days=3),
        recorded_by_id=w.worker_a.id if family is None else w.worker_b.id,
        visibility=visibility,
        source=EventSource.police,
        reported_by="PC 4471",
        what_happened=text,
        significance_for_child="The child heard it.",
    )
    session.add(e)
    return e


def _extension(session: Session, w: factories.World) -> TimescaleExtension:
    ext = TimescaleExtension(
        family_id=w.family_a.id,
        granted_on=date.today() - timedelta(days=3),
        weeks=2,
        reason="Awaiting a parenting assessment",
        recorded_by_id=w.worker_a.id,
    )
    session.add(ext)
    return ext


def build(session: Session) -> MatrixWorld:
    w = factories.build_world(session)
    factories.entry(
        session, w.goal_b, w.worker_b, observation=f"{FAMILY_B}: shared with Max Brockley."
    )
    factories.entry(
        session,
        w.goal_b,
        w.worker_b,
        visibility=Visibility.internal,
        observation=f"{FAMILY_B}: internal.",
    )
    factories.entry(
        session, w.goal_a, w.worker_a, visibility=Visibility.internal, observation=INTERNAL_A
    )
    rating = _rating(session, w, Visibility.shared, "Talks about the changes needed.")
    internal_rating = _rating(session, w, Visibility.internal, f"{INTERNAL_A} (rating)")
    review = _review(session, w, Visibility.shared, "Core group agreed the plan.")
    internal_review = _review(session, w, Visibility.internal, f"{INTERNAL_A} (review)")
    session.add(
        ReviewMeeting(
            family_id=w.family_b.id,
            occurred_on=date.today() - timedelta(days=2),
            recorded_by_id=w.worker_b.id,
            visibility=Visibility.shared,
            kind=ReviewKind.core_group,
            summary=f"{FAMILY_B} (review)",
        )
    )
    comment = ParentComment(
        family_id=w.family_a.id,
        author_id=w.parent_a.id,
        member_id=w.mother_a.id,
        goal_id=w.goal_a.id,
        stance=Stance.agree,
        text="I agree with this goal.",
    )
    session.add(comment)
    session.add(
        ParentComment(
            family_id=w.family_b.id,
            author_id=w.parent_b.id,
            member_id=w.parent_b_member.id,
            goal_id=w.goal_b.id,
            stance=Stance.disagree,
            text=f"{FAMILY_B} (comment)",
        )
    )
    _event(session, w, Visibility.shared, f"{FAMILY_B} (event)", w.family_b)
    of_mother = _one_parents(session, w, w.mother_a, MOTHER_ONLY)
    of_father = _one_parents(session, w, w.father_a, FATHER_ONLY)
    spare = _spares(session, w)
    session.commit()
    allocation = session.exec(
        select(Allocation).where(
            Allocation.family_id == w.family_a.id, Allocation.user_id == w.worker_a.id
        )
    ).one()
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    return MatrixWorld(
        w,
        rating,
        internal_rating,
        review,
        internal_review,
        comment,
        allocation,
        of_mother,
        of_father,
        spare,
    )


def _one_parents(
    session: Session, w: factories.World, parent: FamilyMember, marker: str
) -> dict[str, Any]:
    """A goal of one parent alone, with shared records on it, and records about them alone."""
    goal = factories.goal(session, w.assessment_a, [parent], title=f"{marker} (goal)")
    factories.entry(session, goal, w.worker_a, observation=f"{marker} (entry)")
    # on the joint goal, but about this parent only
    about = factories.entry(session, w.goal_a, w.worker_a, observation=f"{marker} (joint goal)")
    session.add(ProgressEntryParent(entry_id=about.id, member_id=parent.id))
    milestone = Milestone(
        goal_id=goal.id,
        family_id=w.family_a.id,
        description=f"{marker} (milestone)",
        due_on=date.today() + timedelta(weeks=3),
    )
    session.add(milestone)
    session.flush()
    reward = Reward(family_id=w.family_a.id, goal_id=goal.id, description=f"{marker} (reward)")
    consequence = Consequence(
        family_id=w.family_a.id, goal_id=goal.id, description=f"{marker} (consequence)"
    )
    session.add_all([reward, consequence])
    rating = _rating(session, w, Visibility.shared, f"{marker} (rating)", parent)
    # a family-level event shared with the family, but about this parent alone
    event = _event(session, w, Visibility.shared, f"{marker} (police report)", about=parent)
    session.flush()
    return {
        "goal": goal,
        "entry": about,
        "rating": rating,
        "milestone": milestone,
        "reward": reward,
        "consequence": consequence,
        "event": event,
    }


def _spares(session: Session, w: factories.World) -> dict[str, Any]:
    hidden = Visibility.internal
    spare: dict[str, Any] = {
        "entry_amend": factories.entry(session, w.goal_a, w.worker_a),
        "entry_error": factories.entry(
            session, w.goal_a, w.worker_a, visibility=hidden, observation=f"{INTERNAL_A} (2)"
        ),
        "rating_amend": _rating(session, w, Visibility.shared, "Ready to start."),
        "extension": _extension(session, w),
        "event": _event(session, w, Visibility.shared, "Police called after shouting."),
        "internal_event": _event(session, w, Visibility.internal, f"{INTERNAL_A} (event)"),
        "event_amend": _event(session, w, Visibility.shared, "School exclusion for a day."),
        "event_error": _event(session, w, Visibility.internal, f"{INTERNAL_A} (event 2)"),
        "event_error_page": _event(session, w, Visibility.internal, f"{INTERNAL_A} (event 3)"),
        "rating_error": _rating(session, w, hidden, f"{INTERNAL_A} (rating 2)"),
        "review_amend": _review(session, w, Visibility.shared, "Plan reviewed."),
        "review_error": _review(session, w, hidden, f"{INTERNAL_A} (review 2)"),
        "goal_unsigned": factories.goal(
            session,
            w.assessment_a,
            [w.mother_a],
            title="Take the children to school",
            signed_off=False,
        ),
    }
    milestone = Milestone(
        goal_id=w.goal_a.id,
        family_id=w.family_a.id,
        description="Kitchen safe at the next visit",
        due_on=date.today() + timedelta(weeks=1),
    )
    session.add(milestone)
    reward = Reward(
        family_id=w.family_a.id,
        goal_id=w.goal_a.id,
        description="A day out together",
        trigger=Trigger.manual,
    )
    consequence = Consequence(
        family_id=w.family_a.id,
        goal_id=w.goal_a.id,
        description="Contact supervised again",
        trigger=Trigger.manual,
    )
    session.add_all([reward, consequence])
    extra_worker = factories.user(session, "Ivo Lund", Role.social_worker, w.team_a)
    extra = Allocation(family_id=w.family_a.id, user_id=extra_worker.id, is_primary=False)
    session.add(extra)
    session.flush()
    spare |= {"milestone": milestone, "reward": reward, "consequence": consequence}
    spare |= {"allocation": extra, "allocation_web": None}
    extra_2 = factories.user(session, "Una Reed", Role.social_worker, w.team_a)
    spare["allocation_web"] = Allocation(
        family_id=w.family_a.id, user_id=extra_2.id, is_primary=False
    )
    session.add(spare["allocation_web"])
    session.flush()
    return spare


def users(mw: MatrixWorld) -> dict[str, Any]:
    """Role name → user (None: signed out)."""
    w = mw.w
    return {
        "worker": w.worker_a,
        "worker_other": w.worker_a2,
        "lead": w.lead_a,
        "lead_other": w.lead_b,
        "parent": w.parent_a,
        "parent_other": w.parent_b,
        "parent_co": w.parent_a2,
        "admin": w.admin,
        "anon": None,
    }
