"""Builders for test data. Invented names only; nothing here is a real person."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlmodel import Session, select

from app.domain.timescale import last_day
from app.models.account import Allocation, Role, Team, User
from app.models.base import utcnow
from app.models.evidence import ProgressEntry, Significance, Source, Visibility
from app.models.family import Family, FamilyMember, LegalStatus, MemberRole
from app.models.plan import (
    Assessment,
    Consequence,
    Goal,
    GoalLifecycle,
    GoalParent,
    Milestone,
    Reward,
    Trigger,
)
from app.services.identity.auth import hash_password

PASSWORD = "plum-kettle-orbit-42"


@lru_cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def user(
    session: Session,
    name: str,
    role: Role,
    team: Team | None = None,
    member: FamilyMember | None = None,
) -> User:
    u = User(
        email=f"{name.lower().replace(' ', '.')}@example.test",
        display_name=name,
        role=role,
        team_id=team.id if team else None,
        family_member_id=member.id if member else None,
        password_hash=_password_hash(),
    )
    session.add(u)
    session.flush()
    return u


def family(
    session: Session,
    team: Team,
    reference: str,
    name: str,
    worker: User | None = None,
    legal_status: LegalStatus = LegalStatus.care_proceedings,
) -> Family:
    f = Family(
        case_reference=reference,
        family_name=name,
        team_id=team.id,
        legal_status=legal_status,
        proceedings_issued_on=date.today() - timedelta(weeks=8),
        involved_since=date.today() - timedelta(days=400),
    )
    session.add(f)
    session.flush()
    if worker is not None:
        session.add(Allocation(family_id=f.id, user_id=worker.id))
    return f


def member(
    session: Session,
    fam: Family,
    name: str,
    role: MemberRole = MemberRole.parent,
    relationship: str = "mother",
    born: date | None = None,
) -> FamilyMember:
    m = FamilyMember(
        family_id=fam.id, role=role, full_name=name, relationship=relationship, date_of_birth=born
    )
    session.add(m)
    session.flush()
    return m


def assessment(session: Session, fam: Family) -> Assessment:
    a = Assessment(
        family_id=fam.id,
        started_on=date.today() - timedelta(weeks=8),
        # the statutory last day when the family is in care proceedings
        decision_date=(
            last_day(fam.proceedings_issued_on)
            if fam.proceedings_issued_on
            else date.today() + timedelta(weeks=18)
        ),
    )
    session.add(a)
    session.flush()
    return a


def goal(
    session: Session,
    a: Assessment,
    parents: list[FamilyMember],
    title: str = "Keep the home safe and clean for the children",
    signed_off: bool = True,
    weight: float = 1.0,
) -> Goal:
    g = Goal(
        assessment_id=a.id,
        family_id=a.family_id,
        domain="Home conditions",
        title=title,
        why_it_matters="The children need a safe place to sleep and play.",
        level_minus_2="Rooms unsafe most days; hazards within reach",
        level_minus_1="Some rooms safe; hazards seen at most visits",
        level_0="All rooms safe at every planned visit",
        level_plus_1="Safe at planned and unplanned visits",
        level_plus_2="Safe at every visit for three months, kept up without prompting",
        baseline_level=-1,
        weight=weight,
        target_date=date.today() + timedelta(weeks=12),
        lifecycle_status=GoalLifecycle.active,
        signed_off_at=utcnow() if signed_off else None,
    )
    session.add(g)
    session.flush()
    for p in parents:
        session.add(GoalParent(goal_id=g.id, member_id=p.id))
    return g


def entry(
    session: Session,
    g: Goal,
    by: User,
    score: int | None = 0,
    days_ago: int = 1,
    visibility: Visibility = Visibility.shared,
    significance: Significance = Significance.routine,
    observation: str = "Kitchen and bedrooms tidy; stair gate fitted.",
) -> ProgressEntry:
    e = ProgressEntry(
        family_id=g.family_id,
        goal_id=g.id,
        occurred_on=date.today() - timedelta(days=days_ago),
        recorded_by_id=by.id,
        gas_score=score,
        observation=observation,
        source=Source.home_visit,
        significance=significance,
        visibility=visibility,
    )
    session.add(e)
    session.flush()
    return e


@dataclass
class World:
    team_a: Team
    team_b: Team
    lead_a: User
    lead_b: User
    worker_a: User
    worker_a2: User
    worker_b: User
    admin: User
    family_a: Family
    family_b: Family
    mother_a: FamilyMember
    father_a: FamilyMember
    child_a: FamilyMember
    parent_b_member: FamilyMember
    parent_a: User
    parent_a2: User
    parent_b: User
    assessment_a: Assessment
    goal_a: Goal
    goal_a_unsigned: Goal
    milestone_a: Milestone
    reward_a: Reward
    consequence_a: Consequence
    shared_entry_a: ProgressEntry
    internal_entry_a: ProgressEntry
    goal_b: Goal
    entry_b: ProgressEntry


def build_world(session: Session) -> World:
    team_a = Team(name="Riverside Team")
    team_b = Team(name="Hillcrest Team")
    session.add_all([team_a, team_b])
    session.flush()
    lead_a = user(session, "Lena Marsh", Role.team_lead, team_a)
    lead_b = user(session, "Owen Pryce", Role.team_lead, team_b)
    worker_a = user(session, "Sam Okoro", Role.social_worker, team_a)
    worker_a2 = user(session, "Ria Patel", Role.social_worker, team_a)
    worker_b = user(session, "Tom Hale", Role.social_worker, team_b)
    admin = user(session, "Ada Admin", Role.admin)

    family_a = family(session, team_a, "CCT-A-0001", "Ashdown family", worker_a)
    mother_a = member(session, family_a, "Jo Ashdown", relationship="mother")
    father_a = member(session, family_a, "Lee Ashdown", relationship="father")
    child_a = member(
        session,
        family_a,
        "Kit Ashdown",
        MemberRole.child,
        "son",
        date.today() - timedelta(1500),
    )
    family_b = family(session, team_b, "CCT-B-0001", "Brockley family", worker_b)
    parent_b_member = member(session, family_b, "Max Brockley", relationship="father")

    parent_a = user(session, "Jo Ashdown", Role.parent, member=mother_a)
    parent_a2 = user(session, "Lee Ashdown", Role.parent, member=father_a)
    parent_b = user(session, "Max Brockley", Role.parent, member=parent_b_member)

    assessment_a = assessment(session, family_a)
    goal_a = goal(session, assessment_a, [mother_a, father_a])
    goal_a_unsigned = goal(
        session, assessment_a, [father_a], title="Attend every contact session", signed_off=False
    )
    milestone_a = Milestone(
        goal_id=goal_a.id,
        family_id=family_a.id,
        description="Bedrooms safe at two visits in a row",
        due_on=date.today() + timedelta(weeks=2),
    )
    session.add(milestone_a)
    session.flush()
    reward_a = Reward(
        family_id=family_a.id,
        goal_id=goal_a.id,
        milestone_id=milestone_a.id,
        description="Extra contact session at the park",
        trigger=Trigger.milestone_achieved,
    )
    consequence_a = Consequence(
        family_id=family_a.id,
        goal_id=goal_a.id,
        milestone_id=milestone_a.id,
        description="Home conditions raised at the next PLO meeting",
        trigger=Trigger.milestone_missed,
    )
    session.add_all([reward_a, consequence_a])
    shared_entry_a = entry(session, goal_a, worker_a, score=-1, days_ago=10)
    internal_entry_a = entry(
        session,
        goal_a,
        worker_a,
        score=0,
        days_ago=3,
        visibility=Visibility.internal,
        significance=Significance.significant,
        observation="Neighbour reported shouting late at night (third-party information).",
    )
    assessment_b = assessment(session, family_b)
    goal_b = goal(session, assessment_b, [parent_b_member], title="Stay free of alcohol")
    entry_b = entry(session, goal_b, worker_b, score=1)
    session.commit()
    return World(
        team_a=team_a,
        team_b=team_b,
        lead_a=lead_a,
        lead_b=lead_b,
        worker_a=worker_a,
        worker_a2=worker_a2,
        worker_b=worker_b,
        admin=admin,
        family_a=family_a,
        family_b=family_b,
        mother_a=mother_a,
        father_a=father_a,
        child_a=child_a,
        parent_b_member=parent_b_member,
        parent_a=parent_a,
        parent_a2=parent_a2,
        parent_b=parent_b,
        assessment_a=assessment_a,
        goal_a=goal_a,
        goal_a_unsigned=goal_a_unsigned,
        milestone_a=milestone_a,
        reward_a=reward_a,
        consequence_a=consequence_a,
        shared_entry_a=shared_entry_a,
        internal_entry_a=internal_entry_a,
        goal_b=goal_b,
        entry_b=entry_b,
    )


# --- families whose measures say they are slipping (issue: "failing families look fine") ---


def slipping_family(
    session: Session, world: World, ref: str, name: str, goals: int, weeks: int
) -> Family:
    """A family whose every goal is flat at −2, ``weeks`` from the decision."""
    fam = family(session, world.team_a, ref, name, world.worker_a)
    # care proceedings issued so that the 26 weeks end ``weeks`` from today
    fam.proceedings_issued_on = date.today() - timedelta(weeks=26 - weeks) + timedelta(days=1)
    session.add(fam)
    mum = member(session, fam, f"Parent of {name}")
    a = Assessment(
        family_id=fam.id,
        started_on=date.today() - timedelta(weeks=12),
        decision_date=date.today() + timedelta(weeks=weeks),
    )
    session.add(a)
    session.flush()
    for n in range(goals):
        g = goal(session, a, [mum], title=f"Goal {n + 1}")
        for week in range(8):
            entry(session, g, world.worker_a, score=-2, days_ago=2 + 7 * week)
    session.flush()
    return fam


def carrowmoor(session: Session, world: World) -> Family:
    """Three goals flat at −2, an overdue milestone, 5 weeks to the decision; and a family
    with more goals off course but 13 weeks left, which must not outrank it."""
    slipping_family(session, world, "CCT-A-0098", "Orchardly family", goals=4, weeks=13)
    fam = slipping_family(session, world, "CCT-A-0099", "Carrowmoor family", goals=3, weeks=5)
    goal = session.exec(select(Goal).where(Goal.family_id == fam.id)).first()
    assert goal is not None
    session.add(
        Milestone(
            goal_id=goal.id,
            family_id=fam.id,
            description="Kitchen cleared by the visit",
            due_on=date.today() - timedelta(3),
        )
    )
    session.commit()
    return fam
