"""The quick log: one screen, a level chosen by its words, PRG or an htmx timeline swap."""

from datetime import date

import pytest
from sqlmodel import col, select

from app.models.evidence import ProgressEntry, ProgressEntryParent, Significance, Visibility

TODAY = date.today()


def _form(world, **changes):
    goal = world.goal_a
    data = {
        "goal_id": str(goal.id),
        f"score-{goal.id}": "1",
        "observation": "Bedrooms tidy, stair gate closed, food in the fridge.",
        "source": "home_visit",
        "document_reference": "HV-12",
        "occurred-on-day": str(TODAY.day),
        "occurred-on-month": str(TODAY.month),
        "occurred-on-year": str(TODAY.year),
        "visibility": "internal",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, world, data, **headers):
    return client.post(
        f"/families/{world.family_a.id}/log",
        data={**data, "csrf_token": client.csrf_token},
        headers=headers,
        follow_redirects=False,
    )


def _newest(session, world):
    return session.exec(
        select(ProgressEntry)
        .where(ProgressEntry.family_id == world.family_a.id)
        .order_by(col(ProgressEntry.recorded_at).desc())
    ).first()


def test_form_offers_each_goals_levels_in_words_with_today_and_internal(world, web_as) -> None:
    r = web_as(world.worker_a).get(f"/families/{world.family_a.id}/log?goal={world.goal_a.id}")
    assert r.status_code == 200
    html = r.text
    assert 'id="quick-log-form"' in html
    goal = world.goal_a
    # the five levels are labelled with the goal's own words, not bare numbers
    assert (
        f'<label class="govuk-label govuk-radios__label" for="score-{goal.id}-p1">'
        f"{goal.level_plus_1}</label>"
    ) in html
    assert f'id="score-{goal.id}-none"' in html and "Not scored" in html
    # preselected goal, today's date, internal unless chosen
    assert (
        f'id="goal-{goal.id}" name="goal_id" type="radio" value="{goal.id}" '
        f'data-aria-controls="conditional-goal-{goal.id}" checked' in html
    )
    assert f'name="occurred-on-day" type="text" value="{TODAY.day}"' in html
    assert 'id="visibility" name="visibility" type="radio" value="internal" checked' in html
    assert "internal (staff only) unless you choose to share it" in html
    # the goal's parents can be named
    assert "Jo Ashdown" in html and "Lee Ashdown" in html


def test_caseload_row_links_to_the_quick_log(world, web_as) -> None:
    html = web_as(world.worker_a).get("/caseload").text
    assert f'href="/families/{world.family_a.id}/log"' in html


def test_log_records_entry_and_redirects_with_banner(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    data = _form(world, significant="yes", parent_ids=str(world.mother_a.id))
    r = _post(c, world, data)
    assert r.status_code == 303
    # to the top of the family's Timeline page, where the banner is
    assert r.headers["location"] == f"/families/{world.family_a.id}/timeline"
    entry = _newest(session, world)
    assert entry.gas_score == 1
    assert entry.observation.startswith("Bedrooms tidy")
    assert entry.document_reference == "HV-12"
    assert entry.occurred_on == TODAY
    assert entry.significance == Significance.significant
    assert entry.visibility == Visibility.internal
    about = session.exec(
        select(ProgressEntryParent.member_id).where(ProgressEntryParent.entry_id == entry.id)
    ).all()
    session.commit()  # end the test's read (it holds the SQLite write lock)
    assert about == [world.mother_a.id]
    page = c.get(r.headers["location"])
    assert page.status_code == 200, page.text
    assert "Progress entry recorded" in page.text
    # newest first: the new entry is the first in the timeline
    items = page.text[page.text.index('id="timeline-items"') :]
    assert items.index("Bedrooms tidy") < items.index("Neighbour reported")


def test_not_scored_and_shared(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    r = _post(
        c, world, _form(world, **{f"score-{world.goal_a.id}": "none", "visibility": "shared"})
    )
    assert r.status_code == 303
    entry = _newest(session, world)
    assert entry.gas_score is None
    assert entry.visibility == Visibility.shared


def test_htmx_log_returns_timeline_with_new_entry_on_top(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    r = _post(c, world, _form(world), **{"HX-Request": "true", "HX-Target": "timeline"})
    assert r.status_code == 200
    assert "HX-Request" in r.headers["vary"]
    html = r.text
    assert html.lstrip().startswith('<section id="timeline"')
    assert "<html" not in html
    assert "Progress entry recorded" in html
    items = html[html.index('id="timeline-items"') :]
    assert items.index("Bedrooms tidy") < items.index("Neighbour reported")
    # a fresh form replaces the one just sent
    assert 'id="quick-log-form"' in html and 'hx-swap-oob="true"' in html
    assert "Bedrooms tidy" not in html[html.index('id="quick-log-form"') :]


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"goal_id": ""}, "goal-{goal}", "Select the goal this is about"),
        ({"score-{goal}": None}, "score-{goal}-m2", "Select the level that best describes"),
        ({"observation": "   "}, "observation", "Enter what you saw or heard"),
        ({"source": ""}, "source", "Select where this information came from"),
        (
            {"occurred-on-day": "", "occurred-on-month": "", "occurred-on-year": ""},
            "occurred-on-day",
            "Enter the date it happened",
        ),
        (
            {"occurred-on-day": "31", "occurred-on-month": "2"},
            "occurred-on-day",
            "must be a real date",
        ),
        ({"occurred-on-month": ""}, "occurred-on-day", "must include a month"),
        ({"occurred-on-year": str(TODAY.year + 1)}, "occurred-on-day", "today or in the past"),
        ({"document_reference": "x" * 201}, "document-reference", "200 characters or fewer"),
        ({"parent_ids": "{child}"}, "parent-ids", "parents or carers this goal applies to"),
    ],
)
def test_each_problem_is_shown_beside_its_field_and_input_kept(
    world, web_as, session, changes, field_id, message
) -> None:
    goal = world.goal_a
    fill = {"goal": goal.id, "child": world.child_a.id}
    changes = {
        k.format(**fill): (v.format(**fill) if isinstance(v, str) else v)
        for k, v in changes.items()
    }
    before = len(session.exec(select(ProgressEntry)).all())
    session.commit()
    c = web_as(world.worker_a)
    r = _post(c, world, _form(world, **changes))
    assert r.status_code == 422
    html = r.text
    assert "There is a problem" in html
    target = field_id.format(**fill)
    assert f'href="#{target}"' in html  # the summary links to the field
    assert message in html
    assert html.count(message) == 2  # in the summary and beside the field
    if "observation" not in changes:
        assert "Bedrooms tidy, stair gate closed" in html  # what was typed is kept
    assert len(session.exec(select(ProgressEntry)).all()) == before


def test_htmx_error_swaps_the_form_with_its_own_summary(world, web_as) -> None:
    c = web_as(world.worker_a)
    r = _post(c, world, _form(world, observation=""), **{"HX-Request": "true"})
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#quick-log-form"
    assert r.text.lstrip().startswith("<form")
    assert "There is a problem" in r.text and "Enter what you saw or heard" in r.text
    assert 'value="HV-12"' in r.text


def test_goal_of_another_family_is_refused(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    r = _post(c, world, _form(world, goal_id=str(world.goal_b.id)))
    assert r.status_code == 422
    assert "Select the goal this is about" in r.text
    rows = session.exec(select(ProgressEntry).where(ProgressEntry.goal_id == world.goal_b.id))
    assert [e.id for e in rows] == [world.entry_b.id]


def test_other_team_and_parents_cannot_log(world, web_as) -> None:
    assert web_as(world.worker_b).get(f"/families/{world.family_a.id}/log").status_code == 404
    c = web_as(world.worker_b)
    assert _post(c, world, _form(world)).status_code == 404
    parent = web_as(world.parent_a)
    # staff pages do not exist for parents, even for their own family
    assert parent.get(f"/families/{world.family_a.id}/log").status_code == 404
    assert _post(parent, world, _form(world)).status_code == 404


def test_a_relapse_says_what_it_set_off_at_the_top_of_the_page(world, web_as, session) -> None:
    from app.models.plan import Consequence, Trigger

    session.add(
        Consequence(
            family_id=world.family_a.id,
            goal_id=world.goal_a.id,
            description="Contact moves to the family centre",
            trigger=Trigger.relapse,
        )
    )
    session.commit()
    c = web_as(world.worker_a)
    # the last score was 0 (three days ago): −1 today falls below the expected level
    r = _post(c, world, _form(world, **{f"score-{world.goal_a.id}": "-1"}))
    assert r.status_code == 303
    assert r.headers["location"] == f"/families/{world.family_a.id}/timeline"
    html = c.get(r.headers["location"]).text
    main = html[html.index("<main") :]
    top = main[: main.index("<h1")]
    # first thing in the page, announced and focused (GOV.UK's success banner is an alert)
    assert 'class="govuk-notification-banner' in top
    assert 'role="alert"' in top and 'data-module="govuk-notification-banner"' in top
    assert "Progress entry recorded. This is a relapse: the score fell below the expected" in top
    assert "Consequence now due: Contact moves to the family centre." in top
    assert "A new stage-of-change rating is due." in top


def test_an_ordinary_entry_says_it_was_recorded(world, web_as) -> None:
    c = web_as(world.worker_a)
    r = _post(c, world, _form(world))
    html = c.get(r.headers["location"]).text
    top = html[html.index("<main") : html.index("<h1")]
    assert "Progress entry recorded." in top and "relapse" not in top


def test_completed_goals_are_not_offered(world, web_as, session) -> None:
    from app.models.plan import GoalLifecycle
    from tests import factories

    done = factories.goal(session, world.assessment_a, [world.mother_a], title="Register with a GP")
    done.lifecycle_status = GoalLifecycle.completed
    session.add(done)
    session.commit()
    c = web_as(world.worker_a)
    for path in (f"/families/{world.family_a.id}/log", f"/families/{world.family_a.id}/timeline"):
        html = c.get(path).text
        form = html[html.index('id="quick-log-form"') :]
        form = form[: form.index("</form>")]
        assert f'value="{done.id}"' not in form, path
        assert f'value="{world.goal_a.id}"' in form, path
