"""The demo case load, and scale data for benchmarks. Invented people only.

``load_demo`` builds three teams and about forty families with a year of plans and
evidence; ``seed_families`` adds any number of families on top of existing data
with another random seed and reference prefix. Both use a fixed random seed, so
the same command gives the same data (dates are relative to today), and both
refuse to run in production. There is no acting user: these are set-up commands,
audited as the system.
"""

import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app import clock
from app.config import get_settings
from app.demo import text
from app.demo.build import TRAJECTORIES, Batch, Ctx, FamilySpec, TeamStaff
from app.demo.evidence import build_evidence
from app.demo.family import build_family
from app.models.account import Role, Team, User
from app.models.family import Family
from app.models.family import LegalStatus as LS
from app.services import audit
from app.services.identity.auth import hash_password

DEMO_SEED = 1207
DEMO_PREFIX = "DEMO"
SEED_TEAMS = ("Seed Team 1", "Seed Team 2", "Seed Team 3")
SEED_WORKERS_PER_TEAM = 5
_PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{0,19}$")


def _rng(seed: int | str) -> random.Random:
    return random.Random(seed)  # noqa: S311  (repeatable invented data, not secrets)


class DemoRefused(Exception):
    """The demo or seed data cannot be loaded; the message says why."""


@dataclass(frozen=True)
class SignIn:
    email: str
    role: Role
    team: str
    try_this: str


def _email(name: str, domain: str = text.DEMO_DOMAIN) -> str:
    first, last = name.split(" ", 1)
    return f"{first}.{last}@{domain}".lower().replace(" ", "")


def _spec(i: int, surname: str, status: LS, trajectory: str, days: int, **kw: object) -> FamilySpec:
    return FamilySpec(
        reference=f"{DEMO_PREFIX}-{i + 1:04d}",
        surname=surname,
        legal_status=status,
        trajectory=trajectory,
        team=i % 3,
        worker=(i // 3) % 3,
        days=days,
        **kw,  # type: ignore[arg-type]
    )


# Families with a story to show, each in a different worker's caseload.
STORIES = (
    _spec(0, "Ambleworth", LS.child_protection_plan, "improving", 364, structure="couple",
          first_names=("Gemma", "Liam"), parent_accounts=2,
          features=frozenset({"amend", "disagree"}), goals=("home", "school", "engagement")),
    _spec(1, "Bramblewick", LS.care_proceedings, "relapse", 340, weeks_since_issued=23,
          structure="single_mother", first_names=("Kayleigh",), parent_accounts=1,
          features=frozenset({"error", "disagree"}), goals=("alcohol", "contact", "health")),
    _spec(2, "Carrowmoor", LS.plo_pre_proceedings, "declining", 300, structure="mother_partner",
          first_names=("Shannon", "Dean"), parent_accounts=1,
          features=frozenset({"amend_twice", "disagree"}), goals=("drugs", "routines", "home")),
    _spec(3, "Dapplefield", LS.child_in_need, "flat", 250, structure="single_father",
          first_names=("Marcus",), parent_accounts=1, goals=("routines", "health", "school"),
          proposed_goal=True),
    _spec(4, "Eddersby", LS.care_proceedings, "declining", 365, weeks_since_issued=28,
          structure="couple", first_names=("Jade", "Ryan"), features=frozenset({"amend"}),
          goals=("contact", "drugs", "engagement")),
    _spec(5, "Farrowdale", LS.child_protection_plan, "improving", 210, structure="single_mother",
          first_names=("Zara",), parent_accounts=1, goals=("safety", "school", "routines")),
)  # fmt: skip

# what each featured account is good for trying
_TRY = {
    _email(text.ADMIN): "Accounts and teams (admins see no case records)",
    _email(text.LEADS[0]): "The team's caseload, overdue milestones, a proposed goal to sign off",
    _email(text.LEADS[1]): "Cases near the 26-week limit: one 3 weeks away, one past it",
    _email(text.LEADS[2]): "Pre-proceedings cases and their review dates",
    _email(text.WORKERS[0][0]): "Ambleworth family: an amended entry, a parent's disagreement",
    _email(text.WORKERS[1][0]): "Bramblewick family: a relapse, an entry entered in error",
    _email(text.WORKERS[2][0]): "Carrowmoor family: falling scores, an entry corrected twice",
}
_PARENT_TRY = "Your family's plan in plain English; add your own view"


def demo_sign_ins() -> list[SignIn]:
    """The demo accounts worth signing in as (all share ``DEMO_PASSWORD``)."""
    rows = [SignIn(_email(text.ADMIN), Role.admin, "", _TRY[_email(text.ADMIN)])]
    for t, team in enumerate(text.TEAMS):
        lead = _email(text.LEADS[t])
        rows.append(SignIn(lead, Role.team_lead, team, _TRY[lead]))
    for t, team in enumerate(text.TEAMS):
        worker = _email(text.WORKERS[t][0])
        rows.append(SignIn(worker, Role.social_worker, team, _TRY[worker]))
    for spec in STORIES[:3]:
        email = f"{spec.first_names[0]}.{spec.surname}@{text.PARENT_DOMAIN}".lower()
        rows.append(SignIn(email, Role.parent, f"{spec.surname} family", _PARENT_TRY))
    return rows


def refuse_in_production() -> None:
    if get_settings().environment == "production":
        raise DemoRefused(
            "Demo and test data cannot be loaded in production (CCT_ENVIRONMENT=production)."
        )


def demo_present(session: Session) -> bool:
    return session.exec(select(User.id).where(User.email == _email(text.ADMIN))).first() is not None


def has_families(session: Session) -> bool:
    return session.exec(select(Family.id).limit(1)).first() is not None


def _new_ctx(rng: random.Random, entries_per_family: int | None = None) -> Ctx:
    return Ctx(
        rng=rng,
        today=clock.today(),
        now=clock.now(),
        batch=Batch(),
        teams=[],
        password_hash=hash_password(text.DEMO_PASSWORD),
        entries_per_family=entries_per_family,
    )


def _user(ctx: Ctx, name: str, email: str, role: Role, team_id: uuid.UUID | None) -> uuid.UUID:
    user_id = ctx.new_id()
    ctx.batch.add(
        User,
        id=user_id,
        email=email,
        display_name=name,
        role=role,
        team_id=team_id,
        family_member_id=None,
        password_hash=ctx.password_hash,
        created_at=ctx.now,
    )
    ctx.names[user_id] = name
    return user_id


def _demo_staff(ctx: Ctx) -> None:
    _user(ctx, text.ADMIN, _email(text.ADMIN), Role.admin, None)
    for t, team_name in enumerate(text.TEAMS):
        team_id = ctx.new_id()
        ctx.batch.add(Team, id=team_id, name=team_name, created_at=ctx.now)
        lead = _user(ctx, text.LEADS[t], _email(text.LEADS[t]), Role.team_lead, team_id)
        workers = [
            _user(ctx, name, _email(name), Role.social_worker, team_id) for name in text.WORKERS[t]
        ]
        ctx.teams.append(TeamStaff(team_id, team_name, lead, workers))


def demo_specs(rng: random.Random) -> list[FamilySpec]:
    """The forty families: the stories first, then a spread across legal statuses."""
    statuses = [LS.child_in_need] * 9 + [LS.child_protection_plan] * 9
    statuses += [LS.plo_pre_proceedings] * 8 + [LS.care_proceedings] * 8
    rng.shuffle(statuses)
    # weeks since the care application was issued: most in time, two close, one past (a story)
    weeks = [3, 7, 10, 13, 16, 19, 22, 25]
    specs = list(STORIES)
    surnames = [s for s in text.SURNAMES if s not in {f.surname for f in STORIES}]
    for i, status in enumerate(statuses, start=len(STORIES)):
        trajectory = rng.choices(TRAJECTORIES, weights=(45, 25, 18, 12))[0]
        specs.append(
            _spec(
                i,
                surnames[i - len(STORIES)],
                status,
                trajectory,
                rng.choice((120, 180, 240, 300, 330, 365)) - rng.randint(0, 20),
                weeks_since_issued=weeks.pop(0) if status == LS.care_proceedings else None,
                parent_accounts=1 if rng.random() < 0.15 else 0,
            )
        )
    return specs


def _finish(session: Session, ctx: Ctx) -> int:
    """Insert the batch, audit what was created, commit once."""
    families = [row["id"] for row in ctx.batch.rows.get("family", [])]
    users = [row["id"] for row in ctx.batch.rows.get("user", [])]
    inserted = ctx.batch.flush(session)
    for user_id in users:
        audit.record_anonymous(session, "create", "user", user_id, request_id="cli")
    for family_id in families:
        audit.record_anonymous(
            session, "create", "family", family_id, request_id="cli", family_id=family_id
        )
    session.commit()
    return inserted


def load_demo(session: Session) -> int:
    """Load the demo case load; returns the number of families."""
    refuse_in_production()
    if demo_present(session):
        raise DemoRefused("The demo case load is already in this database.")
    ctx = _new_ctx(_rng(DEMO_SEED))
    _demo_staff(ctx)
    specs = demo_specs(ctx.rng)
    for spec in specs:
        build_evidence(ctx, build_family(ctx, spec))
    _finish(session, ctx)
    return len(specs)


def seed_team_names(staff: str = "Seed", teams: int = len(SEED_TEAMS)) -> list[str]:
    return [f"{staff} Team {t}" for t in range(1, teams + 1)]


def _seed_staff(session: Session, ctx: Ctx, staff: str, team_count: int) -> None:
    team_names = seed_team_names(staff, team_count)
    teams: list[Team] = []
    for start_at in range(0, len(team_names), 500):
        chunk = team_names[start_at : start_at + 500]
        teams += session.exec(select(Team).where(col(Team.name).in_(chunk))).all()
    if len(teams) == len(team_names):
        ids = [t.id for t in teams]
        users = session.exec(select(User).where(col(User.team_id).in_(ids))).all()
        for team in sorted(teams, key=lambda t: t.name):
            mine = [u for u in users if u.team_id == team.id and u.is_active]
            lead = next((u.id for u in mine if u.role == Role.team_lead), None)
            workers = sorted(
                (u for u in mine if u.role == Role.social_worker), key=lambda u: u.email
            )
            if lead is None or not workers:
                raise DemoRefused(f"{team.name} has no team lead or social worker left.")
            ctx.teams.append(TeamStaff(team.id, team.name, lead, [u.id for u in workers]))
            ctx.names.update({u.id: u.display_name for u in mine})
        return
    if teams:
        raise DemoRefused("Some of the seed teams exist but not all; remove them first.")
    rng = _rng(0)
    surnames = rng.sample(text.SURNAMES, min(len(text.SURNAMES), team_count * 6))
    names = (surnames[n % len(surnames)] for n in range(team_count * 6))
    login = staff.lower()
    for t, team_name in enumerate(team_names, start=1):
        team_id = ctx.new_id()
        ctx.batch.add(Team, id=team_id, name=team_name, created_at=ctx.now)
        lead_name = f"{text.MOTHERS[t % len(text.MOTHERS)]} {next(names)}"
        lead = _user(
            ctx, lead_name, f"{login}.lead.{t}@{text.DEMO_DOMAIN}", Role.team_lead, team_id
        )
        worker_ids = [
            _user(
                ctx,
                f"{text.FATHERS[w]} {next(names)}",
                f"{login}.worker.{t}.{w}@{text.DEMO_DOMAIN}",
                Role.social_worker,
                team_id,
            )
            for w in range(1, SEED_WORKERS_PER_TEAM + 1)
        ]
        ctx.teams.append(TeamStaff(team_id, team_name, lead, worker_ids))


def _seed_spec(rng: random.Random, reference: str, i: int) -> FamilySpec:
    status = rng.choice(list(LS))
    return FamilySpec(
        reference=reference,
        surname=rng.choice(text.SURNAMES),
        legal_status=status,
        trajectory=rng.choices(TRAJECTORIES, weights=(45, 25, 18, 12))[0],
        team=i,  # of the seed teams, in turn
        worker=rng.randrange(SEED_WORKERS_PER_TEAM),
        days=rng.randint(90, 365),
        weeks_since_issued=rng.randint(1, 30) if status == LS.care_proceedings else None,
        parent_accounts=1 if rng.random() < 0.15 else 0,
    )


def seed_families(
    session: Session,
    count: int,
    entries_per_family: int = 20,
    prefix: str = "SEED",
    batch_size: int = 250,
    progress: Callable[[int], None] | None = None,
    teams: int = len(SEED_TEAMS),
    staff: str = "Seed",
) -> int:
    """Add ``count`` families (case references PREFIX-000001 on), one commit per batch.

    They go in turn to ``teams`` teams of a lead and five social workers, named after
    ``staff`` ("Seed Team 1", seed.worker.1.1@…), created on first use: at scale, more
    teams keep each worker's case load realistic.
    """
    refuse_in_production()
    if not _PREFIX.match(prefix):
        raise DemoRefused("The prefix must be 1 to 20 letters, digits or underscores.")
    if not _PREFIX.match(staff):
        raise DemoRefused("The staff name must be 1 to 20 letters, digits or underscores.")
    existing = session.exec(
        select(sa.func.count()).where(Family.case_reference.like(f"{prefix}-%"))  # type: ignore[attr-defined]
    ).one()
    start = int(existing) + 1
    ctx = _new_ctx(_rng(f"{prefix}:{start}"), entries_per_family)
    ctx.parent_email = "reference"
    _seed_staff(session, ctx, staff, teams)
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        for i in range(done, done + size):
            spec = _seed_spec(ctx.rng, f"{prefix}-{start + i:06d}", start + i)
            build_evidence(ctx, build_family(ctx, spec))
        _finish(session, ctx)
        ctx.batch = Batch()
        done += size
        if progress is not None:
            progress(size)
    return done
