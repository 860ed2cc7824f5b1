"""The assessment report's pages and the Reports page: drafting, submitting, approving,
the status beside each download, and "Check a file"."""

import re
from collections.abc import Callable

from sqlmodel import Session, select

from app.models.account import Role, User
from app.models.audit import AuditEvent
from app.models.evidence import Significance
from app.models.report import SectionDraft
from tests import factories
from tests.factories import World
from tests.web.conftest import SignedIn, csrf_from

WebAs = Callable[[User], SignedIn]
SECTIONS = ("lived_experience", "parents_views", "analysis", "recommendation")


def _report(world: World, tail: str = "") -> str:
    return f"/assessments/{world.assessment_a.id}/report{tail}"


def _reports_page(world: World) -> str:
    return f"/families/{world.family_a.id}/reports"


def _version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "no version on the form"
    return found.group(1)


def _save(web: SignedIn, world: World, section: str, text: str) -> object:
    form = web.get(_report(world, f"/sections/{section}"))
    assert form.status_code == 200, form.text[-500:]
    data = {"csrf_token": csrf_from(form.text), "version": _version(form.text), "text": text}
    return web.post(_report(world, f"/sections/{section}"), data=data, follow_redirects=False)


def test_worker_writes_a_section_with_errors_shown_and_versions_kept(
    session: Session, world: World, web_as: WebAs
) -> None:
    web = web_as(world.worker_a)
    form = web.get(_report(world, "/sections/analysis"))
    assert "Analysis of capacity to change" in form.text
    token = csrf_from(form.text)
    blank = web.post(
        _report(world, "/sections/analysis"),
        data={"csrf_token": token, "version": "0", "text": "  "},
    )
    assert blank.status_code == 422
    assert "govuk-error-summary" in blank.text and 'href="#text"' in blank.text
    assert "Enter the text of this section" in blank.text
    bad = web.post(
        _report(world, "/sections/analysis"),
        data={"csrf_token": token, "version": "0", "text": "Kept \x01 text"},
    )
    assert bad.status_code == 422 and "control characters" in bad.text
    assert _save(web, world, "analysis", "First thoughts.").status_code == 303
    assert _save(web, world, "analysis", "Second thoughts.").status_code == 303
    page = web.get(_report(world, "/sections/analysis"))
    assert "Second thoughts." in page.text
    assert "Version 1, saved by Sam Okoro" in page.text and "First thoughts." in page.text
    # someone else saved version 3 while this writer still had version 2 open
    stale = web.get(_report(world, "/sections/analysis"))
    assert _save(web_as(world.lead_a), world, "analysis", "Their words.").status_code == 303
    clash = web.post(
        _report(world, "/sections/analysis"),
        data={"csrf_token": token, "version": _version(stale.text), "text": "My words."},
    )
    assert clash.status_code == 409
    assert "The version saved while you were writing" in clash.text
    assert "Their words." in clash.text and "My words." in clash.text
    assert _version(clash.text) == "3"
    texts = session.exec(select(SectionDraft.text).order_by(SectionDraft.number)).all()
    assert texts == ["First thoughts.", "Second thoughts.", "Their words."]
    assert web.get(_report(world, "/sections/nonsense")).status_code == 404


def test_submit_then_the_team_lead_returns_then_approves(
    session: Session, world: World, web_as: WebAs
) -> None:
    worker, lead = web_as(world.worker_a), web_as(world.lead_a)
    _save(worker, world, "analysis", "Only the analysis.")
    page = worker.get(_report(world))
    assert "Still to write: the child’s lived experience" in page.text
    early = worker.post(
        _report(world, "/submit"),
        data={"csrf_token": csrf_from(page.text), "version": _version(page.text)},
    )
    assert early.status_code == 422 and "govuk-error-summary" in early.text
    assert "Write every section before you submit the report" in early.text
    for section in SECTIONS[:2] + SECTIONS[3:]:
        assert _save(worker, world, section, f"About {section}.").status_code == 303
    page = worker.get(_report(world))
    sent = worker.post(
        _report(world, "/submit"),
        data={"csrf_token": csrf_from(page.text), "version": _version(page.text)},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    waiting = lead.get("/team/sign-off").text.split('id="reports-to-approve"', 1)[1]
    assert f'href="{_report(world)}"' in waiting and "submitted by Sam Okoro" in waiting
    page = lead.get(_report(world))
    assert "With the team lead for approval" in page.text and 'id="decision-form"' in page.text
    token, version = csrf_from(page.text), _version(page.text)
    nothing = lead.post(_report(world, "/decision"), data={"csrf_token": token, "version": version})
    assert (
        nothing.status_code == 422
        and "Select whether to approve the report or return it" in nothing.text
    )
    no_comment = lead.post(
        _report(world, "/decision"),
        data={"csrf_token": token, "version": version, "decision": "return", "comment": ""},
    )
    assert no_comment.status_code == 422 and 'href="#comment"' in no_comment.text
    back = lead.post(
        _report(world, "/decision"),
        data={
            "csrf_token": token,
            "version": version,
            "decision": "return",
            "comment": "More on Lee.",
        },
        follow_redirects=False,
    )
    assert back.status_code == 303
    page = worker.get(_report(world))
    assert "Returned with comments" in page.text and "More on Lee." in page.text
    _save(worker, world, "analysis", "Now about Lee too.")
    page = worker.get(_report(world))
    worker.post(
        _report(world, "/submit"),
        data={"csrf_token": csrf_from(page.text), "version": _version(page.text)},
    )
    page = lead.get(_report(world))
    approved = lead.post(
        _report(world, "/decision"),
        data={
            "csrf_token": csrf_from(page.text),
            "version": _version(page.text),
            "decision": "approve",
        },
        follow_redirects=False,
    )
    assert approved.status_code == 303
    reports = lead.get(_reports_page(world)).text
    status = reports.split('id="assessment-status"', 1)[1].split("</dl>", 1)[0]
    assert "Approved" in status and "Lena Marsh, Team lead" in status
    assert "Sam Okoro, Social worker, submitted" in status


def test_who_may_see_the_report_pages(session: Session, world: World, web_as: WebAs) -> None:
    for user in (world.parent_a, world.lead_b, world.worker_b, world.admin):
        assert web_as(user).get(_report(world)).status_code == 404
        assert web_as(user).get(_report(world, "/sections/analysis")).status_code == 404
    # the author cannot approve: no decision form for them
    lead = web_as(world.lead_a)
    for section in SECTIONS:
        _save(lead, world, section, f"About {section}.")
    page = lead.get(_report(world))
    lead.post(
        _report(world, "/submit"),
        data={"csrf_token": csrf_from(page.text), "version": _version(page.text)},
    )
    page = lead.get(_report(world))
    assert 'id="decision-form"' not in page.text
    forced = lead.post(
        _report(world, "/decision"),
        data={
            "csrf_token": csrf_from(page.text),
            "version": "5",  # four sections and the submission
            "decision": "approve",
        },
    )
    assert forced.status_code in (403, 422) and "another team lead must approve" in forced.text
    other = factories.user(session, "Ola Penrose", Role.team_lead, world.team_a)
    session.commit()
    assert 'id="decision-form"' in web_as(other).get(_report(world)).text


def test_reports_page_downloads_are_green_with_their_status(
    session: Session, world: World, web_as: WebAs
) -> None:
    e = factories.entry(
        session, world.goal_a, world.worker_a, days_ago=3, significance=Significance.significant
    )
    e.significance_needs_review = True
    session.add(e)
    session.commit()
    page = web_as(world.worker_a).get(_reports_page(world)).text
    downloads = re.findall(r'<a class="govuk-button"[^>]*href="([^"]+)"', page)
    assert len(downloads) == 9 and all("/reports/" in d for d in downloads)
    assert 'govuk-button--secondary">\n  Leave this event out' in page or (
        "Leave this event out" in page.split("govuk-button--secondary", 1)[1]
    )
    assert "1 entry needs your review of its significance" in page
    status = page.split('id="assessment-status"', 1)[1].split("</dl>", 1)[0]
    assert "Draft" in status and "Not yet approved" in status
    for words in ("lived experience", "parents’ views", "Analysis", "Recommendation"):
        assert words in status
    assert "cct verify" not in page  # a command-line tool is no help on a web page


def test_check_a_file_answers_as_cct_verify_does(
    session: Session, world: World, web_as: WebAs
) -> None:
    web = web_as(world.lead_a)
    page = web.get(_reports_page(world))
    token = csrf_from(page.text)
    pdf = web.get(f"/families/{world.family_a.id}/reports/review.pdf").content
    url = f"/families/{world.family_a.id}/reports/check"
    ok = web.post(
        url, data={"csrf_token": token}, files={"file": ("review.pdf", pdf, "application/pdf")}
    )
    assert ok.status_code == 200
    result = ok.text.split('id="check-result"', 1)[1].split("</div>", 1)[0]
    assert "Evidence unchanged since the export." in result and "Unchanged: exported as" in result
    for garbage in (b"%PDF-1.7 not really", b"\x00\xff" * 50, "Årsrapport".encode()):
        answer = web.post(
            url, data={"csrf_token": token}, files={"file": ("x.pdf", garbage, "application/pdf")}
        )
        assert answer.status_code == 200 and "NOT VERIFIED" in answer.text
    empty = web.post(
        url, data={"csrf_token": token}, files={"file": ("x.pdf", b"", "application/pdf")}
    )
    assert empty.status_code == 422 and "The selected file is empty" in empty.text
    assert 'href="#file"' in empty.text
    none = web.post(url, data={"csrf_token": token, "file": "not a file"})
    assert none.status_code in (200, 422) and none.status_code != 500
    assert "Select a file to check" in none.text
    broken = web.post(
        url,
        content=b'--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end',
        headers={"content-type": "multipart/form-data; boundary=xx", "x-csrf-token": token},
    )
    assert broken.status_code < 500
    verified = session.exec(select(AuditEvent).where(AuditEvent.action == "verify")).all()
    assert len(verified) >= 4 and {v.actor_id for v in verified} == {world.lead_a.id}
    # a file of a family the checker may not see reads as unknown
    other = web_as(world.lead_b)
    theirs = other.get(f"/families/{world.family_b.id}/reports")
    answer = other.post(
        f"/families/{world.family_b.id}/reports/check",
        data={"csrf_token": csrf_from(theirs.text)},
        files={"file": ("review.pdf", pdf, "application/pdf")},
    )
    assert answer.status_code == 200 and "NOT VERIFIED" in answer.text
    assert "exported as" not in answer.text
