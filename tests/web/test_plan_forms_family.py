"""Forms for the family, its members and the assessment: create, edit, errors, stale edits."""

import io
from datetime import date, timedelta

from pypdf import PdfReader
from sqlmodel import Session, col, func, select

from app.models.audit import AuditEvent
from app.models.family import Family, FamilyMember, FamilyUpdate, MemberRole
from app.models.plan import Assessment
from app.services.cases import families
from app.services.context import Actor
from tests import factories
from tests.web.conftest import csrf_from

TODAY = date.today()


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def _family_form(web, **fields: str) -> dict[str, str]:
    page = web.get("/families/new")
    return {"csrf_token": csrf_from(page.text), **fields}


def test_add_a_family_then_see_it_with_a_banner(world, web_as, session: Session) -> None:
    web = web_as(world.worker_a)
    form = _family_form(
        web,
        case_reference="CCT-A-0099",
        family_name="Dunmore family",
        legal_status="care_proceedings",
        **_date("proceedings_issued_on", TODAY - timedelta(weeks=2)),
    )
    done = web.post("/families/new", data=form, follow_redirects=False)
    assert done.status_code == 303
    family = session.exec(select(Family).where(Family.case_reference == "CCT-A-0099")).one()
    assert done.headers["location"] == f"/families/{family.id}"
    assert family.proceedings_issued_on == TODAY - timedelta(weeks=2)
    assert family.involved_since is None
    session.commit()  # end the test's read: on SQLite it holds the write lock
    assert "Dunmore family added" in web.get(done.headers["location"]).text
    # the worker who opened it is its allocated worker, so it is on their caseload
    assert "Dunmore family" in web.get("/caseload").text


def test_caseload_links_to_add_a_family(world, web_as) -> None:
    assert 'href="/families/new"' in web_as(world.worker_a).get("/caseload").text


def test_bad_input_shows_each_error_and_keeps_what_was_typed(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    before = session.exec(select(func.count()).select_from(Family)).one()
    session.commit()
    form = _family_form(
        web,
        case_reference="!bad ref",
        family_name="",
        legal_status="",
        **{"involved_since-day": "31", "involved_since-month": "2", "involved_since-year": "2024"},
    )
    page = web.post("/families/new", data=form)
    assert page.status_code == 422
    html = page.text
    assert "There is a problem" in html and "<title>Error:" in html
    assert 'href="#case_reference"' in html and "Case reference must start with a letter" in html
    assert 'href="#family_name"' in html and "Enter the family name" in html
    assert "Select the family’s legal status" in html
    assert 'href="#involved_since-day"' in html
    assert "Date the local authority became involved must be a real date" in html
    # the summary follows the order of the questions
    assert html.index("Case reference must") < html.index("Enter the family name")
    assert 'value="!bad ref"' in html and 'name="involved_since-day" type="text" value="31"' in html
    assert session.exec(select(func.count()).select_from(Family)).one() == before


def test_a_taken_case_reference_is_a_message_not_a_failure(world, web_as) -> None:
    web = web_as(world.worker_a)
    form = _family_form(
        web, case_reference="CCT-A-0001", family_name="Other family", legal_status="child_in_need"
    )
    page = web.post("/families/new", data=form)
    assert page.status_code == 422
    assert "A family with case reference CCT-A-0001 already exists" in page.text
    assert 'value="Other family"' in page.text


def test_edit_family_details(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/families/{world.family_a.id}/edit")
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.text and 'value="Ashdown family"' in page.text
    issued = world.family_a.proceedings_issued_on
    form = {
        "csrf_token": csrf_from(page.text),
        "version": "1",
        "family_name": "Ashdown-Reeve family",
        "status": "open",
        "legal_status": "care_proceedings",
        **_date("proceedings_issued_on", issued),
    }
    done = web.post(f"/families/{world.family_a.id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303
    session.refresh(world.family_a)
    assert world.family_a.family_name == "Ashdown-Reeve family"
    assert world.family_a.version == 2
    assert world.family_a.involved_since is None  # emptied in the form


def test_court_heading_on_the_family_page_reaches_the_chronology(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/families/{world.family_a.id}/edit")
    assert 'name="court_name"' in page.text and 'name="court_case_number"' in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        "version": "1",
        "family_name": "Ashdown family",
        "status": "open",
        "legal_status": "care_proceedings",
        **_date("proceedings_issued_on", world.family_a.proceedings_issued_on),
        "local_authority": "Westmarsh Council",
        "court_name": "Family Court sitting at Westmarsh",
        "court_case_number": "W" * 61,
    }
    bad = web.post(f"/families/{world.family_a.id}/edit", data=form)
    assert bad.status_code == 422
    assert "Court case number must be 60 characters or fewer" in bad.text
    assert 'value="Family Court sitting at Westmarsh"' in bad.text  # the input is kept
    form |= {"court_case_number": "WM26C00123", "csrf_token": csrf_from(bad.text)}
    done = web.post(f"/families/{world.family_a.id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303
    session.refresh(world.family_a)
    assert (world.family_a.court_name, world.family_a.court_case_number) == (
        "Family Court sitting at Westmarsh",
        "WM26C00123",
    )
    session.commit()  # end the test's read, as a request would
    chronology = web.get(f"/families/{world.family_a.id}/reports/chronology.csv")
    assert chronology.status_code == 200
    pdf = web.get(f"/families/{world.family_a.id}/reports/chronology.pdf")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "WM26C00123" in text and "Westmarsh Council (applicant)" in " ".join(text.split())


def test_stale_edit_names_who_changed_it_and_keeps_both_versions(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/families/{world.family_a.id}/edit")
    # meanwhile the team lead renames the family
    families.update_family(
        session,
        Actor(world.lead_a),
        world.family_a.id,
        FamilyUpdate(version=1, family_name="Ashdown household"),
    )
    form = {
        "csrf_token": csrf_from(page.text),
        "version": "1",
        "family_name": "Ashdown-Reeve family",
        "status": "open",
        "legal_status": "child_protection_plan",
    }
    stale = web.post(f"/families/{world.family_a.id}/edit", data=form)
    assert stale.status_code == 409
    html = stale.text
    assert "This family was changed by Lena Marsh at" in html and "while you were editing" in html
    assert "Ashdown household" in html  # theirs
    assert "Ashdown-Reeve family" in html  # yours, in the table and kept in the form
    assert "Child protection plan" in html and "Care proceedings" in html
    assert 'value="Ashdown-Reeve family"' in html
    assert 'name="version" value="2"' in html  # saving again applies the user's version
    session.refresh(world.family_a)
    assert world.family_a.family_name == "Ashdown household"
    session.commit()
    again = web.post(
        f"/families/{world.family_a.id}/edit",
        data=form | {"version": "2", "csrf_token": csrf_from(html)},
        follow_redirects=False,
    )
    assert again.status_code == 303
    session.refresh(world.family_a)
    assert world.family_a.family_name == "Ashdown-Reeve family"


def test_add_members_a_child_needs_a_date_of_birth(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/families/{world.family_a.id}/members/new")
    form = {"csrf_token": csrf_from(page.text), "role": "child", "full_name": "Bea Ashdown"}
    refused = web.post(f"/families/{world.family_a.id}/members/new", data=form)
    assert refused.status_code == 422
    assert "Enter the child&#39;s date of birth" in refused.text
    assert 'href="#date_of_birth-day"' in refused.text and 'value="Bea Ashdown"' in refused.text
    born = TODAY - timedelta(days=700)
    done = web.post(
        f"/families/{world.family_a.id}/members/new",
        data=form | _date("date_of_birth", born) | {"relationship": "daughter"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    bea = session.exec(select(FamilyMember).where(FamilyMember.full_name == "Bea Ashdown")).one()
    assert (bea.role, bea.date_of_birth, bea.relationship) == (MemberRole.child, born, "daughter")


def test_edit_member(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/members/{world.mother_a.id}/edit")
    assert 'value="Jo Ashdown"' in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        "version": "1",
        "full_name": "Joanne Ashdown",
        "relationship": "mother",
    }
    done = web.post(f"/members/{world.mother_a.id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/families/{world.family_a.id}"
    session.refresh(world.mother_a)
    assert (world.mother_a.full_name, world.mother_a.version) == ("Joanne Ashdown", 2)


def test_start_an_assessment_with_the_26_week_default(world, web_as, session) -> None:
    fam = factories.family(session, world.team_a, "CCT-A-0050", "Elmore family", world.worker_a)
    session.commit()
    web = web_as(world.worker_a)
    page = web.get(f"/families/{fam.id}/assessments/new")
    default = fam.proceedings_issued_on + timedelta(days=181)
    assert "26 weeks" in page.text and "Children Act 1989, section 32(1)(a)" in page.text
    assert f"{default.day} {default:%B %Y}" in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        **_date("started_on", TODAY),
        "review_interval_weeks": "4",
    }
    done = web.post(f"/families/{fam.id}/assessments/new", data=form, follow_redirects=False)
    assert done.status_code == 303
    made = session.exec(select(Assessment).where(Assessment.family_id == fam.id)).one()
    assert (made.decision_date, made.review_interval_weeks) == (default, 4)
    session.commit()
    # a second open assessment is refused with the reason, input kept
    again = web.post(f"/families/{fam.id}/assessments/new", data=form)
    assert again.status_code == 422 and "already has an open assessment" in again.text


def test_assessment_errors_and_edit(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    page = web.get(f"/assessments/{world.assessment_a.id}/edit")
    form = {
        "csrf_token": csrf_from(page.text),
        "version": "1",
        **_date("decision_date", world.assessment_a.decision_date),
        "review_interval_weeks": "99",
        "status": "open",
        "outcome": "Both parents engaged with every session.",
    }
    bad = web.post(f"/assessments/{world.assessment_a.id}/edit", data=form)
    assert bad.status_code == 422
    assert "Weeks between reviews must be a whole number from 1 to 52" in bad.text
    assert "Both parents engaged with every session." in bad.text
    form["review_interval_weeks"] = "8"
    done = web.post(f"/assessments/{world.assessment_a.id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303
    session.refresh(world.assessment_a)
    assert world.assessment_a.outcome == "Both parents engaged with every session."
    assert world.assessment_a.review_interval_weeks == 8


def test_who_may_use_the_forms(world, web_as, session) -> None:
    paths = [
        f"/families/{world.family_a.id}/edit",
        f"/members/{world.mother_a.id}/edit",
        f"/assessments/{world.assessment_a.id}/edit",
        f"/families/{world.family_a.id}/members/new",
    ]
    other_team = web_as(world.worker_b)
    parent = web_as(world.parent_a)
    for path in paths:
        assert other_team.get(path).status_code == 404, path
        assert parent.get(path).status_code == 404, path
    assert parent.get("/families/new").status_code == 404
    assert web_as(world.admin).get("/families/new").status_code == 404
    # refused posts write nothing but the denial
    refused = other_team.post(
        f"/families/{world.family_a.id}/edit",
        data={"csrf_token": other_team.csrf_token, "version": "1", "family_name": "X"},
    )
    assert refused.status_code == 404
    session.refresh(world.family_a)
    assert world.family_a.family_name == "Ashdown family"
    denied = session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.actor_id == world.worker_b.id, col(AuditEvent.outcome) == "denied")
    ).one()
    assert denied >= len(paths) + 1


def test_record_an_extension_on_the_page(world, web_as, session) -> None:
    web = web_as(world.worker_a)
    url = f"/families/{world.family_a.id}/extensions/new"
    page = web.get(url)
    assert page.status_code == 200 and "26 weeks beginning with that day" in page.text
    bad = {
        "csrf_token": csrf_from(page.text),
        **_date("granted_on", TODAY),
        "weeks": "12",
        "reason": "Awaiting an expert report",
    }
    refused = web.post(url, data=bad)
    assert refused.status_code == 422
    assert "govuk-error-summary" in refused.text
    assert "from 1 to 8" in refused.text
    assert "Awaiting an expert report" in refused.text  # the input is kept
    done = web.post(url, data=bad | {"weeks": "8"}, follow_redirects=False)
    assert done.status_code == 303
    family_page = web.get(f"/families/{world.family_a.id}").text
    assert "the court extended this once, by 8 weeks in all" in family_page
    assert "Awaiting an expert report" in family_page
    caseload = web.get("/caseload").text
    assert "the court extended this once, by 8 weeks in all" in caseload
