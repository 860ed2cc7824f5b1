"""The caseload and the team dashboard list families a page at a time."""

import re
from datetime import timedelta

from sqlmodel import col, select

from app.models.evidence import PlanEvent, PlanEventKind, ProgressEntry, Stage, StageRating
from app.services.context import Actor
from app.services.views import caseload, risk
from app.services.views.caseload import PER_PAGE, Show
from tests import factories
from tests.web.test_caseload import TODAY, _busy_family

MORE = PER_PAGE + 5


def _names(html: str) -> list[str]:
    return re.findall(r'href="/families/[0-9a-f-]+">([^<]+)</a>', html)


def _fill(session, world, n: int = MORE) -> None:
    for i in range(n):
        _busy_family(session, world.team_a, world.worker_a, i)
    session.commit()


def test_the_caseload_shows_a_page_of_families_in_the_same_order(world, web_as, session) -> None:
    _fill(session, world)
    everyone = [f.family_name for f in caseload._families(session, Actor(world.worker_a), TODAY)]
    session.commit()
    total = len(everyone)
    assert total > PER_PAGE
    c = web_as(world.worker_a)
    first = c.get("/caseload")
    assert first.status_code == 200
    assert f"{total} families, most at risk first. Showing 1 to {PER_PAGE}." in first.text
    assert 'href="/caseload?page=2"' in first.text and "govuk-pagination" in first.text
    second = c.get("/caseload?page=2")
    assert f"Showing {PER_PAGE + 1} to {total}." in second.text
    # page 1's previous link has no page number
    assert 'href="/caseload"' in second.text
    assert _names(first.text) + _names(second.text) == everyone


def test_a_page_past_the_end_says_so(world, web_as, session) -> None:
    _fill(session, world)
    page = web_as(world.worker_a).get("/caseload?page=9")
    assert page.status_code == 200
    assert "There are no families on page 9." in page.text
    assert _names(page.text) == []
    assert 'href="/caseload?page=2"' in page.text  # back to the last page


def test_a_page_number_that_is_not_valid_is_an_error(world, web_as) -> None:
    c = web_as(world.worker_a)
    for bad in ("0", "two", "10001"):
        page = c.get(f"/caseload?page={bad}")
        assert page.status_code == 422
        assert "The page must be a number from 1 to 10,000" in page.text
        assert "Ashdown family" in page.text  # the first page is still shown


def test_every_page_costs_the_same_queries(
    world, web_as, session, count_queries, no_views_kept
) -> None:
    _fill(session, world)
    c = web_as(world.worker_a)
    counts = []
    for path in ("/caseload", "/caseload?page=2", "/team?show=all", "/team?show=all&page=2"):
        c = web_as(world.worker_a if path.startswith("/caseload") else world.lead_a)
        c.get(path)  # warm up: the session's last-seen time is written at most once a minute
        with count_queries() as q:
            assert c.get(path).status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1] and counts[2] == counts[3]


def test_the_dashboard_list_is_paged_and_its_links_keep_the_list(world, web_as, session) -> None:
    _fill(session, world)
    lead = Actor(world.lead_a)
    dash = caseload.team_dashboard(session, lead, show=Show.all, worker_id=world.worker_a.id)
    assert dash.listed.total > PER_PAGE and len(dash.families) == PER_PAGE
    # the figures still count every family, not one page of them
    assert dash.totals.families >= dash.listed.total
    session.commit()
    c = web_as(world.lead_a)
    path = f"/team?show=all&worker={world.worker_a.id}"
    first = c.get(path)
    assert first.status_code == 200
    assert f"Showing 1 to {PER_PAGE}." in first.text
    assert f'href="/team?show=all&amp;worker={world.worker_a.id}&amp;page=2"' in first.text
    second = c.get(path + "&page=2")
    page_two = caseload.team_dashboard(
        session, lead, show=Show.all, worker_id=world.worker_a.id, page=2
    )
    session.commit()
    assert _names(second.text) == [f.family_name for f in page_two.families]
    assert c.get("/team?page=0").status_code == 422


def test_the_relapse_rule_reads_each_family_s_own_ratings(world, session, monkeypatch) -> None:
    """Each family's relapse is judged on its ratings alone, not every rating of the caseload."""
    other = factories.family(session, world.team_a, "CCT-R-0001", "Other family", world.worker_a)
    other_mum = factories.member(session, other, "Pat Other")
    other_goal = factories.goal(session, factories.assessment(session, other), [other_mum])
    for family, goal, member in (
        (world.family_a, world.goal_a, world.mother_a),
        (other, other_goal, other_mum),
    ):
        session.add(
            PlanEvent(
                family_id=family.id,
                kind=PlanEventKind.relapse,
                goal_id=goal.id,
                occurred_on=TODAY - timedelta(days=2),
                recorded_by_id=world.worker_a.id,
                summary="Relapse",
            )
        )
        session.add(
            StageRating(
                family_id=family.id,
                member_id=member.id,
                occurred_on=TODAY - timedelta(days=9),
                recorded_by_id=world.worker_a.id,
                stage=Stage.action,
                motivation=5,
                ability=4,
            )
        )
    session.commit()
    seen: list[set[object]] = []
    rule = risk.stage_reviews_due

    def watching(relapses, ratings, goal_members):  # type: ignore[no-untyped-def]
        ratings = list(ratings)
        seen.append({r.family_id for r in ratings})
        return rule(relapses, ratings, goal_members)

    monkeypatch.setattr(risk, "stage_reviews_due", watching)
    dash = caseload.team_dashboard(session, Actor(world.lead_a), show=Show.relapse)
    assert {f.family_id for f in dash.families} == {world.family_a.id, other.id}
    assert len(seen) == 2 and all(len(families) == 1 for families in seen)


def test_the_risk_rule_reads_each_goals_latest_scores_in_date_order(world, session) -> None:
    """Points are made only for the scores a goal's trend is fitted to, oldest first."""
    from app.domain.trend import TREND_POINTS

    for days_ago in range(TREND_POINTS + 4, 0, -1):
        factories.entry(session, world.goal_a, world.worker_a, score=-2, days_ago=days_ago)
    session.commit()
    scored = session.exec(
        select(ProgressEntry.occurred_on)
        .where(ProgressEntry.goal_id == world.goal_a.id, col(ProgressEntry.gas_score).is_not(None))
        .order_by(col(ProgressEntry.occurred_on))
    ).all()
    assert len(scored) > TREND_POINTS
    evidence = risk.load(session, Actor(world.lead_a), TODAY)
    (points,) = [p for p in evidence.goal_points[world.family_a.id] if len(p) > 1]
    assert [p.on for p in points] == scored[-TREND_POINTS:]


def test_a_lead_with_no_team_sees_the_workers_with_none(world, session) -> None:
    lead = factories.user(session, "Lone Lead", factories.Role.team_lead)
    loner = factories.user(session, "Lone Worker", factories.Role.social_worker)
    session.commit()
    dash = caseload.team_dashboard(session, Actor(lead))
    assert [w.worker_id for w in dash.workers] == [loner.id]
    assert dash.totals.families == 0 and dash.awaiting_sign_off == 0
