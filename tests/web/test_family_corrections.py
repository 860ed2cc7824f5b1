"""Amending evidence and marking it entered in error: the original always stays readable."""

import re
import uuid
from datetime import date, timedelta

from sqlmodel import select

from app.models.evidence import ProgressEntry, StageRating
from app.models.review import ReviewMeeting
from app.services.context import Actor
from app.services.evidence import entries
from app.services.evidence.entries import EntryAmend

TODAY = date.today()


def _amend_form(world, entry, **changes):
    goal = world.goal_a
    day = entry.occurred_on
    data = {
        "goal_id": str(goal.id),
        f"score-{goal.id}": "-2",
        "observation": "Kitchen tidy; stair gate missing at the second visit.",
        "source": "home_visit",
        "document_reference": "",
        "occurred-on-day": str(day.day),
        "occurred-on-month": str(day.month),
        "occurred-on-year": str(day.year),
        "visibility": "shared",
        "reason": "The stair gate was missing: I wrote it down wrongly.",
    }
    data.update(changes)
    return data


def _post(client, path, data):
    return client.post(path, data={**data, "csrf_token": client.csrf_token}, follow_redirects=False)


def test_amend_form_starts_from_the_entry(world, web_as) -> None:
    entry = world.shared_entry_a
    html = web_as(world.worker_a).get(f"/entries/{entry.id}/amend").text
    assert "Kitchen and bedrooms tidy; stair gate fitted." in html
    score = f'id="score-{world.goal_a.id}-m1"'
    option = html[html.index(score) : html.index(">", html.index(score))]
    assert option.endswith(" checked")
    assert 'id="visibility-shared" name="visibility" type="radio" value="shared" checked' in html


def test_amending_keeps_the_original_in_the_history(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    entry = world.shared_entry_a
    r = _post(c, f"/entries/{entry.id}/amend", _amend_form(world, entry))
    assert r.status_code == 303
    new_id = uuid.UUID(r.headers["location"].rsplit("/", 1)[1])
    new = session.get(ProgressEntry, new_id)
    assert new.amends_id == entry.id and new.gas_score == -2
    assert session.get(ProgressEntry, entry.id).observation.startswith("Kitchen and bedrooms")
    session.commit()
    page = c.get(r.headers["location"]).text
    assert "Entry amended" in page
    assert "Version 1 (original)" in page and "Version 2 (latest)" in page
    assert "Kitchen and bedrooms tidy; stair gate fitted." in page
    assert "stair gate missing at the second visit" in page
    assert "The stair gate was missing: I wrote it down wrongly." in page
    old = c.get(f"/entries/{entry.id}").text
    assert "A later amendment replaced this version" in old
    assert f'href="/entries/{new_id}" id="latest-version"' in old
    timeline = c.get(f"/families/{world.family_a.id}/timeline").text
    item = timeline[timeline.index(f'id="event-{new_id}"') :]
    assert "Amended" in item[: item.index("</li>")]


def test_the_history_marks_what_changed_between_versions(world, web_as) -> None:
    c = web_as(world.worker_a)
    entry = world.shared_entry_a
    r = _post(c, f"/entries/{entry.id}/amend", _amend_form(world, entry))
    page = c.get(r.headers["location"]).text
    second = page[page.index('id="version-2"') :]
    second = second[: second.index("</li>")]
    rows = second.split('<div class="govuk-summary-list__row')[1:]
    changed = {
        re.search(r'<dt class="govuk-summary-list__key">([^<]*)', row).group(1).strip()
        for row in rows
        if row.startswith(" app-changed")
    }
    # the score and the observation changed; the date, source and the rest did not
    assert changed == {"Score", "What was seen or heard"}, changed
    observation = next(row for row in rows if "What was seen or heard" in row)
    assert "<del" in observation and "<ins" in observation
    assert "Changed</strong>" in observation
    assert (
        '<span class="govuk-visually-hidden">Before: </span>Kitchen and bedrooms tidy'
        in observation
    )
    assert (
        '<span class="govuk-visually-hidden">Now: </span>Kitchen tidy; stair gate missing'
        in observation
    )
    # the first version is the original: nothing is marked in it
    first = page[page.index('id="version-1"') : page.index('id="version-2"')]
    assert "Changed</strong>" not in first and "<del" not in first


def test_amending_needs_a_reason_and_keeps_the_input(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    entry = world.shared_entry_a
    r = _post(c, f"/entries/{entry.id}/amend", _amend_form(world, entry, reason=" "))
    assert r.status_code == 422
    assert r.text.count("Enter why you are amending this entry") == 2
    assert 'href="#reason"' in r.text
    assert "stair gate missing at the second visit" in r.text
    assert (
        session.exec(select(ProgressEntry).where(ProgressEntry.amends_id == entry.id)).first()
        is None
    )


def test_amending_a_version_someone_else_amended_shows_both(world, web_as, session) -> None:
    entry = world.shared_entry_a
    # the team lead amends it first
    theirs = entries.amend_entry(
        session,
        Actor(world.lead_a),
        entry.id,
        EntryAmend(reason="Score was wrong", gas_score=0, observation="Whole house safe and tidy."),
    )
    c = web_as(world.worker_a)
    r = _post(c, f"/entries/{entry.id}/amend", _amend_form(world, entry))
    assert r.status_code == 409
    html = r.text
    assert "This progress entry was changed by Lena Marsh at" in html
    assert "while you were editing" in html
    conflict = html[html.index('id="conflict"') : html.index("</table>")]
    assert "Whole house safe and tidy." in conflict  # theirs
    assert "stair gate missing at the second visit" in conflict  # yours
    assert "0 (expected level)" in conflict and "−2 (much less than expected)" in conflict
    # the form keeps the input and now amends the latest version
    assert f'action="/entries/{theirs.id}/amend"' in html
    assert "The stair gate was missing: I wrote it down wrongly." in html


def test_marking_entered_in_error_keeps_it_visible_with_the_reason(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    entry = world.internal_entry_a
    path = f"/entries/{entry.id}/entered-in-error"
    form = c.get(path).text
    assert "Neighbour reported shouting" in form
    r = _post(c, path, {"reason": ""})
    assert r.status_code == 422
    assert r.text.count("Enter why this progress entry was entered in error") == 2
    r = _post(c, path, {"reason": "Wrong family"})
    assert r.status_code == 303 and r.headers["location"] == f"/entries/{entry.id}"
    reason = select(ProgressEntry.entered_in_error_reason).where(ProgressEntry.id == entry.id)
    assert session.exec(reason).one() == "Wrong family"
    session.commit()
    page = c.get(f"/entries/{entry.id}").text
    assert "Entered in error" in page and "Reason: Wrong family" in page
    assert "Neighbour reported shouting" in page
    assert 'id="amend"' not in page
    timeline = c.get(f"/families/{world.family_a.id}/timeline").text
    item = timeline[timeline.index(f'id="event-{entry.id}"') :]
    item = item[: item.index("</li>")]
    assert "Entered in error" in item and "Neighbour reported shouting" in item
    assert "Wrong family" in item
    again = _post(c, path, {"reason": "Twice"})
    assert again.status_code == 409
    assert "was marked entered in error" in again.text


def test_other_teams_cannot_see_or_correct_entries(world, web_as) -> None:
    c = web_as(world.worker_b)
    entry = world.shared_entry_a
    assert c.get(f"/entries/{entry.id}").status_code == 404
    assert c.get(f"/entries/{entry.id}/amend").status_code == 404
    assert _post(c, f"/entries/{entry.id}/entered-in-error", {"reason": "x"}).status_code == 404
    parent = web_as(world.parent_a)
    assert parent.get(f"/entries/{entry.id}").status_code == 404


# --- stage of change and review meetings -----------------------------------------------------


def _rating_form(world, **changes):
    data = {
        "member_id": str(world.mother_a.id),
        "stage": "preparation",
        "motivation": "8",
        "ability": "3",
        "note": "Wants to change; struggles to keep routines.",
        "occurred-on-day": str(TODAY.day),
        "occurred-on-month": str(TODAY.month),
        "occurred-on-year": str(TODAY.year),
        "visibility": "internal",
    }
    data.update(changes)
    return data


def test_record_amend_and_correct_a_stage_rating(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    new = f"/families/{world.family_a.id}/stage-ratings/new"
    assert 'id="rating-form"' in c.get(f"{new}?member={world.mother_a.id}").text
    r = _post(c, new, _rating_form(world, motivation="11", stage=""))
    assert r.status_code == 422
    assert "Select the stage of change" in r.text
    assert "Enter motivation as a whole number from 0 to 10" in r.text
    assert "Wants to change; struggles" in r.text
    r = _post(c, new, _rating_form(world))
    assert r.status_code == 303
    rating = session.exec(select(StageRating)).one()
    assert (rating.stage, rating.motivation, rating.ability) == ("preparation", 8, 3)
    session.commit()
    path = r.headers["location"]
    assert "Getting ready to change (preparation)" in c.get(path).text
    r = _post(c, f"{path}/amend", _rating_form(world, ability="5", reason="Ability was misread"))
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "Version 1 (original)" in page and "Ability was misread" in page
    assert "3 out of 10" in page and "5 out of 10" in page


def test_record_a_review_meeting(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    new = f"/families/{world.family_a.id}/reviews/new"
    next_on = TODAY + timedelta(weeks=6)
    data = {
        "kind": "core_group",
        "occurred-on-day": str(TODAY.day),
        "occurred-on-month": str(TODAY.month),
        "occurred-on-year": str(TODAY.year),
        "attendees": "Sam Okoro (social worker), Jo Ashdown (mother)",
        "summary": "Home conditions better; contact steady.",
        "decisions": "Keep the plan; review in six weeks.",
        "next-review-on-day": str(next_on.day),
        "next-review-on-month": str(next_on.month),
        "next-review-on-year": str(next_on.year),
        "visibility": "shared",
    }
    r = _post(c, new, data | {"summary": "", "next-review-on-year": str(TODAY.year - 1)})
    assert r.status_code == 422
    assert "Enter a summary of the meeting" in r.text
    r = _post(c, new, data | {"next-review-on-year": str(TODAY.year - 1)})
    assert r.status_code == 422
    assert "The next review must be after the meeting date" in r.text
    assert 'href="#next-review-on-day"' in r.text
    r = _post(c, new, data)
    assert r.status_code == 303
    review = session.exec(select(ReviewMeeting)).one()
    assert review.next_review_on == next_on and review.visibility == "shared"
    session.commit()
    page = c.get(r.headers["location"]).text
    assert "Review meeting recorded" in page and "Keep the plan; review in six weeks." in page
    r = _post(c, f"/reviews/{review.id}/entered-in-error", {"reason": "Duplicate record"})
    assert r.status_code == 303


def test_significant_rating_on_the_page_carries_the_workers_words(world, web_as, session) -> None:
    c = web_as(world.worker_a)
    new = f"/families/{world.family_a.id}/stage-ratings/new"
    form = c.get(f"{new}?member={world.mother_a.id}").text
    assert 'name="significance"' in form and 'name="significance_for_child"' in form
    too_long = _rating_form(world, significance="significant", significance_for_child="x" * 10_001)
    r = _post(c, new, too_long)
    assert r.status_code == 422
    assert "What it means for the child must be 10,000 characters or fewer" in r.text
    assert 'href="#significance-for-child"' in r.text
    r = _post(c, new, _rating_form(world, significance="significant"))
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "Needs review: not yet written by the social worker" in page
    amend = c.get(f"{r.headers['location']}/amend").text
    assert 'id="significance-needs-review"' in amend
    meaning = "Jo is ready to act for Kit; she set the first step herself."
    r = _post(
        c,
        f"{r.headers['location']}/amend",
        _rating_form(
            world,
            significance="significant",
            significance_for_child=meaning,
            reason="Significance written",
        ),
    )
    assert r.status_code == 303
    latest = session.exec(select(StageRating).where(StageRating.amends_id.is_not(None))).one()
    assert latest.significance_for_child == meaning and not latest.significance_needs_review
    session.commit()  # end the test's read before the next request
    assert meaning in c.get(r.headers["location"]).text
