"""Welsh on the forms a parent fills in: two-step set-up, and every form sent back with
bad input. A message built from a question's label ("Current password must be 1,024
characters or fewer") is a whole sentence of the catalogue in Welsh, label and all,
in the error summary and beside the field alike."""

import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

import pyotp
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.datastructures import FormData

from app import i18n
from app.services import inputs
from app.services.errors import Invalid
from app.services.identity import accounts
from app.services.identity.accounts import LinkPurpose
from app.web import cookies
from app.web.forms import F, Form
from app.web.labels import error_for
from app.web.language import LANGUAGE
from tests.factories import World
from tests.parent.helpers import sign_in
from tests.parent.welsh_text import english_left
from tests.web.conftest import csrf_from


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    i18n.activate("en")


@pytest.fixture
def welsh(session: Session, world: World) -> World:
    world.parent_a.language = "cy"
    session.add(world.parent_a)
    session.commit()
    return world


class _Answers(BaseModel):
    number: int | None = None
    when: date | None = None
    code: str = Field("", max_length=3)
    count: int = Field(1, ge=1, le=5)
    kind: Literal["a", "b"] = "a"
    note: Annotated[str, inputs.Visible] = "x"
    day: inputs.CaseDate | None = None


_FORM = Form(
    F("number", "Code", "int"),
    F("when", "Code", "date", incomplete=True),
    F("code", "Code"),
    F("count", "Code", "int"),
    F("kind", "Code"),
    F("note", "Your view", strip=False),
    F("day", "Code", "date"),
)


def _errors(**posted: str) -> dict[str, dict[str, str]]:
    parsed = _FORM.parse(FormData(list(posted.items())))
    assert _FORM.validate(_Answers, parsed) is None
    return {error["href"]: error for error in parsed.errors}


# what each bad answer is told: (posted, where, English, Welsh)
COMPOSED = [
    ({"number": "lots"}, "#number", "Code must be a number", "Cod: rhowch rif"),
    (
        {"when-day": "3", "when-month": "", "when-year": ""},
        "#when-day",
        "Code must include a month and year",
        "Cod: rhaid cynnwys mis a blwyddyn",
    ),
    (
        {"when-day": "31", "when-month": "2", "when-year": "2025"},
        "#when-day",
        "Code must be a real date",
        "Cod: rhowch ddyddiad go iawn",
    ),
    ({"code": "abcd"}, "#code", "Code must be 3 characters or fewer", "Cod: rhowch 3 nod neu lai"),
    (
        {"count": "9"},
        "#count",
        "Code is out of range",
        "Cod: mae’r ateb y tu allan i’r ystod a ganiateir",
    ),
    ({"kind": "c"}, "#kind", "Enter a valid answer for code", "Rhowch ateb dilys ar gyfer cod"),
    (
        {"note": "   "},
        "#note",
        "Enter some text, not only spaces",
        "Rhowch destun, nid bylchau yn unig",
    ),
    (
        {"day-day": "1", "day-month": "1", "day-year": "3000"},
        "#day-day",
        "Date must be between 1900 and 2999",
        "Rhaid i’r dyddiad fod rhwng 1900 a 2999",
    ),
]


@pytest.mark.usefixtures("english_after")
@pytest.mark.parametrize(("posted", "where", "english", "welsh_words"), COMPOSED)
def test_a_composed_message_is_one_welsh_sentence(
    posted: dict[str, str], where: str, english: str, welsh_words: str
) -> None:
    i18n.activate("en")
    error = _errors(**posted)[where]
    assert error["text"] == english  # as before, wherever the text is read as a string
    i18n.activate("cy")
    # the error summary, and the message beside the field
    summary = i18n.translate_text([error])[0]["text"]
    beside = error_for([error], where.removeprefix("#"))
    assert beside is not None
    assert summary == beside["text"] == welsh_words
    assert english_left(f"<p>{summary}</p>") == []


@pytest.mark.usefixtures("english_after")
def test_a_message_shows_its_date_in_the_language_of_the_page(
    session: Session, world: World
) -> None:
    world.family_a.involved_since = date(2025, 3, 3)
    session.add(world.family_a)
    session.commit()
    with pytest.raises(Invalid) as refused:
        inputs.check_evidence_date(session, world.family_a.id, date(2025, 1, 1))
    message = refused.value.message
    assert message == (
        "Date must be on or after 3 March 2025, when the local authority became involved"
    )
    i18n.activate("cy")
    assert i18n.translated(message) == (
        "Rhaid i’r dyddiad fod ar 3 Mawrth 2025 neu ar ôl hynny, "
        "pan ddaeth yr awdurdod lleol yn rhan o’r achos"
    )


def test_setting_up_two_step_sign_in_is_in_welsh(
    client: TestClient, session: Session, welsh: World
) -> None:
    csrf = sign_in(client, session, welsh.parent_a)
    found: dict[str, list[str]] = {}
    start = client.get("/account/two-step/set-up")
    assert start.status_code == 200 and 'lang="cy"' in start.text[:200]
    assert "Sefydlu mewngofnodi dau gam" in start.text
    found["start"] = english_left(start.text)
    enrol = client.post("/account/two-step/set-up/start", data={"csrf_token": csrf})
    assert enrol.status_code == 200
    found["QR code"] = english_left(enrol.text)
    secret = re.search(r'<code class="app-secret-key">([A-Z2-7]{32})</code>', enrol.text)
    assert secret is not None
    for code in ("", "0" * 41, "123456"):
        wrong = client.post("/account/two-step/set-up", data={"csrf_token": csrf, "code": code})
        assert wrong.status_code == 422, code
        found[f"code {code!r}"] = english_left(wrong.text)
    done = client.post(
        "/account/two-step/set-up",
        data={"csrf_token": csrf, "code": pyotp.TOTP(secret.group(1)).now()},
    )
    assert done.status_code == 200 and "app-recovery-codes" in done.text
    found["recovery codes"] = english_left(done.text)
    on = client.get("/account/two-step/set-up")
    assert "Mae mewngofnodi dau gam ymlaen" in on.text
    found["on"] = english_left(on.text)
    assert {page: left for page, left in found.items() if left} == {}


def test_a_signed_in_parents_forms_with_bad_input_are_in_welsh(
    client: TestClient, session: Session, welsh: World
) -> None:
    csrf = sign_in(client, session, welsh.parent_a)
    found: dict[str, list[str]] = {}
    too_long = client.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": "x" * 1025, "new_password": "y"},
    )
    assert too_long.status_code == 422
    # in the error summary and beside the field
    assert too_long.text.count("Cyfrinair presennol: rhowch 1,024 nod neu lai") == 2
    found["password too long"] = english_left(too_long.text)
    short = client.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": "whatever",
            "new_password": "short",
            "confirm": "short",
        },
    )
    assert short.status_code == 422
    found["password too short"] = english_left(short.text)
    goal_page = f"/your-plan/goals/{welsh.goal_a.id}"
    hidden = client.post(
        f"{goal_page}/your-view",
        data={"csrf_token": csrf, "stance": "agree", "text": "Rwy’n cytuno\x01"},
    )
    assert hidden.status_code == 422
    found["view with a control character"] = english_left(hidden.text)
    assert {page: left for page, left in found.items() if left} == {}


def test_signed_out_forms_with_bad_input_are_in_welsh(session: Session, welsh: World) -> None:
    from app.main import app

    token, _ = accounts._new_link(session, None, welsh.parent_a, LinkPurpose.reset)
    session.commit()
    found: dict[str, list[str]] = {}
    with TestClient(app, follow_redirects=False) as client:
        client.cookies.set(cookies.name(LANGUAGE), "cy")
        page = client.get("/sign-in")
        csrf = csrf_from(page.text)
        long_email = client.post(
            "/sign-in",
            data={"csrf_token": csrf, "email": "a" * 250 + "@example.com", "password": "x"},
        )
        assert long_email.status_code == 422
        assert "Cyfeiriad e-bost: rhowch 254 nod neu lai" in long_email.text
        found["email too long"] = english_left(long_email.text)
        long_password = client.post(
            "/sign-in",
            data={"csrf_token": csrf, "email": welsh.parent_a.email, "password": "x" * 1025},
        )
        assert long_password.status_code == 422
        found["password too long"] = english_left(long_password.text)
        reset = client.get(f"/account/reset/{token}")
        new_password = client.post(
            f"/account/reset/{token}",
            data={"csrf_token": csrf_from(reset.text), "password": "x" * 1025, "confirm": "x"},
        )
        assert new_password.status_code == 422
        assert "Cyfrinair: rhowch 1,024 nod neu lai" in new_password.text
        found["new password too long"] = english_left(new_password.text)
        too_short = client.post(
            f"/account/reset/{token}",
            data={"csrf_token": csrf_from(reset.text), "password": "short", "confirm": "short"},
        )
        assert too_short.status_code == 422
        found["new password too short"] = english_left(too_short.text)
    assert {page: left for page, left in found.items() if left} == {}


def test_refusals_a_signed_in_parent_meets_are_in_welsh(
    client: TestClient, session: Session, welsh: World
) -> None:
    """Addresses typed wrong, staff pages, forms sent without their token or the wrong way:
    in Welsh because the account says so, whatever page came first."""
    csrf = sign_in(client, session, welsh.parent_a)
    assert client.get("/your-plan").status_code == 200
    found: dict[str, list[str]] = {}
    for path in (
        "/no-such-page",
        "/your-plan/goals/not-an-id",
        "/your-progress?page=lots",
        "/your-progress?page=0",
        "/caseload",
        "/team",
        "/accounts",
    ):
        page = client.get(path)
        assert page.status_code in (200, 400, 403, 404, 422), (path, page.status_code)
        assert 'lang="cy"' in page.text[:200], path
        found[path] = english_left(page.text)
    no_token = client.post(f"/your-plan/goals/{welsh.goal_a.id}/your-view", data={"text": "x"})
    assert no_token.status_code == 403
    found["no token"] = english_left(no_token.text)
    wrong_method = client.post("/your-plan", data={"csrf_token": csrf})
    assert wrong_method.status_code == 405
    found["wrong method"] = english_left(wrong_method.text)
    assert {page: left for page, left in found.items() if left} == {}
