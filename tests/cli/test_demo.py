"""cct demo: the demo case load has every feature the product shows, and loads once."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, func, select
from typer.testing import CliRunner

from app.cli import app
from app.config import get_settings
from app.crypto import generate_key
from app.demo import text as demo_text
from app.domain.timescale import last_day
from app.models.account import Role, User
from app.models.evidence import (
    ParentComment,
    PlanEvent,
    PlanEventKind,
    ProgressEntry,
    Significance,
    Stage,
    StageRating,
    Stance,
    Visibility,
)
from app.models.family import Family, FamilyMember, LegalStatus, MemberRole
from app.models.plan import (
    Assessment,
    AssessmentStatus,
    Consequence,
    ConsequenceStatus,
    Goal,
    Milestone,
    MilestoneStatus,
    Reward,
    RewardStatus,
    Trigger,
)
from app.models.review import ReviewMeeting
from app.services.audit import trail as audit_trail
from tests.cli.test_names import staff_surnames

runner = CliRunner()


def _count(session: Session, model: type, *where: object) -> int:
    found = session.exec(select(func.count()).select_from(model).where(*where)).one()  # type: ignore[arg-type]
    session.rollback()  # end the read: on SQLite it holds the write lock the command needs
    return found


@pytest.fixture
def loaded(session: Session) -> Session:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert demo_text.DEMO_PASSWORD in result.output
    assert "priya.ashwillow@westmarsh.example" in result.output
    assert "cct token create" in result.output
    return session


def test_families_statuses_and_the_26_week_clock(loaded: Session) -> None:
    families = loaded.exec(select(Family)).all()
    assert 38 <= len(families) <= 42
    assert {f.legal_status for f in families} == set(LegalStatus)
    today = date.today()
    weeks_left = [
        (last_day(f.proceedings_issued_on) - today).days / 7
        for f in families
        if f.legal_status == LegalStatus.care_proceedings
    ]
    assert all(
        f.proceedings_issued_on is None
        for f in families
        if f.legal_status != LegalStatus.care_proceedings
    )
    assert sum(w < 0 for w in weeks_left) == 1  # one past the 26 weeks
    assert sum(0 <= w <= 4 for w in weeks_left) >= 2  # some close
    assert sum(w > 8 for w in weeks_left) >= 3  # most comfortably in time
    # one open assessment per family; care proceedings decide on the statutory last day
    open_ = loaded.exec(select(Assessment).where(Assessment.status == AssessmentStatus.open)).all()
    assert sorted(a.family_id for a in open_) == sorted(f.id for f in families)
    by_family = {f.id: f for f in families}
    for a in open_:
        issued = by_family[a.family_id].proceedings_issued_on
        if issued is not None:
            assert a.decision_date == issued + timedelta(days=181)


def test_members_goals_and_milestones(loaded: Session) -> None:
    children = loaded.exec(select(FamilyMember).where(FamilyMember.role == MemberRole.child)).all()
    assert children and all(c.date_of_birth is not None for c in children)
    assert all(m.relationship for m in loaded.exec(select(FamilyMember)).all())
    goals = loaded.exec(select(Goal)).all()
    signed = [g for g in goals if g.signed_off_at is not None]
    per_family: dict[object, int] = {}
    for g in signed:
        per_family[g.family_id] = per_family.get(g.family_id, 0) + 1
        assert all(g.level_text(level) for level in (-2, -1, 0, 1, 2))
    assert set(per_family.values()) <= {2, 3, 4}
    assert {g.domain for g in goals} >= {
        "Home conditions", "Substance use", "School attendance",
        "Domestic abuse safety planning", "Engagement with services", "Routines",
        "Health appointments",
    }  # fmt: skip
    proposed = [g for g in goals if g.signed_off_at is None]
    assert 1 <= len(proposed) < len(goals) / 5
    # levels are fixed before the first score: no entry before sign-off, none on proposed goals
    first_entry = dict(
        loaded.exec(
            select(ProgressEntry.goal_id, func.min(ProgressEntry.occurred_on)).group_by(
                ProgressEntry.goal_id
            )
        ).all()
    )
    assert not set(first_entry) & {g.id for g in proposed}
    for g in signed:
        if g.id in first_entry:
            assert first_entry[g.id] > g.signed_off_at.date()
            assert g.created_at <= g.signed_off_at
    statuses = {m.status for m in loaded.exec(select(Milestone)).all()}
    assert statuses >= {MilestoneStatus.achieved, MilestoneStatus.missed, MilestoneStatus.pending}
    overdue = _count(
        loaded,
        Milestone,
        Milestone.status == MilestoneStatus.pending,
        col(Milestone.due_on) < date.today(),
    )
    assert overdue >= 1


def test_rewards_and_consequences_in_every_state_with_their_events(loaded: Session) -> None:
    rewards = loaded.exec(select(Reward)).all()
    consequences = loaded.exec(select(Consequence)).all()
    assert {r.status for r in rewards} == set(RewardStatus)
    assert {c.status for c in consequences} == set(ConsequenceStatus)
    milestones = {m.id: m for m in loaded.exec(select(Milestone)).all()}
    events = loaded.exec(select(PlanEvent)).all()
    reward_events = {(e.reward_id, e.kind) for e in events if e.reward_id}
    consequence_events = {(e.consequence_id, e.kind) for e in events if e.consequence_id}
    for r in rewards:
        if r.status in (RewardStatus.earned, RewardStatus.given):
            assert (r.id, PlanEventKind.reward_earned) in reward_events
            if r.trigger == Trigger.milestone_achieved:
                assert milestones[r.milestone_id].status == MilestoneStatus.achieved
        if r.status == RewardStatus.given:
            assert (r.id, PlanEventKind.reward_given) in reward_events
        if r.status == RewardStatus.withdrawn:
            assert (r.id, PlanEventKind.reward_withdrawn) in reward_events
        if r.status != RewardStatus.agreed:
            assert r.decided_by_id is not None and r.decided_at is not None
    for c in consequences:
        if c.status != ConsequenceStatus.agreed:
            # due only after a missed milestone (or a relapse), with an event for each change
            assert (c.id, PlanEventKind.consequence_due) in consequence_events
            if c.trigger == Trigger.milestone_missed:
                assert milestones[c.milestone_id].status == MilestoneStatus.missed
        if c.status == ConsequenceStatus.applied:
            assert (c.id, PlanEventKind.consequence_applied) in consequence_events
        if c.status == ConsequenceStatus.waived:
            assert (c.id, PlanEventKind.consequence_waived) in consequence_events
    for m in milestones.values():
        if m.status == MilestoneStatus.achieved:
            assert m.achieved_on is not None and m.achieved_on <= date.today()
    assert any(
        c.trigger == Trigger.relapse and c.status != ConsequenceStatus.agreed for c in consequences
    )


def test_a_year_of_evidence_with_corrections(loaded: Session) -> None:
    entries = loaded.exec(select(ProgressEntry)).all()
    assert len(entries) > 40 * 20
    assert min(e.occurred_on for e in entries) <= date.today() - timedelta(days=330)
    assert max(e.occurred_on for e in entries) <= date.today()
    assert {e.visibility for e in entries} == set(Visibility)
    assert {e.significance for e in entries} == set(Significance)
    assert len({e.source for e in entries}) >= 6
    assert sum(bool(e.document_reference) for e in entries) > len(entries) / 2
    by_id = {e.id: e for e in entries}
    amended = [e for e in entries if e.amends_id is not None]
    assert amended and all(e.amendment_reason for e in amended)
    for e in amended:
        old = by_id[e.amends_id]
        assert old.goal_id == e.goal_id and old.recorded_at < e.recorded_at
    assert any(by_id[e.amends_id].amends_id is not None for e in amended)  # a chain of two
    in_error = [e for e in entries if e.entered_in_error_at is not None]
    assert in_error and all(
        e.entered_in_error_reason and e.entered_in_error_by_id for e in in_error
    )
    ratings = loaded.exec(select(StageRating)).all()
    assert Stage.relapse in {r.stage for r in ratings}
    assert len({r.stage for r in ratings}) == len(Stage)
    per_parent: dict[object, int] = {}
    for r in ratings:
        per_parent[r.member_id] = per_parent.get(r.member_id, 0) + 1
    assert max(per_parent.values()) >= 6  # ratings over time
    assert _count(loaded, PlanEvent, PlanEvent.kind == PlanEventKind.relapse) >= 1
    reviews = loaded.exec(select(ReviewMeeting)).all()
    assert len(reviews) >= 40 * 2
    assert all(r.summary and r.next_review_on for r in reviews)


def test_parents_their_accounts_and_their_views(loaded: Session) -> None:
    parents = loaded.exec(select(User).where(User.role == Role.parent)).all()
    assert len(parents) >= 5
    for p in parents:
        member = loaded.get(FamilyMember, p.family_member_id)
        assert member is not None and member.role in (MemberRole.parent, MemberRole.carer)
        assert p.team_id is None
    comments = loaded.exec(select(ParentComment)).all()
    assert {c.stance for c in comments} == set(Stance)
    authors = {p.id: p for p in parents}
    entries = {e.id: e for e in loaded.exec(select(ProgressEntry)).all()}
    goals = {g.id: g for g in loaded.exec(select(Goal)).all()}
    for c in comments:
        assert authors[c.author_id].family_member_id == c.member_id
        if c.entry_id:  # only on entries the parent can see
            assert entries[c.entry_id].visibility == Visibility.shared
        assert goals[c.goal_id].signed_off_at is not None


def test_every_name_has_an_invented_surname(loaded: Session) -> None:
    invented = set(demo_text.SURNAMES) | staff_surnames()
    names = loaded.exec(select(FamilyMember.full_name)).all()
    names += loaded.exec(select(User.display_name)).all()
    assert names and all(name.rsplit(" ", 1)[1] in invented for name in names)


def test_the_audit_chains_hold(loaded: Session) -> None:
    chains, breaks = audit_trail.verify(loaded)
    assert chains >= 40 and breaks == []


def test_if_empty_twice_does_not_duplicate(session: Session) -> None:
    first = runner.invoke(app, ["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    counts = [_count(session, m) for m in (Family, User, ProgressEntry, Goal)]
    second = runner.invoke(app, ["demo", "--if-empty"])
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    assert demo_text.DEMO_PASSWORD in second.output  # the sign-ins are printed again
    assert [_count(session, m) for m in (Family, User, ProgressEntry, Goal)] == counts


def test_plain_demo_twice_is_refused_cleanly(session: Session) -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 1
    assert "already" in again.output
    assert isinstance(again.exception, SystemExit)  # no traceback


def test_if_empty_leaves_other_data_alone(session: Session) -> None:
    assert (
        runner.invoke(app, ["seed", "--families", "2", "--entries-per-family", "3"]).exit_code == 0
    )
    result = runner.invoke(app, ["demo", "--if-empty"])
    assert result.exit_code == 0
    assert "not loaded" in result.output
    assert _count(session, Family) == 2


def test_refused_in_production(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCT_ENVIRONMENT", "production")
    monkeypatch.setenv("CCT_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("CCT_ENCRYPTION_KEY", generate_key())
    get_settings.cache_clear()
    try:
        for args in (["demo"], ["demo", "--if-empty"], ["seed", "--families", "1"]):
            result = runner.invoke(app, args)
            assert result.exit_code == 1, args
            assert "production" in result.output
            assert isinstance(result.exception, SystemExit)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert _count(session, Family) == 0


def test_same_data_every_run(session: Session) -> None:
    from tests.conftest import _wipe

    def snapshot() -> list[object]:
        found = [
            sorted(session.exec(select(Family.case_reference, Family.family_name)).all()),
            sorted(session.exec(select(FamilyMember.full_name)).all()),
            sorted(session.exec(select(Goal.title)).all()),
            sorted(session.exec(select(ProgressEntry.observation, ProgressEntry.gas_score)).all()),
        ]
        session.rollback()
        return found

    assert runner.invoke(app, ["demo"]).exit_code == 0
    first = snapshot()
    _wipe()
    assert runner.invoke(app, ["demo"]).exit_code == 0
    assert snapshot() == first
