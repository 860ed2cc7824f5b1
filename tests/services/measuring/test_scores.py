import math
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models.evidence import ProgressEntryParent, Visibility
from app.models.plan import Goal
from app.services.context import Actor
from app.services.errors import Invalid, NotFound
from app.services.evidence import entries
from app.services.evidence.entries import EntryAmend
from app.services.measuring import scores
from tests import factories


def design_example(session, world):
    """DESIGN.md: two goals, weights 1, scores +1 and 0 → T = 56.20."""
    fam = factories.family(session, world.team_a, "CCT-A-0100", "Elmfield family", world.worker_a)
    mum = factories.member(session, fam, "Ann Elmfield")
    dad = factories.member(session, fam, "Ben Elmfield", relationship="father")
    a = factories.assessment(session, fam)
    g1 = factories.goal(session, a, [mum, dad], title="Keep the home safe")
    g2 = factories.goal(session, a, [mum], title="Attend every appointment")
    e1 = factories.entry(session, g1, world.worker_a, score=1, days_ago=7)
    e2 = factories.entry(session, g2, world.worker_a, score=0, days_ago=5)
    session.commit()
    return fam, mum, dad, g1, g2, e1, e2


def test_design_worked_example(session, world) -> None:
    fam, _, _, g1, g2, e1, e2 = design_example(session, world)
    read = scores.family_scores(session, Actor(world.worker_a), fam.id)
    assert read.t_score == pytest.approx(56.20, abs=0.005)
    by_goal = {g.goal_id: g for g in read.goals}
    assert (by_goal[g1.id].level, by_goal[g1.id].entry_id) == (1, e1.id)
    assert by_goal[g1.id].level_text == g1.level_plus_1
    assert (by_goal[g2.id].level, by_goal[g2.id].entry_id) == (0, e2.id)
    assert by_goal[g2.id].from_baseline is False


def test_before_any_score_the_baseline_counts(session, world) -> None:
    fam, *_ = design_example(session, world)
    read = scores.family_scores(
        session, Actor(world.worker_a), fam.id, at=date.today() - timedelta(days=6)
    )
    levels = sorted((g.level, g.from_baseline) for g in read.goals)
    assert levels == [(-1, True), (1, False)]
    early = scores.family_scores(
        session, Actor(world.worker_a), fam.id, at=date.today() - timedelta(days=30)
    )
    expected = 50 + 10 * -2 / math.sqrt(0.7 * 2 + 0.3 * 4)
    assert early.t_score == pytest.approx(expected, abs=0.005)


def test_amended_and_error_entries(session, world) -> None:
    fam, _, _, g1, _, e1, _ = design_example(session, world)
    worker = Actor(world.worker_a)
    amended = entries.amend_entry(session, worker, e1.id, EntryAmend(reason="r", gas_score=2))
    level = {g.goal_id: g for g in scores.family_scores(session, worker, fam.id).goals}[g1.id]
    assert (level.level, level.entry_id) == (2, amended.id)
    entries.mark_entered_in_error(session, worker, amended.id, "wrong goal")
    level = {g.goal_id: g for g in scores.family_scores(session, worker, fam.id).goals}[g1.id]
    assert (level.level, level.from_baseline) == (-1, True)


def test_one_parent(session, world) -> None:
    fam, mum, dad, g1, g2, _, _ = design_example(session, world)
    about_dad = factories.entry(session, g1, world.worker_a, score=-2, days_ago=1)
    session.add(ProgressEntryParent(entry_id=about_dad.id, member_id=dad.id))
    session.commit()
    worker = Actor(world.worker_a)
    for_dad = scores.family_scores(session, worker, fam.id, member_id=dad.id)
    assert [(g.goal_id, g.level) for g in for_dad.goals] == [(g1.id, -2)]  # g2 is mum's only
    assert for_dad.t_score == pytest.approx(30.0)
    for_mum = scores.family_scores(session, worker, fam.id, member_id=mum.id)
    assert {g.goal_id: g.level for g in for_mum.goals} == {g1.id: 1, g2.id: 0}
    assert for_mum.t_score == pytest.approx(56.20, abs=0.005)
    only_g2 = scores.family_scores(session, worker, fam.id, goal_ids=[g2.id])
    assert only_g2.t_score == pytest.approx(50.0)
    with pytest.raises(Invalid) as exc:
        scores.family_scores(session, worker, fam.id, goal_ids=[world.goal_b.id])
    assert exc.value.field == "goal_id"
    with pytest.raises(Invalid) as exc:
        scores.family_scores(session, worker, fam.id, member_id=world.child_a.id)
    assert exc.value.field == "member_id"


def test_parents_score_only_what_they_can_see(session, world) -> None:
    staff = scores.family_scores(session, Actor(world.worker_a), world.family_a.id)
    # goal_a at 0 (the internal entry is the latest), the unsigned goal at its baseline
    assert {g.goal_id: g.level for g in staff.goals} == {
        world.goal_a.id: 0,
        world.goal_a_unsigned.id: -1,
    }
    parent = scores.family_scores(session, Actor(world.parent_a), world.family_a.id)
    assert [(g.goal_id, g.level) for g in parent.goals] == [(world.goal_a.id, -1)]
    assert parent.t_score == pytest.approx(40.0)
    assert world.internal_entry_a.visibility == Visibility.internal
    with pytest.raises(NotFound):
        scores.family_scores(session, Actor(world.parent_b), world.family_a.id)


def test_weekly_series(session, world, count_queries) -> None:
    fam, *_ = design_example(session, world)
    worker = Actor(world.worker_a)
    start = date.today() - timedelta(days=21)
    series = scores.weekly_scores(session, worker, fam.id, start, date.today())
    assert [p.on for p in series.points] == [start + timedelta(days=7 * i) for i in range(4)]
    assert series.points[-1].t_score == pytest.approx(56.20, abs=0.005)
    assert series.points[0].t_score < series.points[-1].t_score
    with pytest.raises(Invalid):
        scores.weekly_scores(session, worker, fam.id, date.today(), start)
    with pytest.raises(Invalid):
        scores.weekly_scores(session, worker, fam.id, date(2000, 1, 1), date.today())
    with count_queries() as q:
        scores.weekly_scores(session, worker, fam.id, start, date.today())
    small = q.count
    goal = session.exec(select(Goal).where(Goal.family_id == fam.id)).first()
    for i in range(30):
        factories.entry(session, goal, world.worker_a, score=i % 3 - 1, days_ago=i)
    session.commit()
    with count_queries() as q:
        scores.weekly_scores(session, worker, fam.id, start, date.today())
    assert q.count == small
