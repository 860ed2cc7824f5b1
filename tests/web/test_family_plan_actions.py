"""Milestone outcomes and decisions on rewards and consequences, from the family page."""

from datetime import date

from sqlmodel import select

from app.models.plan import (
    Consequence,
    ConsequenceStatus,
    Milestone,
    MilestoneStatus,
    MilestoneUpdate,
    Reward,
    RewardStatus,
)
from app.services.context import Actor
from app.services.plan import milestones

TODAY = date.today()
DAY = {
    "occurred-on-day": str(TODAY.day),
    "occurred-on-month": str(TODAY.month),
    "occurred-on-year": str(TODAY.year),
}


def _post(client, path, data):
    return client.post(path, data={**data, "csrf_token": client.csrf_token}, follow_redirects=False)


def _status(session, model, record_id):
    return session.exec(select(model.status).where(model.id == record_id)).one()


def test_outcome_page_says_what_will_follow(world, web_as) -> None:
    html = web_as(world.worker_a).get(f"/milestones/{world.milestone_a.id}/outcome").text
    follows = html[html.index('id="what-follows"') :]
    assert "If it is achieved, these rewards become earned: Extra contact session" in follows
    assert "If it is missed, these consequences become due: Home conditions raised" in follows
    assert f'name="occurred-on-day" type="text" value="{TODAY.day}"' in html


def test_achieved_milestone_banner_names_the_earned_reward(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    m = world.milestone_a
    r = _post(c, f"/milestones/{m.id}/outcome", DAY | {"status": "achieved", "version": "1"})
    assert r.status_code == 303
    # to the top of the family's Plan page, where the banner says what it set off
    assert r.headers["location"] == f"/families/{world.family_a.id}/plan"
    assert _status(session, Milestone, m.id) == MilestoneStatus.achieved
    assert _status(session, Reward, world.reward_a.id) == RewardStatus.earned
    assert _status(session, Consequence, world.consequence_a.id) == ConsequenceStatus.agreed
    session.commit()
    page = c.get(r.headers["location"]).text
    assert (
        "Milestone marked as achieved. Reward now earned: Extra contact session at the park."
        in page
    )
    # the reward can now be given, and the milestone has no outcome link any more
    assert f"/rewards/{world.reward_a.id}/give" in page
    assert f"/milestones/{m.id}/outcome" not in page


def test_missed_milestone_banner_names_the_due_consequence(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    m = world.milestone_a
    r = _post(c, f"/milestones/{m.id}/outcome", DAY | {"status": "missed", "version": "1"})
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    # first on the page it lands on, announced and focused by GOV.UK Frontend
    top = page[page.index("<main") : page.index("<h1")]
    assert 'role="alert"' in top and 'data-module="govuk-notification-banner"' in top
    assert "Consequence now due: Home conditions raised at the next PLO meeting." in top
    assert _status(session, Consequence, world.consequence_a.id) == ConsequenceStatus.due
    session.commit()  # end the test's read before the app writes its audit trail
    # the consequence is then among what needs doing on the Summary
    summary = c.get(f"/families/{world.family_a.id}").text
    to_do = summary[summary.index('id="to-do-list"') :]
    assert "The consequence “Home conditions raised at the next PLO meeting” is now due." in to_do
    assert _status(session, Reward, world.reward_a.id) == RewardStatus.agreed


def test_outcome_needs_a_choice_and_keeps_the_note(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    m = world.milestone_a
    r = _post(c, f"/milestones/{m.id}/outcome", DAY | {"note": "Checked twice", "version": "1"})
    assert r.status_code == 422
    assert r.text.count("Select whether the milestone was achieved or missed") == 2
    assert "Checked twice" in r.text
    assert _status(session, Milestone, m.id) == MilestoneStatus.pending


def test_stale_milestone_shows_who_changed_it_and_both_versions(world, web_as, session) -> None:
    m = world.milestone_a
    seen = {"seen_due_on": m.due_on.isoformat(), "seen_description": m.description}
    due_before = m.due_on
    milestones.update_milestone(
        session, Actor(world.lead_a), m.id, MilestoneUpdate(version=1, due_on=TODAY)
    )
    c = web_as(world.worker_a)
    data = DAY | seen | {"status": "achieved", "version": "1", "note": "Both bedrooms safe"}
    r = _post(c, f"/milestones/{m.id}/outcome", data)
    assert r.status_code == 409
    html = r.text
    assert "This milestone was changed by Lena Marsh at" in html
    assert "while you were editing" in html
    conflict = html[html.index('id="conflict"') : html.index("</table>")]
    assert "Pending" in conflict and "Achieved" in conflict
    assert "Due" in conflict  # they moved the due date: both dates are shown
    assert (
        f"{TODAY.day} {TODAY:%B %Y}" in conflict
        and f"{due_before.day} {due_before:%B %Y}" in conflict
    )
    assert '<th scope="row" class="govuk-table__header">Milestone</th>' not in conflict
    assert "Both bedrooms safe" in html  # the input is kept
    assert 'name="version" value="2"' in html  # saving again applies it to the current version
    assert _status(session, Milestone, m.id) == MilestoneStatus.pending


def test_give_a_reward_needs_a_note(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    reward = world.reward_a
    # not yet earned: giving it is not on offer
    assert c.get(f"/rewards/{reward.id}/give").status_code == 404
    _post(
        c,
        f"/milestones/{world.milestone_a.id}/outcome",
        DAY | {"status": "achieved", "version": "1"},
    )
    form = c.get(f"/rewards/{reward.id}/give").text
    assert 'name="version" value="2"' in form
    r = _post(c, f"/rewards/{reward.id}/give", DAY | {"version": "2", "note": ""})
    assert r.status_code == 422
    assert r.text.count("Enter a note saying why") == 2
    r = _post(c, f"/rewards/{reward.id}/give", DAY | {"version": "2", "note": "Went to the park"})
    assert r.status_code == 303
    assert _status(session, Reward, reward.id) == RewardStatus.given
    session.commit()
    assert "Reward given: Extra contact session at the park" in c.get(r.headers["location"]).text


def test_waive_a_consequence_and_a_stale_decision(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    consequence = world.consequence_a
    data = DAY | {"version": "1", "note": "Agreed at the core group"}
    other = web_as(world.lead_a)
    assert _post(other, f"/consequences/{consequence.id}/waive", data).status_code == 303
    r = _post(c, f"/consequences/{consequence.id}/waive", data | {"note": "My reason"})
    assert r.status_code == 409
    assert "This consequence was changed by Lena Marsh at" in r.text
    assert "My reason" in r.text and "Agreed at the core group" in r.text
    assert _status(session, Consequence, consequence.id) == ConsequenceStatus.waived


def test_parents_and_other_teams_cannot_decide(world, web_as) -> None:
    path = f"/consequences/{world.consequence_a.id}/waive"
    assert web_as(world.worker_b).get(path).status_code == 404
    assert web_as(world.parent_a).get(path).status_code == 404
    assert (
        web_as(world.worker_b).get(f"/milestones/{world.milestone_a.id}/outcome").status_code == 404
    )


def test_outcome_page_leaves_out_a_withdrawn_reward(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    reward = world.reward_a
    r = _post(c, f"/rewards/{reward.id}/withdraw", DAY | {"version": "1", "note": "Not agreed"})
    assert r.status_code == 303
    assert _status(session, Reward, reward.id) == RewardStatus.withdrawn
    session.commit()
    c.get(r.headers["location"])  # shows the banner naming the withdrawn reward
    html = c.get(f"/milestones/{world.milestone_a.id}/outcome").text
    # achieving the milestone would not earn it, so the page must not promise it
    assert "rewards become earned" not in html
    assert "Extra contact session" not in html
    follows = html[html.index('id="what-follows"') :]
    assert "If it is missed, these consequences become due: Home conditions raised" in follows
