"""One invented family: its members, parent accounts, allocation, assessment and goals."""

import uuid
from datetime import date, timedelta
from typing import Any

from app.demo import text
from app.demo.build import (
    BY_KEY,
    TEMPLATES,
    Adult,
    Ctx,
    FamilySpec,
    FamilyState,
    GoalState,
    names,
    plan_event,
)
from app.demo.goals import GoalTemplate
from app.demo.incentives import milestone, plan_for_goal
from app.domain.timescale import last_day
from app.models.account import Allocation, Role, User
from app.models.evidence import PlanEventKind, Visibility
from app.models.family import Family, FamilyMember, LegalStatus, MemberRole
from app.models.plan import Assessment, AssessmentStatus, Goal, GoalLifecycle, GoalParent, GoalTerm


def _members(ctx: Ctx, spec: FamilySpec, family_id: uuid.UUID) -> tuple[list[Adult], list[str]]:
    rng, b = ctx.rng, ctx.batch
    structure = spec.structure or rng.choice(
        (
            "couple",
            "couple",
            "single_mother",
            "single_mother",
            "mother_partner",
            "single_father",
            "kinship",
        )
    )
    adults: list[Adult] = []
    given = list(spec.first_names)

    def first(pool: tuple[str, ...]) -> str:
        return given.pop(0) if given else rng.choice(pool)

    def person(role: MemberRole, first: str, relationship: str, born: date | None = None) -> Any:
        member_id = ctx.new_id()
        full = f"{first} {spec.surname}"
        b.add(
            FamilyMember,
            id=member_id,
            family_id=family_id,
            role=role,
            full_name=full,
            date_of_birth=born,
            relationship=relationship,
        )
        return Adult(member_id, first, full)

    if structure != "single_father":
        adults.append(person(MemberRole.parent, first(text.MOTHERS), "mother"))
    if structure in ("couple", "single_father"):
        adults.append(person(MemberRole.parent, first(text.FATHERS), "father"))
    if structure == "mother_partner":
        adults.append(person(MemberRole.carer, first(text.FATHERS), "mother's partner"))
    if structure == "kinship":
        person(
            MemberRole.carer, rng.choice(text.GRANDMOTHERS), "maternal grandmother (kinship carer)"
        )
    children: list[str] = []
    for name, relationship in rng.sample(text.CHILDREN, rng.choice((1, 1, 2, 2, 3))):
        born = ctx.today - timedelta(days=ctx.between(200, 15 * 365))
        person(MemberRole.child, name, relationship, born)
        children.append(name)
    return adults, children


def _parent_users(
    ctx: Ctx, spec: FamilySpec, adults: list[Adult]
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    users = []
    for adult in adults[: spec.parent_accounts]:
        user_id = ctx.new_id()
        local = (
            f"{adult.first}.{spec.surname}"
            if ctx.parent_email == "name"
            else f"{adult.first}.{spec.reference}"
        )
        ctx.batch.add(
            User,
            id=user_id,
            email=f"{local}@{text.PARENT_DOMAIN}".lower(),
            display_name=adult.full,
            role=Role.parent,
            team_id=None,
            family_member_id=adult.id,
            password_hash=ctx.password_hash,
            created_at=ctx.now,
        )
        users.append((user_id, adult.id))
    return users


def build_family(ctx: Ctx, spec: FamilySpec) -> FamilyState:
    """Insert one family, its members, assessment and plan; evidence comes after."""
    rng, b, today = ctx.rng, ctx.batch, ctx.today
    team = ctx.teams[spec.team % len(ctx.teams)]
    worker_id = team.worker_ids[spec.worker % len(team.worker_ids)]
    family_id = ctx.new_id()
    start = today - timedelta(days=spec.days)
    issued = None
    if spec.legal_status == LegalStatus.care_proceedings:
        issued = today - timedelta(weeks=spec.weeks_since_issued or 10)
        start = min(start, issued - timedelta(weeks=2))
        decision = last_day(issued)
    elif spec.legal_status == LegalStatus.plo_pre_proceedings:
        decision = today + timedelta(weeks=ctx.between(3, 12))
    else:
        decision = max(start + timedelta(weeks=40), today + timedelta(weeks=ctx.between(4, 20)))
    involved = start - timedelta(days=ctx.between(20, 500))
    b.add(
        Family,
        id=family_id,
        case_reference=spec.reference,
        family_name=f"{spec.surname} family",
        team_id=team.id,
        legal_status=spec.legal_status,
        proceedings_issued_on=issued,
        involved_since=involved,
        created_at=ctx.at(involved),
        updated_at=ctx.at(start),
    )
    adults, children = _members(ctx, spec, family_id)
    parent_users = _parent_users(ctx, spec, adults)
    b.add(
        Allocation,
        id=ctx.new_id(),
        family_id=family_id,
        user_id=worker_id,
        is_primary=True,
        allocated_at=ctx.at(involved),
        allocated_by_id=team.lead_id,
    )
    if rng.random() < 0.1:  # a second worker covering, granted by the team lead
        other = rng.choice([w for w in team.worker_ids if w != worker_id] or [worker_id])
        if other != worker_id:
            b.add(
                Allocation,
                id=ctx.new_id(),
                family_id=family_id,
                user_id=other,
                is_primary=False,
                allocated_at=ctx.at(start),
                allocated_by_id=team.lead_id,
            )
    if rng.random() < 0.15 and (start - involved).days > 120:
        closed = start - timedelta(days=ctx.between(20, 60))
        b.add(
            Assessment,
            id=ctx.new_id(),
            family_id=family_id,
            started_on=involved,
            decision_date=closed,
            review_interval_weeks=6,
            status=AssessmentStatus.closed,
            closed_on=closed,
            outcome=rng.choice(text.ASSESSMENT_CLOSED),
            created_at=ctx.at(involved),
        )
    assessment_id = ctx.new_id()
    interval = rng.choice((4, 6, 6, 6, 8))
    b.add(
        Assessment,
        id=assessment_id,
        family_id=family_id,
        started_on=start,
        decision_date=decision,
        review_interval_weeks=interval,
        status=AssessmentStatus.open,
        closed_on=None,
        outcome="",
        created_at=ctx.at(start),
    )
    relapse_on = None
    if spec.trajectory == "relapse":
        relapse_on = start + timedelta(days=int((today - start).days * rng.uniform(0.55, 0.7)))
    fam = FamilyState(
        spec,
        family_id,
        team,
        worker_id,
        adults,
        children,
        assessment_id,
        start,
        interval,
        [],
        relapse_on,
        parent_users,
    )
    _goals(ctx, fam, decision)
    return fam


def _pick_templates(ctx: Ctx, spec: FamilySpec) -> list[GoalTemplate]:
    if spec.goals:
        return [BY_KEY[k] for k in spec.goals]
    rng = ctx.rng
    chosen: list[GoalTemplate] = []
    if spec.legal_status == LegalStatus.care_proceedings and rng.random() < 0.7:
        chosen.append(BY_KEY["contact"])
    if spec.trajectory == "relapse":
        chosen.append(BY_KEY[rng.choice(("alcohol", "drugs"))])
    pool = [t for t in TEMPLATES if t.key != "contact" and t not in chosen]
    want = rng.choice((2, 3, 3, 4))
    chosen += rng.sample(pool, max(0, want - len(chosen)))
    if sum(t.substance for t in chosen) > 1:
        chosen = [t for t in chosen if t.key != "drugs"] or chosen
    return chosen


def _goals(ctx: Ctx, fam: FamilyState, decision: date) -> None:
    rng, b, today, spec = ctx.rng, ctx.batch, ctx.today, fam.spec
    signed = fam.start + timedelta(days=ctx.between(7, 14))
    templates = _pick_templates(ctx, spec)
    lead = ctx.names.get(fam.team.lead_id, "the team lead")
    count = len(templates)
    if spec.proposed_goal or rng.random() < 0.06:
        extra = [t for t in TEMPLATES if t not in templates and t.key != "contact"]
        templates.append(rng.choice(extra))
    for i, tpl in enumerate(templates):
        proposed = i >= count
        parents = fam.adults if len(fam.adults) < 2 or rng.random() < 0.6 else [fam.adults[0]]
        fill = {
            "parent": names([p.first for p in parents]),
            "child": rng.choice(fam.children),
            "children": names(fam.children),
        }
        created = today - timedelta(days=ctx.between(3, 20)) if proposed else fam.start
        target = decision
        if tpl.term == GoalTerm.short:
            target = min(decision, created + timedelta(weeks=rng.choice((16, 24, 32, 40))))
        baseline = -2 if rng.random() < 0.4 else -1
        final = float(rng.choice((0, 1, 1, 2))) if spec.trajectory != "relapse" else 1.0
        start = today if proposed else signed
        horizon = min(target, today)
        state = GoalState(
            ctx.new_id(),
            tpl,
            parents,
            start,
            today,
            horizon,
            baseline,
            final,
            spec.trajectory,
            not proposed,
            fill,
            fam.relapse_on,
        )
        completed = not proposed and target < today and state.value(target) >= 0
        if completed:
            state.end = target  # no more entries once the goal is met
        lifecycle = (
            GoalLifecycle.proposed
            if proposed
            else GoalLifecycle.completed
            if completed
            else GoalLifecycle.active
        )
        state.row = b.add(
            Goal,
            id=state.id,
            assessment_id=fam.assessment_id,
            family_id=fam.id,
            domain=tpl.domain,
            term=tpl.term,
            title=tpl.title.format(**fill),
            why_it_matters=tpl.why.format(**fill),
            level_minus_2=tpl.levels[0].format(**fill),
            level_minus_1=tpl.levels[1].format(**fill),
            level_0=tpl.levels[2].format(**fill),
            level_plus_1=tpl.levels[3].format(**fill),
            level_plus_2=tpl.levels[4].format(**fill),
            baseline_level=baseline,
            weight=2.0 if tpl.substance and rng.random() < 0.3 else 1.0,
            target_date=target,
            lifecycle_status=lifecycle,
            signed_off_at=None if proposed else ctx.at(signed, 15),
            signed_off_by_id=None if proposed else fam.team.lead_id,
            created_by_id=fam.worker_id,
            created_at=ctx.at(created, 10),
        )
        for p in parents:
            b.add(GoalParent, goal_id=state.id, member_id=p.id)
        fam.goals.append(state)
        if proposed:
            milestone(ctx, fam, state, 0, today + timedelta(weeks=4))
            if rng.random() < 0.5:
                plan_event(
                    ctx,
                    fam,
                    PlanEventKind.plan_changes_requested,
                    today - timedelta(days=1),
                    f"Changes asked for by {lead}: {state.row['title']}",
                    by=fam.team.lead_id,
                    note=text.CHANGES_REQUESTED,
                    visibility=Visibility.internal,  # as the sign-off service keeps it
                    goal_id=state.id,
                )
            continue
        plan_event(
            ctx,
            fam,
            PlanEventKind.plan_signed_off,
            signed,
            f"Goal signed off by {lead}: {state.row['title']}",
            by=fam.team.lead_id,
            goal_id=state.id,
        )
        plan_for_goal(ctx, fam, state, target)
