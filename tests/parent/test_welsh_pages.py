"""Welsh everywhere a parent goes: every page they can reach, walked in Welsh, holds no
English the catalogue should have translated (``tests.parent.welsh_text``), and English
typed by staff is marked ``lang="en"``.
"""

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.requests import Request

from app import i18n
from app.models.account import User
from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from app.models.plan import Milestone, MilestoneStatus
from app.services.context import Actor
from app.services.errors import Conflict
from app.services.identity import accounts, totp
from app.services.identity.accounts import LinkPurpose
from app.web import cookies, errors
from app.web.language import LANGUAGE
from tests import factories
from tests.factories import PASSWORD, World
from tests.parent.helpers import sign_in
from tests.parent.welsh_text import ENGLISH, catalogue, english_left
from tests.web.conftest import csrf_from
from tests.web.conftest import sign_in as sign_in_with_form


def test_the_check_finds_english() -> None:
    page = (
        '<html lang="cy"><body><h1>Eich cynllun</h1><p>Go to your plan</p>'
        '<p lang="en">Keep the home safe and clean</p>'
        "<svg><title>Your level over time</title><text>Lefel 3</text></svg>"
        "<script>var the_and_you = 1;</script></body></html>"
    )
    assert english_left(page) == ["Go to your plan", "Your level over time"]
    # a page marked English fails whatever it says
    assert english_left('<html lang="en"><body><p>Eich cynllun</p></body></html>') == [
        "<html lang=en>"
    ]


def test_every_welsh_message_hides_no_english_words() -> None:
    """The catalogue itself: no Welsh message is the English one left in place."""
    english = {m.id: m.string for m in catalogue("cy") if m.id and isinstance(m.id, str)}
    same = [
        i for i, s in english.items() if s == i and len(set(re.findall(r"[a-z]+", i)) & ENGLISH) > 1
    ]
    assert same == []


@pytest.fixture
def welsh(session: Session, world: World) -> World:
    """Jo reads in Welsh; her plan has a chart, steps of every status, a relapse and
    plan events, a shared event outside the plan, her own view and its answer."""
    for user in (world.parent_a, world.parent_a2):
        user.language = "cy"
        session.add(user)
    today = datetime.now(UTC).date()
    for days, status in ((-30, MilestoneStatus.achieved), (-20, MilestoneStatus.missed)):
        session.add(
            Milestone(
                goal_id=world.goal_a.id,
                family_id=world.family_a.id,
                description="Bedrooms cleared of rubbish",
                due_on=today + timedelta(days=days),
                status=status,
                achieved_on=today if status == MilestoneStatus.achieved else None,
            )
        )
    for weeks, score in ((6, -2), (4, 0), (2, 1)):
        factories.entry(
            session,
            world.goal_a,
            world.worker_a,
            score=score,
            visibility=Visibility.shared,
            observation=f"Visit note {weeks} weeks ago: the kitchen was checked.",
            days_ago=weeks * 7,
        )
    # plan events as the services word them: "Reward earned: …", "Milestone achieved: …"
    for kind, summary in (
        (PlanEventKind.reward_earned, "Reward earned: A day out at the park"),
        (PlanEventKind.milestone_achieved, "Milestone achieved: Bedrooms cleared of rubbish"),
        (PlanEventKind.relapse, "Relapse on “Keep the home safe”: fell from +1 to -2."),
    ):
        session.add(
            PlanEvent(
                family_id=world.family_a.id,
                goal_id=world.goal_a.id,
                kind=kind,
                summary=summary,
                occurred_on=today - timedelta(days=1),
                recorded_by_id=world.worker_a.id,
                visibility=Visibility.shared,
            )
        )
    session.commit()
    return world


def _walk(client: TestClient, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert 'lang="cy"' in response.text[:200], path
        found[path] = english_left(response.text)
    return found


def test_a_welsh_parent_meets_no_english_on_their_pages(
    client: TestClient, session: Session, welsh: World
) -> None:
    w = welsh
    csrf = sign_in(client, session, w.parent_a)
    goal_page = f"/your-plan/goals/{w.goal_a.id}"
    # her view, which the worker answers: both shown on the goal and in the PDF
    added = client.post(
        f"{goal_page}/your-view",
        data={"csrf_token": csrf, "stance": "agree", "text": "Rwy’n cytuno."},
    )
    # the notice that it was added: GOV.UK's "Success" title in Welsh too
    assert "Llwyddiant" in added.text and "Success" not in added.text
    found = _walk(
        client,
        [
            "/your-plan",
            goal_page,
            "/your-progress",
            f"/your-progress/entries/{w.shared_entry_a.id}",
            "/account/password",
            f"/your-plan/goals/{uuid.uuid4()}",  # not found
            "/accessibility",
            "/contact",
        ],
    )
    fragment = client.get("/your-progress", headers={"HX-Request": "true"})
    found["/your-progress (htmx)"] = english_left(f'<div lang="cy">{fragment.text}</div>')
    # a form sent back with its errors
    refused = client.post(f"{goal_page}/your-view", data={"csrf_token": csrf, "text": ""})
    assert refused.status_code == 422
    found["view refused"] = english_left(refused.text)
    found["view added"] = english_left(added.text)
    progress = client.get("/your-progress").text
    # the plan events' words: what happened in Welsh, the record's own words marked English
    for english in ("Reward earned:", "Milestone achieved:", "Relapse on"):
        assert english not in progress, english
    assert "A day out at the park" in progress
    assert {page: left for page, left in found.items() if left} == {}
    # the chart speaks Welsh
    page = client.get(goal_page).text
    assert "Lefel 3: da" in page and "Eich lefel dros amser" in page


def test_the_plan_pdf_is_in_welsh(client: TestClient, session: Session, welsh: World) -> None:
    import io

    import pypdf

    sign_in(client, session, welsh.parent_a)
    pdf = client.get("/your-plan.pdf")
    assert pdf.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for welsh_words in ("Eich cynllun", "Cael cyngor annibynnol", "Cysylltu â’ch gweithiwr"):
        assert welsh_words in text, welsh_words
    for english in ("Your plan", "Get independent advice", "Steps along the way"):
        assert english not in text, english


def _signed_out_welsh() -> TestClient:
    from app.main import app

    client = TestClient(app, follow_redirects=False)
    client.cookies.set(cookies.name(LANGUAGE), "cy")
    return client


def test_signing_in_and_its_errors_are_in_welsh(
    session: Session, welsh: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    user: User = welsh.parent_a
    earlier = datetime.now(UTC) - timedelta(minutes=5)
    monkeypatch.setattr(totp, "utcnow", lambda: earlier)
    enrolment = totp.begin_enrolment(session, Actor(user))
    totp.confirm_enrolment(session, Actor(user), pyotp.TOTP(enrolment.secret).at(earlier))
    monkeypatch.undo()
    token, _ = accounts._new_link(session, None, welsh.parent_a2, LinkPurpose.reset)
    session.commit()
    with _signed_out_welsh() as client:
        found = _walk(
            client,
            [
                "/sign-in",
                "/account/forgotten-password",
                "/account/forgotten-password/sent",
                f"/account/reset/{token}",
                "/no-such-page",
            ],
        )
        page = client.get("/sign-in")
        wrong = client.post(
            "/sign-in",
            data={"csrf_token": csrf_from(page.text), "email": user.email, "password": "wrong"},
        )
        assert (
            wrong.status_code == 422 and "Rhowch gyfeiriad e-bost a chyfrinair cywir" in wrong.text
        )
        found["wrong password"] = english_left(wrong.text)
        expired = client.get("/account/reset/not-a-real-link-token-0000")
        assert expired.status_code == 410
        found["link expired"] = english_left(expired.text)
        no_token = client.post("/sign-in", data={"email": user.email, "password": "x"})
        assert no_token.status_code == 403
        found["form refused"] = english_left(no_token.text)
        first = sign_in_with_form(client, user.email, PASSWORD)
        assert first.status_code == 303 and first.headers["location"].startswith("/account/two")
        two_step = client.get(first.headers["location"])
        found["two-step"] = english_left(two_step.text)
        assert "Rhowch eich cod diogelwch" in two_step.text
        wrong_code = client.post(
            "/account/two-step", data={"code": "000000", "csrf_token": csrf_from(two_step.text)}
        )
        assert wrong_code.status_code == 422
        found["wrong code"] = english_left(wrong_code.text)
    assert {page: left for page, left in found.items() if left} == {}


def _request_as(user: User) -> Request:
    request = Request(
        {"type": "http", "method": "GET", "path": "/x", "headers": [], "query_string": b""}
    )
    request.state.actor = Actor(user)
    return request


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    i18n.activate("en")


@pytest.mark.usefixtures("english_after")
def test_error_pages_are_in_welsh(welsh: World) -> None:
    """404, 403, 409 and 500 pages for a parent who reads Welsh."""
    request = _request_as(welsh.parent_a)
    pages = {
        "404": errors._page_for(errors.NotFound("page"), request),
        "409": errors._page_for(Conflict("stale"), request),
        "409 clash": errors._page_for(errors.IntegrityError("x", {}, Exception()), request),
        "500": errors.error_page(
            request,
            500,
            "Sorry, there is a problem with the service",
            "Try again later. What you entered has not been saved.",
        ),
    }
    found = {}
    for name, response in pages.items():
        html = bytes(response.body).decode()
        assert 'lang="cy"' in html[:200], name
        found[name] = english_left(html)
    assert "Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth" in bytes(pages["500"].body).decode()
    assert {name: left for name, left in found.items() if left} == {}
