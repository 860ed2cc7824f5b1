from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.domain.timescale import Timescale
from app.models.account import Allocation, User
from app.models.audit import AuditEvent
from app.models.base import utcnow
from app.models.evidence import ParentComment, Stage, StageRating, Stance
from app.models.family import Family, LegalStatus
from app.models.plan import Assessment, Milestone
from app.models.review import ReviewKind, ReviewMeeting
from app.services.views.caseload import timescale_clock
from tests import factories

TODAY = date.today()


def _review(session: Session, family: Family, by: User, next_on: date, days_ago: int = 5, **kw):
    r = ReviewMeeting(
        family_id=family.id,
        occurred_on=TODAY - timedelta(days=days_ago),
        recorded_by_id=by.id,
        kind=ReviewKind.core_group,
        summary="Core group met.",
        next_review_on=next_on,
        **kw,
    )
    session.add(r)
    session.flush()
    return r


def _busy_family(session: Session, team, worker: User, n: int) -> Family:
    """A family with something of everything: goals, entries, milestones, reviews, comments."""
    fam = factories.family(session, team, f"CCT-Q-{n:04d}", f"Family {n:02d}", worker)
    mum = factories.member(session, fam, f"Parent {n:02d}")
    a = factories.assessment(session, fam)
    g = factories.goal(session, a, [mum])
    factories.entry(session, g, worker, days_ago=n % 40)
    session.add(
        Milestone(goal_id=g.id, family_id=fam.id, description="m", due_on=TODAY - timedelta(1))
    )
    _review(session, fam, worker, TODAY + timedelta(days=n % 20))
    parent = factories.user(session, f"Parent user {n:02d}", factories.Role.parent, member=mum)
    session.add(
        ParentComment(
            family_id=fam.id, author_id=parent.id, member_id=mum.id, stance=Stance.comment, text="x"
        )
    )
    return fam


def test_clock_words_and_colours() -> None:
    today = date(2025, 3, 3)
    cases = {
        None: ("No decision date", "grey"),
        today + timedelta(weeks=10): ("10 weeks left", "green"),
        today + timedelta(weeks=3): ("3 weeks left", "orange"),
        today + timedelta(days=8): ("1 week left", "orange"),
        today + timedelta(days=3): ("3 days left", "red"),
        today + timedelta(days=1): ("1 day left", "red"),
        today: ("Decision due today", "red"),
        today - timedelta(days=1): ("Overdue by 1 week", "red"),
        today - timedelta(days=14): ("Overdue by 2 weeks", "red"),
        today - timedelta(days=15): ("Overdue by 3 weeks", "red"),
    }
    for decision, (words, colour) in cases.items():
        clock = timescale_clock(Timescale(decision), today)
        assert (clock.words, clock.colour) == (words, colour), decision


def test_worker_sees_only_their_own_families(world, web_as, session) -> None:
    factories.family(session, world.team_a, "CCT-A-0002", "Carrow family", world.worker_a2)
    session.commit()
    html = web_as(world.worker_a).get("/caseload").text
    assert "Ashdown family" in html
    assert "Carrow family" not in html  # same team, another worker
    assert "Brockley family" not in html  # another team
    other = web_as(world.worker_a2).get("/caseload").text
    assert "Carrow family" in other and "Ashdown family" not in other


def test_caseload_shows_what_needs_doing(world, web_as, session) -> None:
    fam = world.family_a
    session.add(
        Milestone(
            goal_id=world.goal_a.id,
            family_id=fam.id,
            description="Late one",
            due_on=TODAY - timedelta(days=3),
        )
    )
    session.add(
        Milestone(  # achieved: not overdue whatever its date
            goal_id=world.goal_a.id,
            family_id=fam.id,
            description="Done",
            due_on=TODAY - timedelta(days=9),
            status="achieved",
        )
    )
    _review(session, fam, world.worker_a, TODAY + timedelta(days=10))
    session.add(
        ParentComment(
            family_id=fam.id,
            author_id=world.parent_a.id,
            member_id=world.mother_a.id,
            stance=Stance.disagree,
            text="I don't agree.",
        )
    )
    session.commit()
    html = web_as(world.worker_a).get("/caseload").text
    assert "1 milestone past the due date" in html
    assert "Review due" in html
    assert "1 new comment from parents" in html
    # issued 8 weeks ago: week 9 of 26, 17 whole weeks (and 6 days) left
    assert "17 weeks left" in html
    assert "govuk-tag--green" in html
    assert "Nothing recorded since" not in html  # an entry 3 days ago


def test_no_evidence_in_28_days_and_decision_soon(world, web_as, session) -> None:
    fam = factories.family(session, world.team_a, "CCT-A-0003", "Dunmore family", world.worker_a)
    # pre-proceedings: the date set for the assessment stands (no statute sets it)
    fam.legal_status, fam.proceedings_issued_on = LegalStatus.plo_pre_proceedings, None
    a = Assessment(
        family_id=fam.id,
        started_on=TODAY - timedelta(weeks=20),
        decision_date=TODAY - timedelta(days=10),
    )
    session.add(a)
    session.commit()
    html = web_as(world.worker_a).get("/caseload").text
    assert "Overdue by 2 weeks" in html
    assert "Nothing recorded yet" in html
    # an overdue decision date is a risk signal: first
    assert html.index("Dunmore family") < html.index("Ashdown family")


def test_only_the_current_version_of_the_latest_review_counts(world, web_as, session) -> None:
    fam = world.family_a
    original = _review(session, fam, world.worker_a, TODAY + timedelta(days=5), days_ago=4)
    # corrected: the next review is in fact in 8 weeks
    _review(
        session,
        fam,
        world.worker_a,
        TODAY + timedelta(weeks=8),
        days_ago=4,
        amends_id=original.id,
        amendment_reason="Wrong date typed",
    )
    # a later review entered in error does not count either
    _review(
        session,
        fam,
        world.worker_a,
        TODAY + timedelta(days=2),
        days_ago=1,
        entered_in_error_at=utcnow(),
        entered_in_error_by_id=world.worker_a.id,
        entered_in_error_reason="Wrong family",
    )
    session.commit()
    html = web_as(world.worker_a).get("/caseload").text
    assert "Review due" not in html


def test_stage_rating_counts_as_evidence(world, web_as, session) -> None:
    fam = factories.family(session, world.team_a, "CCT-A-0004", "Elmfield family", world.worker_a)
    mum = factories.member(session, fam, "Ann Elmfield")
    session.add(
        StageRating(
            family_id=fam.id,
            member_id=mum.id,
            occurred_on=TODAY - timedelta(days=2),
            recorded_by_id=world.worker_a.id,
            stage=Stage.contemplation,
            motivation=5,
            ability=4,
        )
    )
    session.commit()
    html = web_as(world.worker_a).get("/caseload").text
    card = html[html.index("Elmfield family") :]
    assert "Nothing recorded" not in card[: card.index("</dl>")]


def test_caseload_view_is_audited_once(world, web_as, session) -> None:
    web_as(world.worker_a).get("/caseload")
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "caseload")).all()
    assert [(e.actor_id, e.action) for e in events] == [(world.worker_a.id, "read")]


def test_team_dashboard_counts_and_lists(world, web_as, session) -> None:
    late = factories.family(session, world.team_a, "CCT-A-0005", "Fenwick family", world.worker_a2)
    mum = factories.member(session, late, "Bea Fenwick")
    a = factories.assessment(session, late)
    g = factories.goal(session, a, [mum])
    session.add(
        Milestone(goal_id=g.id, family_id=late.id, description="x", due_on=TODAY - timedelta(1))
    )
    factories.family(session, world.team_a, "CCT-A-0006", "Garland family")  # not allocated
    session.commit()
    c = web_as(world.lead_a)
    html = c.get("/team").text
    assert "Team dashboard" in html
    assert "Sam Okoro" in html and "Ria Patel" in html and "Not allocated" in html
    assert "Tom Hale" not in html  # another team's worker
    assert "Brockley family" not in html
    # the numbers link to the lists behind them
    assert 'href="/team?show=overdue"' in html
    assert f'href="/team?show=overdue&amp;worker={world.worker_a2.id}"' in html
    overdue = c.get("/team?show=overdue").text
    assert "Fenwick family" in overdue
    assert "Ashdown family" not in overdue
    everyone = c.get("/team?show=all").text
    for name in ("Ashdown family", "Fenwick family", "Garland family"):
        assert name in everyone
    just_ria = c.get(f"/team?show=all&worker={world.worker_a2.id}").text
    assert "Fenwick family" in just_ria and "Ashdown family" not in just_ria
    assert "(Ria Patel)" in just_ria


def test_team_dashboard_totals(world, session) -> None:
    from app.services.context import Actor
    from app.services.views.caseload import Show, team_dashboard

    factories.family(session, world.team_a, "CCT-A-0007", "Hartley family", world.worker_a)
    session.commit()
    dash = team_dashboard(session, Actor(world.lead_a), show=Show.no_evidence)
    assert dash.totals.families == 2
    assert dash.totals.no_evidence == 1  # Hartley has no evidence; Ashdown had some 3 days ago
    assert dash.totals.decisions == 0
    assert [f.family_name for f in dash.families] == ["Hartley family"]
    sam = next(w for w in dash.workers if w.worker_id == world.worker_a.id)
    assert sam.counts.families == 2
    ria = next(w for w in dash.workers if w.worker_id == world.worker_a2.id)
    assert ria.counts.families == 0


def test_worker_cannot_open_team_dashboard(world, web_as) -> None:
    assert web_as(world.worker_a).get("/team").status_code == 404


def test_ended_allocation_drops_family_from_caseload(world, web_as, session) -> None:
    alloc = session.exec(select(Allocation).where(Allocation.family_id == world.family_a.id)).one()
    alloc.ended_at = utcnow()
    session.add(alloc)
    session.commit()
    html = web_as(world.worker_a).get("/caseload").text
    assert "Ashdown family" not in html
    assert "No families are allocated to you" in html


def test_htmx_request_gets_only_the_fragment(world, web_as) -> None:
    c = web_as(world.worker_a)
    full = c.get("/caseload")
    part = c.get("/caseload", headers={"HX-Request": "true"})
    assert "HX-Request" in full.headers["vary"]
    assert "HX-Request" in part.headers["vary"]
    assert full.text.startswith("<!DOCTYPE html>")
    assert "<html" not in part.text and "govuk-footer" not in part.text
    assert part.text.strip().startswith('<div id="families">')
    assert "Ashdown family" in part.text
    # a boosted navigation or a history restore still gets the whole page
    boosted = c.get("/caseload", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert boosted.text.startswith("<!DOCTYPE html>")
    team = web_as(world.lead_a).get("/team?show=all", headers={"HX-Request": "true"})
    assert team.text.strip().startswith('<div id="dashboard">')
    assert "Ashdown family" in team.text


@pytest.mark.parametrize("path", ["/caseload", "/team"])
def test_query_count_does_not_grow_with_the_caseload(
    world, web_as, session, count_queries, path, no_views_kept
) -> None:
    user = world.worker_a if path == "/caseload" else world.lead_a
    c = web_as(user)

    def measure() -> int:
        c.get(path)  # warm up: the session's last-seen time is written at most once a minute
        with count_queries() as q:
            assert c.get(path).status_code == 200
        return q.count

    for n in range(3):
        _busy_family(session, world.team_a, world.worker_a, n)
    session.commit()
    few = measure()
    for n in range(3, 40):
        _busy_family(session, world.team_a, world.worker_a, n)
    session.commit()
    many = measure()
    assert few == many
    # session, data, the risk rule's scores and relapses, audit trail (with its hash chain);
    # the dashboard also counts the goals waiting for sign-off
    assert many <= (9 if path == "/caseload" else 10)


def test_a_failing_family_is_not_shown_green_and_sorts_first(world, web_as, session) -> None:
    factories.carrowmoor(session, world)
    # Ashdown: an 18-week decision date and nothing slipping
    html = web_as(world.worker_a).get("/caseload").text
    assert html.index("Carrowmoor family") < html.index("Orchardly family")
    assert html.index("Orchardly family") < html.index("Ashdown family")
    card = html[html.index("Carrowmoor family") : html.index("Orchardly family")]
    assert "5 weeks left" in card
    assert "govuk-tag--green" not in card
    assert "3 goals not on course for the child’s timescale" in card
    assert "1 milestone past the due date" in card
    assert "35 days to the decision" in card
    ashdown = html[html.index("Ashdown family") :]
    assert "govuk-tag--green" in ashdown and "No risk signals" in ashdown


def test_the_dashboard_counts_each_risk_signal_and_lists_it(world, web_as, session) -> None:
    factories.carrowmoor(session, world)
    c = web_as(world.lead_a)
    html = c.get("/team?show=all").text
    for show, words in [
        ("not_on_course", "with goals not on course"),
        ("falling", "with a falling trend"),
        ("relapse", "with a relapse since the last rating"),
    ]:
        assert f'href="/team?show={show}"' in html
        assert words in html
    figure = html[html.index('href="/team?show=not_on_course"') :]
    assert '<span class="app-figure__number">2</span> with goals not on course' in figure
    listed = html[html.index('id="family-list"') :]
    assert listed.index("Carrowmoor family") < listed.index("Orchardly family")
    assert listed.index("Orchardly family") < listed.index("Ashdown family")
    off_course = c.get("/team?show=not_on_course").text
    assert "Carrowmoor family" in off_course and "Ashdown family" not in off_course
    assert "Families with goals not on course" in off_course


def test_dashboard_counts_and_lists_come_from_the_risk_rule(world, session) -> None:
    from app.services.context import Actor
    from app.services.views.caseload import Show, team_dashboard

    fam = factories.carrowmoor(session, world)
    dash = team_dashboard(session, Actor(world.lead_a), show=Show.attention)
    assert dash.totals.not_on_course == 2
    assert dash.totals.overdue == 1
    assert dash.totals.falling == 0 and dash.totals.relapse == 0
    top = dash.families[0]
    assert top.family_id == fam.id
    assert top.risk.not_on_course == 3 and top.risk.days_to_decision == 35
    assert top.clock.colour != "green"
    sam = next(w for w in dash.workers if w.worker_id == world.worker_a.id)
    assert sam.counts.not_on_course == 2


def test_a_relapse_since_the_last_rating_is_a_signal(world, session) -> None:
    from app.models.evidence import PlanEvent, PlanEventKind
    from app.services.context import Actor
    from app.services.views.caseload import Show, team_dashboard

    session.add(
        PlanEvent(
            family_id=world.family_a.id,
            kind=PlanEventKind.relapse,
            goal_id=world.goal_a.id,
            occurred_on=TODAY - timedelta(days=2),
            recorded_by_id=world.worker_a.id,
            summary="Relapse",
        )
    )
    session.commit()
    dash = team_dashboard(session, Actor(world.lead_a), show=Show.relapse)
    assert [f.family_name for f in dash.families] == ["Ashdown family"]
    assert dash.families[0].risk.relapse_on == TODAY - timedelta(days=2)
    # a stage-of-change rating after it answers the relapse
    for member in (world.mother_a, world.father_a):
        session.add(
            StageRating(
                family_id=world.family_a.id,
                member_id=member.id,
                occurred_on=TODAY - timedelta(days=1),
                recorded_by_id=world.worker_a.id,
                stage=Stage.action,
                motivation=5,
                ability=4,
            )
        )
    session.commit()
    assert team_dashboard(session, Actor(world.lead_a), show=Show.relapse).families == []
