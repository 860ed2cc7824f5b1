import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.models.audit import AuditEvent
from app.models.evidence import ParentComment, PlanEvent, PlanEventKind, Stage, StageRating, Stance
from app.models.plan import Consequence, Milestone, Reward, Trigger
from tests import factories


def test_family_page_shows_members_status_and_clock(world, web_as, session) -> None:
    r = web_as(world.worker_a).get(f"/families/{world.family_a.id}")
    assert r.status_code == 200
    html = r.text
    assert '<h1 class="govuk-heading-l">Ashdown family</h1>' in html
    assert "CCT-A-0001" in html
    assert "Care proceedings" in html
    assert "17 weeks left" in html
    assert "is in week 9 of 26." in html
    assert "26 weeks beginning with that day, so the decision is due by" in html
    for name in ("Jo Ashdown", "Lee Ashdown", "Kit Ashdown"):
        assert name in html
    assert "Child (son)" in html
    # the page is one read of the family's record: one narrow audit row, not one per part
    reads = session.exec(
        select(AuditEvent).where(
            AuditEvent.family_id == world.family_a.id, AuditEvent.action == "read"
        )
    ).all()
    assert [(e.actor_id, e.entity) for e in reads] == [(world.worker_a.id, "family_page")]


def test_team_lead_opens_a_team_family_but_not_another_teams(world, web_as) -> None:
    lead = web_as(world.lead_a)
    assert lead.get(f"/families/{world.family_a.id}").status_code == 200
    assert lead.get(f"/families/{world.family_b.id}").status_code == 404


def test_app_starts_before_assets_are_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from app.web import setup

    monkeypatch.setattr(setup, "STATIC_DIR", tmp_path / "missing")
    from app.main import create_app

    with TestClient(create_app()) as c:
        assert c.get("/sign-in").status_code == 200
        assert c.get("/static/vendor/htmx.min.js").status_code == 404
        assert c.get("/assets/fonts/bold-b542beb274-v2.woff2").status_code == 404


# --- the plan, where things stand, the timeline --------------------------------------------

TODAY = date.today()


def _rate(session, world, member, stage=Stage.action, days_ago=2, **kw) -> StageRating:
    rating = StageRating(
        family_id=world.family_a.id,
        member_id=member.id,
        occurred_on=TODAY - timedelta(days=days_ago),
        recorded_by_id=world.worker_a.id,
        stage=stage,
        motivation=kw.pop("motivation", 8),
        ability=kw.pop("ability", 3),
        **kw,
    )
    session.add(rating)
    return rating


def test_family_page_shows_the_plan_with_levels_milestones_and_incentives(world, web_as) -> None:
    html = web_as(world.worker_a).get(f"/families/{world.family_a.id}/plan").text
    goal = world.goal_a
    card = html[
        html.index(f'id="goal-card-{goal.id}"') : html.index(
            f'id="goal-card-{world.goal_a_unsigned.id}"'
        )
    ]
    for level in (
        goal.level_minus_2,
        goal.level_minus_1,
        goal.level_0,
        goal.level_plus_1,
        goal.level_plus_2,
    ):
        assert level in card
    assert "Bedrooms safe at two visits in a row" in card
    assert f'href="/milestones/{world.milestone_a.id}/outcome"' in card
    assert "Extra contact session at the park" in card
    assert "Home conditions raised at the next PLO meeting" in card
    # only valid next steps: a milestone-triggered reward is earned by the milestone, not by hand
    assert f"/rewards/{world.reward_a.id}/withdraw" in card
    assert f"/rewards/{world.reward_a.id}/earn" not in card
    assert f"/rewards/{world.reward_a.id}/give" not in card
    assert f"/consequences/{world.consequence_a.id}/waive" in card
    assert f"/consequences/{world.consequence_a.id}/apply" not in card
    assert f'href="/families/{world.family_a.id}/log?goal={goal.id}"' in card
    assert "Not signed off" in html[html.index(f'id="goal-card-{world.goal_a_unsigned.id}"') :]


def test_latest_scores_t_score_and_stage_of_change(world, web_as, session) -> None:
    _rate(session, world, world.mother_a, Stage.action, motivation=9, ability=4)
    _rate(session, world, world.mother_a, Stage.contemplation, days_ago=20)
    session.commit()
    html = web_as(world.worker_a).get(f"/families/{world.family_a.id}").text
    row = html[html.index(f'id="score-row-{world.goal_a.id}"') :]
    assert world.goal_a.level_0 in row[: row.index("</tr>")]  # the internal entry, 3 days ago
    assert "0 (expected level)" in row[: row.index("</tr>")]
    assert "Family T-score today:" in html
    mother = html[html.index(f'id="stage-{world.mother_a.id}"') :]
    mother = mother[: mother.index("</dd>")]
    assert "Making changes (action)" in mother  # the latest rating, not the older one
    assert "Motivation 9 out of 10. Ability 4 out of 10." in mother
    father = html[html.index(f'id="stage-{world.father_a.id}"') :]
    assert "Not rated yet" in father[: father.index("</dd>")]


def test_not_on_course_warning_shows_the_figures(world, web_as, session) -> None:
    goal = world.goal_a_unsigned
    factories.entry(session, goal, world.worker_a, score=-2, days_ago=30)
    factories.entry(session, goal, world.worker_a, score=-2, days_ago=5)
    session.commit()
    html = web_as(world.worker_a).get(f"/families/{world.family_a.id}").text
    warning = html[html.index(f'id="not-on-course-{goal.id}"') :]
    warning = warning[: warning.index("</div>")]
    assert "is not on course for the child’s timescale" in warning
    assert "Below the expected level and the trend is flat" in warning
    assert "The latest level is −2 (much less than expected)" in warning
    assert "Over the last 2 scores, since" in warning
    assert "it has stayed about the same" in warning
    assert f"The decision is due by {world.assessment_a.decision_date.day}" in warning
    # plain sentences, each followed by a space: not "…10 August 2026.Decision due"
    text = re.sub(r"<[^>]+>", "", warning)
    assert not re.search(r"[.][A-Z]", text), text
    assert "levels a week over" not in text
    assert f'id="not-on-course-{world.goal_a.id}"' not in html


def test_relapse_flags_a_stage_review(world, web_as, session) -> None:
    session.add(
        PlanEvent(
            family_id=world.family_a.id,
            kind=PlanEventKind.relapse,
            goal_id=world.goal_a.id,
            occurred_on=TODAY - timedelta(days=1),
            recorded_by_id=world.worker_a.id,
            summary="Relapse on the goal",
        )
    )
    _rate(session, world, world.father_a, days_ago=0)  # rated since: no flag for him
    session.commit()
    html = web_as(world.worker_a).get(f"/families/{world.family_a.id}").text
    mother = html[html.index(f'id="stage-{world.mother_a.id}"') :]
    assert "a new stage-of-change rating is due" in mother[: mother.index("</div>")]
    father = html[html.index(f'id="stage-{world.father_a.id}"') :]
    assert "a new stage-of-change rating is due" not in father[: father.index("</div>")]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("worker_a", 200),
        ("lead_a", 200),
        ("worker_a2", 404),
        ("worker_b", 404),
        ("lead_b", 404),
        ("parent_a", 404),
        ("admin", 404),
    ],
)
def test_who_may_open_the_family_page(world, web_as, who, status) -> None:
    r = web_as(getattr(world, who)).get(f"/families/{world.family_a.id}")
    assert r.status_code == status
    if status == 404:
        assert "Ashdown" not in r.text and "Neighbour reported" not in r.text


def test_timeline_filters_by_goal_significance_and_dates(world, web_as, session) -> None:
    factories.entry(
        session,
        world.goal_a_unsigned,
        world.worker_a,
        days_ago=40,
        observation="Went to contact on time.",
    )
    session.commit()
    c = web_as(world.worker_a)
    base = f"/families/{world.family_a.id}/timeline"

    def items(query: str) -> str:
        html = c.get(f"{base}?{query}").text
        start = html.index('id="timeline-items"')
        return html[start : html.index("</ol>", start)]

    by_goal = items(f"goal={world.goal_a_unsigned.id}")
    assert "Went to contact on time." in by_goal and "Kitchen and bedrooms" not in by_goal
    significant = items("significance=significant")
    assert "Neighbour reported" in significant and "Kitchen and bedrooms" not in significant
    start = TODAY - timedelta(days=12)
    end = TODAY - timedelta(days=5)
    dated = items(
        f"from-day={start.day}&from-month={start.month}&from-year={start.year}"
        f"&to-day={end.day}&to-month={end.month}&to-year={end.year}"
    )
    assert "Kitchen and bedrooms" in dated  # 10 days ago
    assert "Neighbour reported" not in dated and "Went to contact" not in dated
    bad = c.get(f"{base}?from-day=31&from-month=2&from-year=2025")
    # a filter that is not valid is an error message, not ignored
    assert bad.status_code == 422
    assert "The start date must be a real date" in bad.text
    assert 'href="#from-day"' in bad.text


def test_htmx_filter_gets_only_the_timeline(world, web_as) -> None:
    r = web_as(world.worker_a).get(
        f"/families/{world.family_a.id}/timeline?significance=significant",
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200
    assert "HX-Request" in r.headers["vary"]
    assert r.text.lstrip().startswith('<section id="timeline"')
    assert "<h1" not in r.text


def test_the_timeline_shows_20_records_a_page_with_govuk_pagination(world, web_as, session) -> None:
    for n in range(45):
        factories.entry(
            session,
            world.goal_a,
            world.worker_a,
            days_ago=20 + n,
            observation=f"Visit number {n:02d}.",
        )
    session.commit()
    c = web_as(world.worker_a)
    base = f"/families/{world.family_a.id}/timeline"
    first = c.get(base).text
    assert first.count('class="app-timeline__item') == 20
    nav = first[first.index('<nav class="govuk-pagination"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'aria-label="Timeline pages"' in nav
    assert f'href="{base}?page=2"' in nav and 'rel="next"' in nav
    assert 'aria-current="page"' in nav and 'rel="prev"' not in nav
    # 47 records (45 and the world's two): three pages
    assert f'href="{base}?page=3"' in nav
    second = c.get(f"{base}?page=2").text
    assert second.count('class="app-timeline__item') == 20
    assert "Showing 21 to 40" in second
    assert f'href="{base}"' in second and 'rel="prev"' in second
    last = c.get(f"{base}?page=3").text
    assert last.count('class="app-timeline__item') == 7
    assert "Showing 41 to 47" in last
    # a filter is kept from page to page
    significant = c.get(f"{base}?significance=significant").text
    assert "govuk-pagination" not in significant  # one record: one page, no pagination


def test_old_addresses_of_the_one_long_page_still_work(world, web_as) -> None:
    c = web_as(world.worker_a)
    family = f"/families/{world.family_a.id}"
    r = c.get(f"{family}?page=2&significance=significant", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"{family}/timeline?page=2&significance=significant"
    summary = c.get(family)
    assert summary.status_code == 200 and 'id="family-navigation"' in summary.text


def test_each_sub_page_marks_itself_in_the_sub_navigation(world, web_as) -> None:
    c = web_as(world.worker_a)
    family = f"/families/{world.family_a.id}"
    for path, current in (
        (family, "summary"),
        (f"{family}/plan", "plan"),
        (f"{family}/timeline", "timeline"),
        (f"{family}/reports", "reports"),
    ):
        html = c.get(path).text
        nav = html[html.index('id="family-navigation"') :]
        nav = nav[: nav.index("</nav>")]
        assert nav.count('aria-current="page"') == 1, path
        assert f'aria-current="page" id="family-nav-{current}"' in nav, path
        assert (
            html.count("Reports and chronology</a>") + html.count("Reports and chronology</strong>")
            == 1
        ), path


def test_viewing_leaves_comments_unseen_until_marked(world, web_as, session) -> None:
    session.add(
        ParentComment(
            family_id=world.family_a.id,
            author_id=world.parent_a.id,
            member_id=world.mother_a.id,
            stance=Stance.disagree,
            text="The house was tidy that day.",
        )
    )
    session.commit()
    c = web_as(world.worker_a)
    html = c.get(f"/families/{world.family_a.id}").text
    assert "The house was tidy that day." in html[html.index('id="parents-views"') :]
    assert session.exec(select(ParentComment.seen_at)).all() == [None]
    session.commit()
    r = c.post(
        f"/families/{world.family_a.id}/comments/seen",
        data={"csrf_token": c.csrf_token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/families/{world.family_a.id}"  # the top: the banner
    assert session.exec(select(ParentComment.seen_at)).one() is not None
    session.commit()
    page = c.get(r.headers["location"]).text
    assert "1 comment marked as seen" in page
    assert 'id="parents-views"' not in page


def _big_family(session, world, size: int):
    fam = factories.family(
        session, world.team_a, f"CCT-Z-{size:04d}", f"Zeta {size}", world.worker_a
    )
    parents = [factories.member(session, fam, f"Parent {size}-{i}") for i in range(2)]
    a = factories.assessment(session, fam)
    for g in range(size):
        goal = factories.goal(session, a, parents, title=f"Goal {g}")
        for d in range(size):
            factories.entry(session, goal, world.worker_a, score=(d % 5) - 2, days_ago=d * 3 + 1)
        m = Milestone(
            goal_id=goal.id,
            family_id=fam.id,
            description=f"Step {g}",
            due_on=TODAY + timedelta(days=g),
        )
        session.add(m)
        session.flush()
        session.add(
            Reward(
                family_id=fam.id,
                goal_id=goal.id,
                milestone_id=m.id,
                description="r",
                trigger=Trigger.milestone_achieved,
            )
        )
        session.add(
            Consequence(family_id=fam.id, goal_id=goal.id, description="c", trigger=Trigger.manual)
        )
    for p in parents:
        for d in range(size):
            session.add(
                StageRating(
                    family_id=fam.id,
                    member_id=p.id,
                    occurred_on=TODAY - timedelta(days=d),
                    recorded_by_id=world.worker_a.id,
                    stage=Stage.action,
                    motivation=5,
                    ability=5,
                )
            )
    session.commit()
    return fam


def test_family_page_costs_the_same_queries_whatever_the_size(
    world, web_as, session, count_queries, no_views_kept
) -> None:
    small = _big_family(session, world, 1)
    large = _big_family(session, world, 6)
    c = web_as(world.worker_a)
    for fam in (small, large):  # each family's audit chain starts on its first read
        c.get(f"/families/{fam.id}")
    for page in ("", "/plan", "/timeline"):
        counts = []
        for fam in (small, large):
            with count_queries() as q:
                assert c.get(f"/families/{fam.id}{page}").status_code == 200
            counts.append(q.count)
        assert counts[0] == counts[1], (page, counts)


def test_plan_changes_are_one_link_away(world, web_as) -> None:
    c = web_as(world.worker_a)
    summary = c.get(f"/families/{world.family_a.id}").text
    html = summary + c.get(f"/families/{world.family_a.id}/plan").text
    for href in (
        f"/families/{world.family_a.id}/edit",
        f"/assessments/{world.assessment_a.id}/goals/new",
        f"/goals/{world.goal_a.id}/edit",
        f"/goals/{world.goal_a.id}/milestones/new",
        f"/milestones/{world.milestone_a.id}/edit",
        f"/rewards/{world.reward_a.id}/edit",
        f"/members/{world.mother_a.id}/edit",
    ):
        assert f'href="{href}"' in html, href
    assert "/sign-off" not in html  # a worker does not sign plans off
    lead = web_as(world.lead_a).get(f"/families/{world.family_a.id}/plan").text
    assert f'href="/goals/{world.goal_a_unsigned.id}/sign-off"' in lead
    assert f'href="/goals/{world.goal_a.id}/sign-off"' not in lead  # already signed off


def test_a_milestone_past_its_due_date_shows_overdue(world, web_as, session) -> None:
    from app.models.plan import Milestone

    late = Milestone(
        goal_id=world.goal_a.id,
        family_id=world.family_a.id,
        description="Kitchen cleared by the visit",
        due_on=date.today() - timedelta(days=3),
    )
    session.add(late)
    session.commit()
    c = web_as(world.worker_a)
    html = c.get(f"/families/{world.family_a.id}/plan").text
    item = html[html.index(f'id="milestone-{late.id}"') :]
    item = item[: item.index("</li>")]
    assert "Overdue" in item and "Pending" not in item
    # the milestone due in two weeks is still pending
    coming = html[html.index(f'id="milestone-{world.milestone_a.id}"') :]
    assert "Pending" in coming[: coming.index("</li>")]
    # the Summary lists it under what needs doing, with the link to record its outcome
    summary = c.get(f"/families/{world.family_a.id}").text
    to_do = summary[summary.index('id="to-do-list"') :]
    to_do = to_do[: to_do.index("</ul>")]
    assert "Overdue: “Kitchen cleared by the visit” was due on" in to_do
    assert f'href="/milestones/{late.id}/outcome"' in to_do


def test_the_five_levels_are_listed_minus_2_first_everywhere(world, web_as) -> None:
    goal = world.goal_a
    written = [
        goal.level_minus_2,
        goal.level_minus_1,
        goal.level_0,
        goal.level_plus_1,
        goal.level_plus_2,
    ]
    c = web_as(world.worker_a)
    plan = c.get(f"/families/{world.family_a.id}/plan").text
    levels = plan[plan.index(f'id="levels-{goal.id}"') :]
    levels = levels[: levels.index("</ol>")]
    log = c.get(f"/families/{world.family_a.id}/log?goal={goal.id}").text
    form = c.get(f"/goals/{goal.id}/edit").text
    for html in (levels, log, form):
        places = [html.index(words) for words in written]
        assert places == sorted(places), places
    # the goal form asks for each level in the shared words, −2 first
    asked = [form.index(words) for words in ("Much less than expected", "The expected outcome")]
    assert asked == sorted(asked)


def test_the_summary_says_what_needs_doing_for_the_reader(world, web_as, session) -> None:
    session.add(
        ParentComment(
            family_id=world.family_a.id,
            author_id=world.parent_a.id,
            member_id=world.mother_a.id,
            stance=Stance.disagree,
            text="The house was tidy that day.",
        )
    )
    session.add(
        PlanEvent(
            family_id=world.family_a.id,
            kind=PlanEventKind.relapse,
            goal_id=world.goal_a.id,
            occurred_on=TODAY - timedelta(days=1),
            recorded_by_id=world.worker_a.id,
            summary="Relapse on the goal",
        )
    )
    session.commit()

    def to_do(user) -> str:  # type: ignore[no-untyped-def]
        html = web_as(user).get(f"/families/{world.family_a.id}").text
        found = html[html.index('id="to-do-list"') :]
        return found[: found.index("</ul>")]

    worker = to_do(world.worker_a)
    assert "1 new view from parents to read and answer." in worker
    assert "Jo Ashdown relapsed on" in worker
    assert f"/stage-ratings/new?member={world.mother_a.id}" in worker
    # a worker is told a goal waits for sign-off; a team lead is given the link to do it
    assert "1 goal waiting for the team lead to sign off" in worker
    lead = to_do(world.lead_a)
    assert f'href="/goals/{world.goal_a_unsigned.id}/sign-off">Sign it off' in lead
