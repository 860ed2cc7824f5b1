"""Events outside the plan on the pages: the form, the quick log option, history, corrections."""

import csv
import io
from datetime import date

from sqlmodel import Session, col, select

from app.models.evidence import CaseEvent, ProgressEntry
from app.models.report import ReportFormat, ReportKind
from app.services.context import Actor
from app.services.reporting.render import render_report
from tests.web.conftest import csrf_from

TODAY = date.today()


def _day(prefix: str, day: date = TODAY) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def _event_form(**changes: str) -> dict[str, str]:
    data = {
        **_day("occurred_on"),
        "source": "police",
        "reported_by": "PC 4471, Westmarsh police",
        "document_reference": "WM-2026-118832",
        "what_happened": "Police called to the home after neighbours reported shouting.",
        "significance_for_child": "Kit heard the argument from his bedroom.",
        "visibility": "internal",
    }
    data.update(changes)
    return data


def _chronology_rows(session: Session, world) -> list[list[str]]:
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.csv
    )
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    return list(csv.reader(io.StringIO(built.content.decode("utf-8-sig"), newline="")))


def _events(session: Session, world) -> list[CaseEvent]:
    session.expire_all()  # read what the app wrote, not this session's copies
    found = list(
        session.exec(
            select(CaseEvent)
            .where(CaseEvent.family_id == world.family_a.id)
            .order_by(col(CaseEvent.recorded_at))
        ).all()
    )
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    return found


def test_record_a_police_call_out_on_the_page_and_see_it_in_the_chronology(
    world, web_as, session: Session
) -> None:
    web = web_as(world.worker_a)
    family_page = web.get(f"/families/{world.family_a.id}").text
    assert f'href="/families/{world.family_a.id}/events/new"' in family_page
    url = f"/families/{world.family_a.id}/events/new"
    page = web.get(url)
    assert page.status_code == 200 and "Record an event outside the plan" in page.text
    form = {"csrf_token": csrf_from(page.text), **_event_form(significance_for_child="")}
    refused = web.post(url, data=form)
    assert refused.status_code == 422
    assert "govuk-error-summary" in refused.text
    assert "Enter what this event means for the child" in refused.text
    assert "Police called to the home after neighbours reported shouting." in refused.text
    assert _events(session, world) == []  # nothing half-written
    form["significance_for_child"] = "Kit heard the argument from his bedroom."
    done = web.post(url, data=form, follow_redirects=False)
    assert done.status_code == 303
    [event] = _events(session, world)
    assert done.headers["location"] == f"/families/{world.family_a.id}/timeline"
    timeline = web.get(done.headers["location"]).text
    assert "Event recorded" in timeline[: timeline.index("<h1")]  # the banner, at the top
    assert "Event outside the plan" in timeline
    assert "Significance for the child: Kit heard the argument from his bedroom." in timeline
    rows = _chronology_rows(session, world)
    line = " | ".join(next(r for r in rows if "Police called to the home" in " ".join(r)))
    assert "Police, reported by PC 4471" in line and "Kit heard the argument" in line
    # its history page, the amendment form and marking it entered in error
    history = web.get(f"/events/{event.id}")
    assert history.status_code == 200 and "WM-2026-118832" in history.text
    amend_url = f"/events/{event.id}/amend"
    amend_page = web.get(amend_url)
    assert "Kit heard the argument from his bedroom." in amend_page.text  # prefilled
    no_reason = web.post(
        amend_url, data={"csrf_token": csrf_from(amend_page.text), **_event_form()}
    )
    assert (
        no_reason.status_code == 422 and "Enter why you are amending this event" in no_reason.text
    )
    amended = web.post(
        amend_url,
        data={
            "csrf_token": csrf_from(amend_page.text),
            **_event_form(reported_by="PC 4471 and PC 2210"),
            "reason": "Second officer named in the police log",
        },
        follow_redirects=False,
    )
    assert amended.status_code == 303
    first, latest = _events(session, world)
    assert first.id == event.id and latest.amends_id == event.id
    assert latest.amendment_reason == "Second officer named in the police log"
    error_url = f"/events/{latest.id}/entered-in-error"
    error_page = web.get(error_url)
    marked = web.post(
        error_url,
        data={"csrf_token": csrf_from(error_page.text), "reason": "Wrong family"},
        follow_redirects=False,
    )
    assert marked.status_code == 303
    assert _events(session, world)[1].entered_in_error_reason == "Wrong family"


def test_quick_log_records_an_event_outside_the_plan(world, web_as, session: Session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/families/{world.family_a.id}/log")
    assert 'id="goal-event"' in page.text and "An event outside the plan" in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        "goal_id": "event",
        "observation": "Attended A&E with a cut hand; father says he fell on glass.",
        "event_source": "health",
        "reported_by": "Westmarsh General, A&E",
        "document_reference": "",
        **_day("occurred-on"),
        "visibility": "internal",
        "significance_for_child": "",
    }
    refused = web.post(f"/families/{world.family_a.id}/log", data=form)
    assert refused.status_code == 422
    assert "Enter what this event means for the child" in refused.text
    assert "Attended A&amp;E with a cut hand" in refused.text  # the input is kept
    chosen = 'aria-describedby="goal-event-hint" checked'  # the option stays chosen
    assert chosen in refused.text
    form["significance_for_child"] = "An injury to a parent at home, unexplained."
    done = web.post(f"/families/{world.family_a.id}/log", data=form, follow_redirects=False)
    assert done.status_code == 303
    [event] = _events(session, world)
    assert event.source == "health" and event.what_happened.startswith("Attended A&E")
    assert event.significance_for_child == "An injury to a parent at home, unexplained."


def test_a_significant_entry_carries_the_workers_words_or_needs_review(
    world, web_as, session: Session
) -> None:
    web = web_as(world.worker_a)
    goal = world.goal_a
    page = web.get(f"/families/{world.family_a.id}/log?goal={goal.id}")
    form = {
        "csrf_token": csrf_from(page.text),
        "goal_id": str(goal.id),
        f"score-{goal.id}": "-1",
        "observation": "Front door left open; Kit found in the road.",
        "source": "home_visit",
        **_day("occurred-on"),
        "significant": "yes",
        "visibility": "internal",
        "significance_for_child": "",
    }
    done = web.post(f"/families/{world.family_a.id}/log", data=form, follow_redirects=False)
    assert done.status_code == 303
    entry = session.exec(
        select(ProgressEntry).where(ProgressEntry.observation.startswith("Front door"))  # type: ignore[attr-defined]
    ).one()
    session.commit()
    assert entry.significance_needs_review
    timeline = web.get(f"/families/{world.family_a.id}/timeline").text
    assert "Needs review" in timeline and f'href="/entries/{entry.id}/amend"' in timeline
    amend = web.get(f"/entries/{entry.id}/amend")
    assert 'id="confirm-significance"' in amend.text
    sent = {
        "csrf_token": csrf_from(amend.text),
        f"score-{goal.id}": "-1",
        "observation": form["observation"],
        "source": "home_visit",
        **_day("occurred-on"),
        "significant": "yes",
        "visibility": "internal",
        "significance_for_child": entry.significance_for_child,
        "reason": "Read the suggestion",
    }
    # the suggestion saved as it was, not confirmed: still under review
    r = web.post(f"/entries/{entry.id}/amend", data=sent, follow_redirects=False)
    assert r.status_code == 303
    rows = session.exec(
        select(ProgressEntry)
        .where(ProgressEntry.observation.startswith("Front door"))  # type: ignore[attr-defined]
        .order_by(col(ProgressEntry.recorded_at))
    ).all()
    session.commit()
    assert [e.significance_needs_review for e in rows] == [True, True]
    amend = web.get(f"/entries/{rows[-1].id}/amend")
    sent |= {"csrf_token": csrf_from(amend.text), "confirm_significance": "yes"}
    r = web.post(f"/entries/{rows[-1].id}/amend", data=sent, follow_redirects=False)
    assert r.status_code == 303
    session.expire_all()
    latest = session.exec(
        select(ProgressEntry)
        .where(ProgressEntry.observation.startswith("Front door"))  # type: ignore[attr-defined]
        .order_by(col(ProgressEntry.recorded_at).desc())
    ).first()
    session.commit()
    assert latest is not None and not latest.significance_needs_review


def test_an_event_about_one_parent_is_recorded_on_the_page_and_only_they_read_it(
    world, web_as, session: Session
) -> None:
    web = web_as(world.worker_a)
    mother, father = web_as(world.parent_a), web_as(world.parent_a2)
    father_id, father_name = world.father_a.id, world.father_a.full_name
    url = f"/families/{world.family_a.id}/events/new"
    page = web.get(url)
    assert "Who is it about?" in page.text and father_name in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        **_event_form(
            what_happened="Police report about Lee after a fight in town.",
            visibility="shared",
            member_id=str(father_id),
        ),
    }
    assert web.post(url, data=form, follow_redirects=False).status_code == 303
    [event] = _events(session, world)
    assert event.member_id == father_id
    history = web.get(f"/events/{event.id}").text
    assert "Who it is about" in history and father_name in history
    # amending it back to the whole family is a choice on the form
    amend_page = web.get(f"/events/{event.id}/amend")
    assert f'value="{father_id}" checked' in amend_page.text
    assert "Police report about Lee" not in mother.get("/your-progress").text
    assert "Police report about Lee" in father.get("/your-progress").text
    amended = web.post(
        f"/events/{event.id}/amend",
        data={
            "csrf_token": csrf_from(amend_page.text),
            **_event_form(
                what_happened="Police report about Lee after a fight in town.",
                visibility="shared",
                member_id="family",
            ),
            "reason": "Both parents were told at the core group",
        },
        follow_redirects=False,
    )
    assert amended.status_code == 303
    assert _events(session, world)[1].member_id is None
    assert "Police report about Lee" in mother.get("/your-progress").text
