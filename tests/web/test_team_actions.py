"""A team lead's actions: plan sign-off and allocation."""

from sqlmodel import Session, col, select

from app.models.account import Allocation
from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from app.models.plan import Goal, GoalLifecycle, GoalUpdate
from app.services.context import Actor
from app.services.plan import goals
from tests import factories
from tests.web.conftest import csrf_from


def _sign_off(web, goal: Goal, **fields: str):
    page = web.get("/team/sign-off")
    data = {"csrf_token": csrf_from(page.text), "version": str(goal.version), **fields}
    return web.post(f"/goals/{goal.id}/sign-off", data=data, follow_redirects=False)


def test_sign_off_list_shows_the_teams_waiting_goals(world, web_as) -> None:
    web = web_as(world.lead_a)
    dashboard = web.get("/team").text
    link = dashboard[dashboard.index('id="sign-off-link"') :]
    link = link[: link.index("</p>")]
    # the link says how many goals wait: world.goal_a_unsigned
    assert 'href="/team/sign-off">Plan sign-off: 1 goal waiting for your decision' in link
    page = web.get("/team/sign-off")
    assert page.status_code == 200
    assert "Attend every contact session" in page.text  # world.goal_a_unsigned
    assert "Keep the home safe and clean" not in page.text  # signed off already
    assert "Lee Ashdown" in page.text  # the parent it applies to
    assert world.goal_a_unsigned.level_plus_2 in page.text  # the five levels to read
    assert f'action="/goals/{world.goal_a_unsigned.id}/sign-off"' in page.text
    # another team's lead sees none of it
    assert "Attend every contact session" not in web_as(world.lead_b).get("/team/sign-off").text


def test_approve_signs_off_and_records_oversight(world, web_as, session: Session) -> None:
    web = web_as(world.lead_a)
    done = _sign_off(web, world.goal_a_unsigned, decision="approve", comment="Clear and fair.")
    assert done.status_code == 303 and done.headers["location"] == "/team/sign-off"
    assert "Goal signed off: Attend every contact session" in web.get("/team/sign-off").text
    assert "Plan sign-off: 0 goals waiting" in web.get("/team").text
    session.refresh(world.goal_a_unsigned)
    assert world.goal_a_unsigned.signed_off_by_id == world.lead_a.id
    assert world.goal_a_unsigned.lifecycle_status == GoalLifecycle.active
    event = session.exec(
        select(PlanEvent).where(PlanEvent.goal_id == world.goal_a_unsigned.id)
    ).one()
    assert event.kind == PlanEventKind.plan_signed_off and event.note == "Clear and fair."
    assert event.visibility == Visibility.shared
    session.commit()
    assert "Attend every contact session" not in web.get("/team/sign-off").text


def test_ask_for_changes_needs_a_comment(world, web_as, session: Session) -> None:
    web = web_as(world.lead_a)
    refused = _sign_off(web, world.goal_a_unsigned, decision="changes_requested", comment=" ")
    assert refused.status_code == 422
    assert "Say what needs to change in the comment" in refused.text
    assert 'href="#comment"' in refused.text and 'value="changes_requested" checked' in refused.text
    none = _sign_off(web, world.goal_a_unsigned, comment="Hmm")
    assert none.status_code == 422 and "Select whether to sign off the goal" in none.text
    assert "Hmm</textarea>" in none.text
    asked = _sign_off(
        web, world.goal_a_unsigned, decision="changes_requested", comment="Say how often."
    )
    assert asked.status_code == 303
    session.refresh(world.goal_a_unsigned)
    assert world.goal_a_unsigned.signed_off_at is None
    event = session.exec(
        select(PlanEvent).where(PlanEvent.goal_id == world.goal_a_unsigned.id)
    ).one()
    assert event.kind == PlanEventKind.plan_changes_requested
    assert event.visibility == Visibility.internal
    session.commit()
    # still waiting, with the request shown
    page = web.get("/team/sign-off").text
    assert "Changes asked for by Lena Marsh" in page and "Say how often." in page


def test_sign_off_of_a_goal_changed_meanwhile(world, web_as, session: Session) -> None:
    web = web_as(world.lead_a)
    page = web.get("/team/sign-off")
    goals.update_goal(
        session,
        Actor(world.worker_a),
        world.goal_a_unsigned.id,
        GoalUpdate(version=1, title="Attend every contact session on time"),
    )
    session.commit()  # end the test's read: on SQLite it holds the write lock
    stale = web.post(
        f"/goals/{world.goal_a_unsigned.id}/sign-off",
        data={"csrf_token": csrf_from(page.text), "version": "1", "decision": "approve"},
    )
    assert stale.status_code == 409
    assert "This goal was changed by Sam Okoro at" in stale.text
    assert "Attend every contact session on time" in stale.text  # the wording now
    assert 'name="version" value="2"' in stale.text
    session.refresh(world.goal_a_unsigned)
    assert world.goal_a_unsigned.signed_off_at is None


def test_only_team_leads_of_the_team(world, web_as) -> None:
    assert web_as(world.worker_a).get("/team/sign-off").status_code == 404
    assert web_as(world.parent_a).get("/team/sign-off").status_code == 404
    other = web_as(world.lead_b)
    assert other.get(f"/goals/{world.goal_a_unsigned.id}/sign-off").status_code == 404
    refused = other.post(
        f"/goals/{world.goal_a_unsigned.id}/sign-off",
        data={"csrf_token": other.csrf_token, "version": "1", "decision": "approve"},
    )
    assert refused.status_code == 404
    assert other.get(f"/families/{world.family_a.id}/allocation").status_code == 404
    assert (
        web_as(world.worker_a).get(f"/families/{world.family_a.id}/allocation").status_code == 404
    )


def test_sign_off_list_queries_do_not_grow(world, web_as, session, count_queries) -> None:
    web = web_as(world.lead_a)
    web.get("/team/sign-off")
    with count_queries() as few:
        assert web.get("/team/sign-off").status_code == 200
    for n in range(6):
        fam = factories.family(
            session, world.team_a, f"CCT-A-1{n:03d}", f"Family {n}", world.worker_a
        )
        mum = factories.member(session, fam, f"Parent {n}")
        dad = factories.member(session, fam, f"Carer {n}")
        a = factories.assessment(session, fam)
        factories.goal(session, a, [mum, dad], title=f"Goal {n}", signed_off=False)
        factories.goal(session, a, [mum], title=f"Second goal {n}", signed_off=False)
    session.commit()
    with count_queries() as many:
        page = web.get("/team/sign-off")
    assert "Second goal 5" in page.text
    assert many.count == few.count


def test_allocate_reallocate_and_extra_access(world, web_as, session: Session) -> None:
    web = web_as(world.lead_a)
    team = web.get("/team?show=all").text
    assert f'href="/families/{world.family_a.id}/allocation"' in team
    page = web.get(f"/families/{world.family_a.id}/allocation")
    assert page.status_code == 200 and "Sam Okoro" in page.text and "Ria Patel" in page.text
    token = csrf_from(page.text)
    path = f"/families/{world.family_a.id}/allocation"
    missing = web.post(path, data={"csrf_token": token, "access": "primary"})
    assert missing.status_code == 422 and "Select a social worker" in missing.text
    same = web.post(
        path, data={"csrf_token": token, "access": "primary", "worker": str(world.worker_a.id)}
    )
    assert same.status_code == 422 and "already the allocated worker" in same.text
    outsider = web.post(
        path, data={"csrf_token": token, "access": "primary", "worker": str(world.worker_b.id)}
    )
    assert outsider.status_code == 422 and "your own team" in outsider.text

    done = web.post(
        path,
        data={"csrf_token": token, "access": "primary", "worker": str(world.worker_a2.id)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Family allocated to Ria Patel" in web.get(path).text
    current = session.exec(
        select(Allocation).where(
            Allocation.family_id == world.family_a.id, col(Allocation.ended_at).is_(None)
        )
    ).all()
    assert [(a.user_id, a.is_primary) for a in current] == [(world.worker_a2.id, True)]
    session.commit()
    assert "Ashdown family" in web_as(world.worker_a2).get("/caseload").text
    assert web_as(world.worker_a).get(f"/families/{world.family_a.id}/edit").status_code == 404

    granted = web.post(
        path,
        data={"csrf_token": token, "access": "extra", "extra_worker": str(world.worker_a.id)},
        follow_redirects=False,
    )
    assert granted.status_code == 303
    shown = web.get(path).text
    assert "Sam Okoro can now see this family" in shown
    extra = session.exec(
        select(Allocation).where(
            Allocation.user_id == world.worker_a.id, col(Allocation.ended_at).is_(None)
        )
    ).one()
    session.commit()
    assert web_as(world.worker_a).get(f"/families/{world.family_a.id}/edit").status_code == 200
    ended = web.post(
        f"{path}/end",
        data={"csrf_token": token, "allocation_id": str(extra.id)},
        follow_redirects=False,
    )
    assert ended.status_code == 303
    assert "Sam Okoro’s access ended" in web.get(path).text
    assert web_as(world.worker_a).get(f"/families/{world.family_a.id}/edit").status_code == 404
