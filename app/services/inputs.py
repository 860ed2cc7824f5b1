"""The rules all input meets, whichever way it arrives (API, pages, command line).

- Text: no control characters except tab, line feed and carriage return, and no
  unpaired surrogates (PostgreSQL refuses NUL, UTF-8 refuses surrogates, and the
  rest hide text from the people reading the record or a court bundle).
- Text that must say something has at least one visible character.
- An evidence date (when something was seen, decided or achieved) lies between
  the start of the family's involvement (or 1 January 1900 when unknown) and
  today in the UK: evidence records what has happened.
- Integers in queries are bounded, so no value reaches the database as an overflow.
"""

import re
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import AfterValidator
from sqlmodel import Session, SQLModel, col, select

from app import clock, db
from app.i18n import N_, Message
from app.models.family import Family
from app.services.errors import Invalid

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
# rows on one page of a list, items to skip, page numbers, and whole-number record ids
# (an INTEGER column: 32 bits on PostgreSQL)
PAGE_MAX = 200
OFFSET_MAX = 1_000_000
PAGE_NUMBER_MAX = 100_000
ID_MAX = 2**31 - 1

CONTROL_MESSAGE = N_("Text must not contain control or unpaired surrogate characters")
NOT_ONLY_SPACES = N_("Enter some text, not only spaces")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_characters(value: str) -> bool:
    """Whether the text holds a control character (bar tab and line breaks) or a surrogate."""
    return _FORBIDDEN.search(value) is not None


def has_visible(value: str) -> bool:
    """Whether the text has something to read: not only spaces and invisible formatting marks."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}
        for ch in value
    )


def _printable(value: str) -> str:
    if bad_characters(value):
        raise ValueError(CONTROL_MESSAGE)
    return value


# add to any free-text field of an input model: Annotated[str, Field(...), Printable]
Printable = AfterValidator(_printable)


def _visible(value: str) -> str:
    if not has_visible(value):
        raise ValueError(NOT_ONLY_SPACES)
    return value


# a text that must say something: Annotated[str, Field(...), Printable, Visible]
Visible = AfterValidator(_visible)


def check_text(data: SQLModel) -> None:
    """Refuse control characters in any text field the caller set, as a 422 naming it."""
    for field in sorted(data.model_fields_set):
        value = getattr(data, field)
        if isinstance(value, str) and bad_characters(value):
            raise Invalid(field, CONTROL_MESSAGE)


def check_field_text(field: str, value: str | None) -> None:
    """The same rule for one loose value (a search box, a form field)."""
    if value and bad_characters(value):
        raise Invalid(field, CONTROL_MESSAGE)


def _plausible(value: date) -> date:
    if value < EARLIEST or value > LATEST:
        raise ValueError(
            Message(
                N_("Date must be between %(earliest)s and %(latest)s"),
                earliest=str(EARLIEST.year),
                latest=str(LATEST.year),
            )
        )
    return value


# any date a person could type about a family's case
CaseDate = Annotated[date, AfterValidator(_plausible)]


# built once: it runs in every entry's write transaction
_INVOLVED_SINCE = select(col(Family.involved_since)).where(
    Family.id == sa.bindparam("family_id", type_=sa.Uuid)
)


def check_evidence_date(
    session: Session, family_id: uuid.UUID | None, day: date, field: str = "occurred_on"
) -> None:
    """The one window for evidence dates: from the family's involvement (or 1900) to today."""
    if day > clock.today():
        raise Invalid(field, N_("Date must be today or in the past"))
    if day < EARLIEST:
        raise Invalid(
            field, Message(N_("Date must be in %(year)s or later"), year=str(EARLIEST.year))
        )
    if family_id is None:
        return
    found = db.plain_rows(session, _INVOLVED_SINCE, {"family_id": family_id})
    since = found[0][0] if found else None
    if since is not None and day < since:
        raise Invalid(
            field,
            Message(
                N_("Date must be on or after %(date)s, when the local authority became involved"),
                date=since,
            ),
        )


def reason(error: Mapping[str, Any]) -> str:
    """Why a validator refused a value, from one of Pydantic's errors: the ``Message`` it
    raised when it raised one (so it is shown in the reader's language), else its words."""
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Message):
        return raised.args[0]
    said = str(raised or "") or str(error.get("msg", ""))
    return said.removeprefix("Value error, ")
