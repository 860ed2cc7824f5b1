"""The guided goal form, milestones, rewards and consequences."""

from datetime import date, timedelta

from sqlmodel import Session, func, select

from app.models.plan import (
    Consequence,
    Goal,
    GoalLifecycle,
    GoalParent,
    GoalUpdate,
    Milestone,
    Reward,
    Trigger,
)
from app.services.context import Actor
from app.services.plan import goals
from tests.web.conftest import csrf_from

TODAY = date.today()
LEVELS = {
    "level_minus_2": "Misses most sessions without telling anyone",
    "level_minus_1": "Misses one session in three",
    "level_0": "Attends every session on time",
    "level_plus_1": "Attends every session and prepares activities",
    "level_plus_2": "Attends, prepares and asks for extra sessions",
}


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def _goal_form(world, token: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": token,
        "title": "Go to every contact session",
        "why_it_matters": "Kit needs to see his dad regularly and know he will come.",
        "parent_ids": [str(world.father_a.id)],
        "domain": "Contact",
        "term": "short",
        **LEVELS,
        "baseline_level": "-1",
        "weight": "1",
        **_date("target_date", TODAY + timedelta(weeks=10)),
    }
    return form | changes


def test_guided_goal_form_asks_in_plain_words(world, web_as) -> None:
    page = web_as(world.worker_a).get(f"/assessments/{world.assessment_a.id}/goals/new")
    html = page.text
    for question in (
        "What must change?",
        "Why does it matter for the child?",
        "Which parents or carers does it apply to?",
        "What would much less than expected look like?",
        "What would somewhat less than expected look like?",
        "What would the expected outcome look like?",
        "What would somewhat more than expected look like?",
        "What would much more than expected look like?",
        "Where are things now?",
    ):
        assert question in html, question
    # the five levels come before the baseline, the weight and the target date
    assert html.index("much more than expected look like") < html.index("Where are things now?")
    assert "Kit Ashdown" not in html  # a child is not offered as a parent


def test_add_a_goal(world, web_as, session: Session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/assessments/{world.assessment_a.id}/goals/new")
    form = _goal_form(world, csrf_from(page.text))
    done = web.post(
        f"/assessments/{world.assessment_a.id}/goals/new", data=form, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/families/{world.family_a.id}/plan"
    goal = session.exec(select(Goal).where(Goal.title == "Go to every contact session")).one()
    assert goal.lifecycle_status == GoalLifecycle.proposed and goal.signed_off_at is None
    assert goal.level_0 == LEVELS["level_0"] and goal.baseline_level == -1
    assert goal.created_by_id == world.worker_a.id
    links = session.exec(select(GoalParent.member_id).where(GoalParent.goal_id == goal.id)).all()
    assert links == [world.father_a.id]
    session.commit()
    assert "once a team lead signs it off" in web.get(done.headers["location"]).text


def test_missing_levels_are_each_named_and_input_kept(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    before = session.exec(select(func.count()).select_from(Goal)).one()
    session.commit()
    page = web.get(f"/assessments/{world.assessment_a.id}/goals/new")
    form = _goal_form(
        world,
        csrf_from(page.text),
        level_0="",
        level_plus_2="  ",
        parent_ids=[],
        weight="lots",
        **{"target_date-month": "13"},
    )
    bad = web.post(f"/assessments/{world.assessment_a.id}/goals/new", data=form)
    assert bad.status_code == 422
    html = bad.text
    assert "Describe what the expected outcome would look like" in html
    assert "Describe what much more than expected would look like" in html
    assert "Select the parents or carers this goal applies to" in html
    assert "Weight must be a number more than 0 and no more than 10" in html
    assert "Target date must be a real date" in html
    assert 'href="#level_0"' in html and 'href="#target_date-day"' in html
    assert LEVELS["level_minus_2"] in html and 'value="lots"' in html
    assert session.exec(select(func.count()).select_from(Goal)).one() == before


def test_rewording_a_signed_off_goal_sends_it_back_for_sign_off(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/goals/{world.goal_a.id}/edit")
    assert "goes back to a team lead for sign-off" in page.text
    assert 'name="version" value="1"' in page.text
    form = _goal_form(
        world,
        csrf_from(page.text),
        version="1",
        title="Keep every room safe and clean",
        why_it_matters=world.goal_a.why_it_matters,
        parent_ids=[str(world.mother_a.id), str(world.father_a.id)],
        domain=world.goal_a.domain,
        **{name: getattr(world.goal_a, name) for name in LEVELS},
        **_date("target_date", world.goal_a.target_date),
    )
    done = web.post(f"/goals/{world.goal_a.id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303
    session.refresh(world.goal_a)
    assert world.goal_a.title == "Keep every room safe and clean"
    assert world.goal_a.signed_off_at is None and world.goal_a.version == 2
    session.commit()
    assert "A team lead must sign it off" in web.get(done.headers["location"]).text


def test_changing_levels_after_scores_is_refused_with_the_reason(world, web_as) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/goals/{world.goal_a.id}/edit")
    form = _goal_form(
        world,
        csrf_from(page.text),
        version="1",
        title=world.goal_a.title,
        why_it_matters=world.goal_a.why_it_matters,
        domain=world.goal_a.domain,
        **_date("target_date", world.goal_a.target_date),
    )  # the world's goal has progress entries, and these levels differ
    refused = web.post(f"/goals/{world.goal_a.id}/edit", data=form)
    assert refused.status_code == 422
    assert "cannot change once progress has been recorded" in refused.text
    assert LEVELS["level_plus_2"] in refused.text  # the user's input is still there


def test_stale_goal_edit_shows_both_versions(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    goal = world.goal_a_unsigned
    page = web.get(f"/goals/{goal.id}/edit")
    goals.update_goal(
        session,
        Actor(world.lead_a),
        goal.id,
        GoalUpdate(
            version=1,
            title="Attend every contact session on time",
            parent_ids=[world.mother_a.id, world.father_a.id],
        ),
    )
    session.commit()
    form = _goal_form(
        world,
        csrf_from(page.text),
        version="1",
        title="Attend contact every week",
        why_it_matters=goal.why_it_matters,
        domain=goal.domain,
        **{name: getattr(goal, name) for name in LEVELS},
        **_date("target_date", goal.target_date),
    )
    stale = web.post(f"/goals/{goal.id}/edit", data=form)
    assert stale.status_code == 409
    html = stale.text
    assert "This goal was changed by Lena Marsh at" in html and "while you were editing" in html
    assert "Their version (saved)" in html and "Your version (not saved)" in html
    table = html[html.index("What is different") : html.index("</table>")]
    assert "Attend every contact session on time" in table and "Attend contact every week" in table
    assert "Jo Ashdown, Lee Ashdown" in table  # parents by name, theirs
    assert "Level" not in table and "Target date" not in table  # unchanged rows left out
    assert 'name="version" value="2"' in html
    assert ">Attend contact every week</textarea>" in html
    session.refresh(goal)
    assert goal.title == "Attend every contact session on time"


def test_milestones(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/goals/{world.goal_a.id}/milestones/new")
    token = csrf_from(page.text)
    path = f"/goals/{world.goal_a.id}/milestones/new"
    bad = web.post(path, data={"csrf_token": token, "description": "Kitchen safe"})
    assert bad.status_code == 422 and "Enter the date the milestone is due" in bad.text
    assert "Kitchen safe</textarea>" in bad.text
    due = TODAY + timedelta(weeks=3)
    done = web.post(
        path,
        data={"csrf_token": token, "description": "Kitchen safe", **_date("due_on", due)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    made = session.exec(select(Milestone).where(Milestone.description == "Kitchen safe")).one()
    assert made.due_on == due and made.goal_id == world.goal_a.id
    session.commit()
    edit = web.get(f"/milestones/{made.id}/edit")
    saved = web.post(
        f"/milestones/{made.id}/edit",
        data={
            "csrf_token": csrf_from(edit.text),
            "version": "1",
            "description": "Kitchen and hall safe",
            **_date("due_on", due),
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.refresh(made)
    assert (made.description, made.version) == ("Kitchen and hall safe", 2)


def test_rewards_and_consequences(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    fam = world.family_a.id
    page = web.get(f"/families/{fam}/rewards/new")
    assert f'value="milestone:{world.milestone_a.id}"' in page.text
    token = csrf_from(page.text)
    done = web.post(
        f"/families/{fam}/rewards/new",
        data={
            "csrf_token": token,
            "link": f"milestone:{world.milestone_a.id}",
            "description": "Cinema trip with the children",
            "trigger": "milestone_achieved",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    reward = session.exec(
        select(Reward).where(Reward.description == "Cinema trip with the children")
    ).one()
    assert (reward.milestone_id, reward.goal_id) == (world.milestone_a.id, world.goal_a.id)
    assert reward.trigger == Trigger.milestone_achieved
    session.commit()
    # a milestone trigger needs a milestone: the message is beside the link question
    bad = web.post(
        f"/families/{fam}/consequences/new",
        data={
            "csrf_token": token,
            "link": f"goal:{world.goal_a.id}",
            "description": "Raised at the next PLO meeting",
            "trigger": "milestone_missed",
        },
    )
    assert bad.status_code == 422
    assert 'href="#link"' in bad.text and "A milestone trigger needs a milestone" in bad.text
    assert "Raised at the next PLO meeting</textarea>" in bad.text
    assert session.exec(select(func.count()).select_from(Consequence)).one() == 1
    session.commit()
    other = web.post(
        f"/families/{fam}/rewards/new",
        data={
            "csrf_token": token,
            "link": f"goal:{world.goal_b.id}",
            "description": "x",
            "trigger": "manual",
        },
    )
    assert other.status_code == 422 and "Choose a goal of this family" in other.text
    edit = web.get(f"/consequences/{world.consequence_a.id}/edit")
    assert "When the milestone is missed" in edit.text
    saved = web.post(
        f"/consequences/{world.consequence_a.id}/edit",
        data={"csrf_token": csrf_from(edit.text), "version": "1", "description": "Raised at PLO"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.refresh(world.consequence_a)
    assert world.consequence_a.description == "Raised at PLO"


def test_who_may_use_the_plan_forms(world, web_as) -> None:
    paths = [
        f"/assessments/{world.assessment_a.id}/goals/new",
        f"/goals/{world.goal_a.id}/edit",
        f"/goals/{world.goal_a.id}/milestones/new",
        f"/milestones/{world.milestone_a.id}/edit",
        f"/families/{world.family_a.id}/rewards/new",
        f"/rewards/{world.reward_a.id}/edit",
        f"/consequences/{world.consequence_a.id}/edit",
    ]
    other_team, parent = web_as(world.worker_b), web_as(world.parent_a)
    for path in paths:
        assert other_team.get(path).status_code == 404, path
        assert parent.get(path).status_code == 404, path
    assert web_as(world.lead_a).get(paths[1]).status_code == 200  # the team lead may edit
