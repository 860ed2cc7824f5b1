"""The one form framework: GOV.UK dates, choices, text kept as typed, errors in order."""

from datetime import date

from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from app.web.forms import F, Form

WHEN = F("occurred_on", "The date", "date", input="occurred-on", required="Enter the date",
         incomplete=True)  # fmt: skip
FORM = Form(
    F("kind", "Kind", "choice", required="Select a kind", choices=("a", "b")),
    WHEN,
    F("note", "The note", too_long="The note must be 5 characters or fewer", strip=False),
    F("shared", "Shared", "check"),
)


class Thing(BaseModel):
    kind: str
    occurred_on: date
    note: str = Field("", max_length=5)
    shared: bool = False


def _posted(**fields: str) -> FormData:
    return FormData(list(fields.items()))


def _day(d: str = "3", m: str = "4", y: str = "2025") -> dict[str, str]:
    return {"occurred-on-day": d, "occurred-on-month": m, "occurred-on-year": y}


def test_a_whole_form_becomes_the_model() -> None:
    parsed = FORM.parse(_posted(kind="a", note=" hi ", shared="yes", **_day()))
    thing = FORM.validate(Thing, parsed)
    assert thing == Thing(kind="a", occurred_on=date(2025, 4, 3), note=" hi ", shared=True)
    assert parsed.errors == []


def test_a_date_names_its_missing_boxes_then_says_when_it_is_not_real() -> None:
    parsed = FORM.parse(_posted(kind="a", **_day(m="", y="")))
    assert parsed.errors == [
        {"text": "The date must include a month and year", "href": "#occurred-on-day"}
    ]
    assert parsed.values["occurred_on"] == {"day": "3", "month": "", "year": ""}
    parsed = FORM.parse(_posted(kind="a", **_day(d="31", m="2")))
    assert parsed.errors == [{"text": "The date must be a real date", "href": "#occurred-on-day"}]
    parsed = FORM.parse(_posted(kind="a"))
    assert parsed.errors == [{"text": "Enter the date", "href": "#occurred-on-day"}]


def test_problems_come_back_in_question_order_with_the_input_kept() -> None:
    parsed = FORM.parse(_posted(kind="c", note="far too long", **_day(d="x")))
    assert FORM.validate(Thing, parsed) is None
    assert [e["href"] for e in parsed.errors] == ["#kind", "#occurred-on-day", "#note"]
    assert parsed.errors[0]["text"] == "Select a kind"
    assert parsed.errors[2]["text"] == "The note must be 5 characters or fewer"
    assert parsed.values["kind"] == "c" and parsed.values["note"] == "far too long"
