"""A family's evidence over time: progress entries, stage ratings, reviews, comments.

Entries are only written against signed-off goals after sign-off (their levels
were fixed when the goal was created); corrections are new rows that amend the
old one; mistakes are marked entered in error, never removed.
"""

import uuid
from datetime import date, datetime, timedelta

from app.demo import text
from app.demo.build import TEMPLATES, Ctx, FamilyState, GoalState, Row, names, plan_event
from app.demo.goals import Obs
from app.demo.incentives import relapse_due
from app.domain.relapse import relapse_reason
from app.domain.series import Point
from app.models.evidence import (
    ParentComment,
    PlanEventKind,
    ProgressEntry,
    ProgressEntryParent,
    Significance,
    Source,
    Stage,
    StageRating,
    Stance,
    Visibility,
)
from app.models.plan import GoalAchievement, GoalLifecycle
from app.models.review import ReviewKind, ReviewMeeting
from app.typography import long_date

Entry = tuple[Row, GoalState]


def _avg(values: list[float] | list[int]) -> float:
    return sum(values) / len(values)


def _nearest(observations: tuple[Obs, ...], score: int) -> list[Obs]:
    scored = [o for o in observations if not o.unscored]
    best = min(abs(o.score - score) for o in scored)
    return [o for o in scored if abs(o.score - score) == best]


# for each goal template and GAS score, the observations that fit it best
_POOLS = {(t.key, s): _nearest(t.observations, s) for t in TEMPLATES for s in range(-2, 3)}
_THIRD_PARTY = (Source.agency_report, Source.other)
_UNSCORED = {t.key: [o for o in t.observations if o.unscored] for t in TEMPLATES}


def _doc(ctx: Ctx, source: Source, day: date) -> str:
    if source == Source.parent_report:
        return ""
    if source == Source.school_report:
        return f"Attendance report, week ending {long_date(day)}"
    prefix = {
        Source.home_visit: "Visit record V",
        Source.drug_test: "Laboratory ref TX-",
        Source.agency_report: "Agency letter L",
        Source.contact_session: "Contact record CS-",
        Source.other: "Case note CN-",
    }[source]
    return f"{prefix}{ctx.doc()}"


def _recorded(ctx: Ctx, day: date) -> datetime:
    roll = ctx.rng.random()
    delay = 0 if roll < 0.7 else ctx.between(1, 2) if roll < 0.95 else ctx.between(7, 14)
    return ctx.at(day + timedelta(days=delay))


def _entry(ctx: Ctx, fam: FamilyState, goal: GoalState, day: date, relapse: bool = False) -> Row:
    rng = ctx.rng
    raw = goal.value(day) + rng.gauss(0, 0.3)
    last = goal.scores[-1] if goal.scores else None
    # a score moves only on a clear change: observed behaviour does not flicker week to week
    score = last if last is not None and abs(raw - last) < 0.8 else max(-2, min(2, round(raw)))
    if relapse:
        score = -2
    unscored = _UNSCORED[goal.template.key]
    obs = (
        rng.choice(unscored)
        if unscored and not relapse and rng.random() < 0.1
        else rng.choice(_POOLS[goal.template.key, score])
    )
    gas = None if obs.unscored else obs.score
    # third-party information from other agencies is often kept internal
    internal = obs.internal or (obs.source in _THIRD_PARTY and rng.random() < 0.3)
    row = ctx.batch.add(
        ProgressEntry,
        id=ctx.new_id(),
        family_id=fam.id,
        goal_id=goal.id,
        amends_id=None,
        gas_score=gas,
        observation=obs.text.format(**goal.fill),
        source=obs.source,
        document_reference=_doc(ctx, obs.source, day),
        significance=Significance.significant
        if obs.internal or rng.random() < 0.06
        else Significance.routine,
        occurred_on=day,
        recorded_at=_recorded(ctx, day),
        recorded_by_id=fam.worker_id,
        visibility=Visibility.internal if internal else Visibility.shared,
        amendment_reason=None,
        entered_in_error_at=None,
        entered_in_error_by_id=None,
        entered_in_error_reason=None,
    )
    if len(goal.parents) > 1 and rng.random() < 0.25:
        ctx.batch.add(
            ProgressEntryParent, entry_id=row["id"], member_id=rng.choice(goal.parents).id
        )
    if gas is not None:
        # the relapse rule the entry service applies to every new score
        reason = relapse_reason(goal.points, Point(day, gas))
        goal.points.append(Point(day, gas))
        goal.scores.append(gas)
        if reason is not None:
            row["significance"] = Significance.significant
            _relapse(ctx, fam, goal, day, reason, not internal)
    return row


def _relapse(
    ctx: Ctx, fam: FamilyState, goal: GoalState, day: date, reason: str, shared: bool
) -> None:
    title = goal.row["title"]
    plan_event(
        ctx,
        fam,
        PlanEventKind.relapse,
        day,
        f"Relapse on “{title}”: {reason}. A stage-of-change review is due.",
        visibility=Visibility.shared if shared else Visibility.internal,
        goal_id=goal.id,
    )
    relapse_due(ctx, fam, goal, day, shared)


def _dates(ctx: Ctx, first: date) -> list[date]:
    rng, today = ctx.rng, ctx.today
    span = max((today - first).days, 1)
    if ctx.entries_per_family:
        step = span / ctx.entries_per_family
        return sorted(
            first + timedelta(days=min(span, int(i * step + rng.uniform(0, step))))
            for i in range(ctx.entries_per_family)
        )
    days, day = [], first
    while day <= today:
        days.append(day)
        day += timedelta(days=ctx.between(4, 10))
    return days


def _entries(ctx: Ctx, fam: FamilyState) -> list[Entry]:
    rng = ctx.rng
    active = [g for g in fam.goals if g.signed_off]
    entries: list[Entry] = []
    turn = 0
    relapse_goal = next((g for g in active if g.template.substance), None)
    for day in _dates(ctx, min(g.start for g in active) + timedelta(days=ctx.between(2, 6))):
        goals = [g for g in active if g.start < day <= g.end]
        if not goals:
            continue
        if relapse_goal and fam.relapse_on and day >= fam.relapse_on:
            entries.append((_entry(ctx, fam, relapse_goal, fam.relapse_on, True), relapse_goal))
            relapse_goal = None
        extra = ctx.entries_per_family is None and len(goals) > 1 and rng.random() < 0.25
        for _ in range(2 if extra else 1):
            goal = goals[turn % len(goals)]
            turn += 1
            entries.append((_entry(ctx, fam, goal, day), goal))
    return entries


def _amend(ctx: Ctx, entries: list[Entry], old: Row, goal: GoalState) -> Row:
    rng = ctx.rng
    i = rng.randrange(len(text.AMEND_REASONS))
    score, day = old["gas_score"], old["occurred_on"]
    if i == 0 and score is not None:
        score = min(2, score + 1)
    if i == 2:
        day -= timedelta(days=1)
    row = dict(old)
    row.update(
        id=ctx.new_id(),
        amends_id=old["id"],
        gas_score=score,
        occurred_on=day,
        observation=old["observation"]
        if old["observation"].startswith(text.AMEND_PREFIX)
        else text.AMEND_PREFIX + old["observation"],
        recorded_at=min(ctx.now, old["recorded_at"] + timedelta(days=ctx.between(1, 3))),
        amendment_reason=text.AMEND_REASONS[i].format(**goal.fill),
    )
    ctx.batch.add(ProgressEntry, **row)
    entries.append((row, goal))
    return row


def _corrections(ctx: Ctx, fam: FamilyState, entries: list[Entry]) -> None:
    rng, features = ctx.rng, fam.spec.features
    recent = ctx.today - timedelta(days=14)
    candidates = [
        e for e in entries if e[0]["gas_score"] is not None and e[0]["occurred_on"] < recent
    ]
    if not candidates:
        return
    amend = "amend" in features or "amend_twice" in features or rng.random() < 0.12
    if amend:
        old, goal = rng.choice(candidates)
        new = _amend(ctx, entries, old, goal)
        if "amend_twice" in features:
            _amend(ctx, entries, new, goal)
    if "error" in features or rng.random() < 0.08:
        row = rng.choice([e for e in candidates if e[0]["amends_id"] is None])[0]
        if any(e[0]["amends_id"] == row["id"] for e in entries):
            return  # keep amended entries as they are
        row.update(
            entered_in_error_at=min(
                ctx.now, row["recorded_at"] + timedelta(days=ctx.between(1, 4))
            ),
            entered_in_error_by_id=fam.worker_id,
            entered_in_error_reason=rng.choice(text.ERROR_REASONS),
        )


def _achievement(goal: GoalState) -> GoalAchievement:
    if goal.row["lifecycle_status"] == GoalLifecycle.completed:
        return GoalAchievement.achieved
    if len(goal.scores) < 4:
        return GoalAchievement.in_progress
    change = _avg(goal.scores[-3:]) - _avg(goal.scores[:3])
    if change > 0.5:
        return GoalAchievement.improving
    if change < -0.5:
        return GoalAchievement.worsening
    return GoalAchievement.no_change


def _stage(value: float) -> Stage:
    for limit, stage in (
        (-1.6, Stage.precontemplation),
        (-1.0, Stage.contemplation),
        (-0.4, Stage.preparation),
        (0.6, Stage.action),
    ):
        if value < limit:
            return stage
    return Stage.maintenance


def _rating(
    ctx: Ctx, fam: FamilyState, member: uuid.UUID, day: date, value: float, relapse: bool = False
) -> None:
    rng = ctx.rng
    stage = Stage.relapse if relapse else _stage(value)
    motivation = round(5 + 2 * value + rng.gauss(0, 0.8))
    ability = round(4.5 + 2 * value + rng.gauss(0, 0.8))
    note = rng.choice(text.STAGE_NOTES[stage])
    if fam.spec.trajectory == "flat":  # motivated, but not able to change alone
        motivation, ability = round(7.5 + rng.gauss(0, 0.7)), round(3.5 + rng.gauss(0, 0.7))
        note += text.ABILITY_NOTE
    if stage == Stage.relapse:
        motivation, ability = 6, 3
    ctx.batch.add(
        StageRating,
        id=ctx.new_id(),
        family_id=fam.id,
        member_id=member,
        amends_id=None,
        stage=stage,
        motivation=max(0, min(10, motivation)),
        ability=max(0, min(10, ability)),
        note=note,
        occurred_on=day,
        recorded_at=_recorded(ctx, day),
        recorded_by_id=fam.worker_id,
        visibility=Visibility.shared if rng.random() < 0.8 else Visibility.internal,
    )


def _ratings(ctx: Ctx, fam: FamilyState) -> None:
    today = ctx.today
    signed = [g for g in fam.goals if g.signed_off]
    for adult in fam.adults:
        goals = [g for g in signed if adult in g.parents]
        if not goals:
            continue
        day = fam.start + timedelta(days=ctx.between(3, 10))
        while day <= today:
            _rating(ctx, fam, adult.id, day, _avg([g.value(day) for g in goals]))
            day += timedelta(days=ctx.between(35, 49))
        relapsed = fam.relapse_on and any(g.template.substance for g in goals)
        if fam.relapse_on and relapsed and fam.relapse_on + timedelta(days=3) <= today:
            _rating(ctx, fam, adult.id, fam.relapse_on + timedelta(days=3), -2, relapse=True)


def _reviews(ctx: Ctx, fam: FamilyState) -> None:
    rng, today = ctx.rng, ctx.today
    signed = [g for g in fam.goals if g.signed_off]
    kinds = text.REVIEW_KIND[fam.spec.legal_status]
    parents = names([a.first for a in fam.adults])
    attendees = "; ".join(
        [a.full for a in fam.adults]
        + [
            f"{ctx.names.get(fam.worker_id, 'Allocated worker')} (social worker)",
            f"{ctx.names.get(fam.team.lead_id, 'Team lead')} (team lead, chair)",
            rng.choice(("School safeguarding lead", "Health visitor", "Family support worker")),
        ]
    )
    day, n = fam.start + timedelta(weeks=fam.interval_weeks), 0
    while day <= today:
        ranked = sorted(signed, key=lambda g: g.value(day))
        value = _avg([g.value(day) for g in signed])
        band = "good" if value >= -0.3 else "mixed" if value >= -1.2 else "poor"
        if fam.relapse_on and timedelta(0) <= day - fam.relapse_on <= timedelta(weeks=6):
            band = "poor"
        fill = {
            "parents": parents,
            "goal_a": (ranked[0] if band == "poor" else ranked[-1]).template.domain.lower(),
            "goal_b": ranked[0].template.domain.lower(),
        }
        kind = kinds[n % 2]
        if kind == ReviewKind.core_group and n % 3 == 2:
            kind = ReviewKind.child_protection_conference
        ctx.batch.add(
            ReviewMeeting,
            id=ctx.new_id(),
            family_id=fam.id,
            assessment_id=fam.assessment_id,
            kind=kind,
            attendees=attendees,
            summary=rng.choice(text.REVIEW_SUMMARY[band]).format(**fill),
            decisions=rng.choice(text.REVIEW_DECISIONS[band]).format(**fill),
            next_review_on=day + timedelta(weeks=fam.interval_weeks),
            occurred_on=day,
            recorded_at=_recorded(ctx, day),
            recorded_by_id=fam.worker_id,
            visibility=Visibility.shared,
        )
        day += timedelta(weeks=fam.interval_weeks, days=ctx.between(-3, 3))
        n += 1


def _comment(
    ctx: Ctx,
    fam: FamilyState,
    who: tuple[uuid.UUID, uuid.UUID],
    stance: Stance,
    words: str,
    after: datetime,
    goal: GoalState,
    entry: Row | None = None,
) -> None:
    at = min(ctx.now, after + timedelta(days=ctx.between(1, 3), hours=3))
    ctx.batch.add(
        ParentComment,
        id=ctx.new_id(),
        family_id=fam.id,
        author_id=who[0],
        member_id=who[1],
        goal_id=goal.id,
        entry_id=entry["id"] if entry else None,
        stance=stance,
        text=words,
        recorded_at=at,
        seen_at=at + timedelta(days=1) if at < ctx.now - timedelta(days=7) else None,
    )


def _comments(ctx: Ctx, fam: FamilyState, entries: list[Entry]) -> None:
    """Parents with an account give their own view: on the plan, and on entries."""
    rng = ctx.rng
    shared = [
        e
        for e in entries
        if e[0]["visibility"] == Visibility.shared
        and e[0]["entered_in_error_at"] is None
        and e[0]["amends_id"] is None
    ]
    signed = [g for g in fam.goals if g.signed_off]
    for who in fam.parent_users:
        mine = [g for g in signed if any(p.id == who[1] for p in g.parents)] or signed
        goal = mine[0]
        agree = rng.choice(text.COMMENT_AGREE_GOAL)
        _comment(ctx, fam, who, Stance.agree, agree, goal.row["signed_off_at"], goal)
        for row, g in rng.sample(shared, min(len(shared), ctx.between(1, 2))):
            words = rng.choice(text.COMMENT_ON_ENTRY).format(**g.fill)
            _comment(ctx, fam, who, Stance.comment, words, row["recorded_at"], g, row)
        low = [e for e in shared if (e[0]["gas_score"] or 0) <= -1] or shared
        if low and ("disagree" in fam.spec.features or rng.random() < 0.3):
            row, g = rng.choice(low)
            words = text.COMMENT_DISAGREE.get(g.template.key, text.DISAGREE_OTHER)
            _comment(ctx, fam, who, Stance.disagree, words, row["recorded_at"], g, row)


def build_evidence(ctx: Ctx, fam: FamilyState) -> None:
    entries = _entries(ctx, fam) if any(g.signed_off for g in fam.goals) else []
    _corrections(ctx, fam, entries)
    for goal in fam.goals:
        goal.row["achievement_status"] = _achievement(goal)
    _ratings(ctx, fam)
    _reviews(ctx, fam)
    _comments(ctx, fam, entries)
