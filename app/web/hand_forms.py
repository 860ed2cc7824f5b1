"""Reading GOV.UK forms: raw fields, date inputs, and service refusals as field errors.

Pages keep what the user typed (as strings) and show each problem twice: in the
error summary and beside the field, both pointing at the field's id.
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from pydantic import ValidationError

from app.services.errors import Invalid

Errors = list[dict[str, str]]
Form = dict[str, list[str]]

# the most a form field may hold (the services set the real limits)
FIELD_MAX = 30_000


async def _form(request: Request) -> Form:
    form = await request.form(max_files=0, max_fields=200)
    try:
        return {
            key: [str(v)[:FIELD_MAX] for v in form.getlist(key) if isinstance(v, str)]
            for key in form
        }
    finally:
        await form.close()


FormDep = Annotated[Form, Depends(_form)]


def one(form: Form, name: str, *, strip: bool = True) -> str:
    value = (form.get(name) or [""])[0]
    return value.strip() if strip else value


def error(field_id: str, text: str) -> dict[str, str]:
    return {"text": text, "href": f"#{field_id}"}


def as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def date_fields(day: date) -> dict[str, str]:
    """A date as the three boxes of a GOV.UK date input."""
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def read_date(
    form: Form, name: str, what: str, *, required: bool = True
) -> tuple[date | None, dict[str, str], str | None]:
    """The date typed into ``name-day``, ``name-month`` and ``name-year``.

    Returns the date (or None), the boxes as typed, and a GOV.UK error message.
    """
    typed = {part: one(form, f"{name}-{part}") for part in ("day", "month", "year")}
    if not any(typed.values()):
        return None, typed, (f"Enter {what}" if required else None)
    missing = [part for part, value in typed.items() if not value]
    if missing:
        return None, typed, f"{what.capitalize()} must include a {' and '.join(missing)}"
    try:
        day = date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except ValueError:
        return None, typed, f"{what.capitalize()} must be a real date"
    if day.year < 1900:
        return None, typed, f"{what.capitalize()} must be a real date"
    return day, typed, None


def from_validation(exc: ValidationError, ids: dict[str, str], messages: dict[str, str]) -> Errors:
    """Pydantic's complaints as GOV.UK errors, one per field, in the form's order."""
    found: dict[str, dict[str, str]] = {}
    for problem in exc.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "body"
        if field in found:
            continue
        text = messages.get(field) or str(problem["msg"]).removeprefix("Value error, ")
        found[field] = error(ids.get(field, field.replace("_", "-")), text)
    order = list(ids)
    return sorted(found.values(), key=lambda e: _position(order, ids, e["href"]))


def _position(order: list[str], ids: dict[str, str], href: str) -> int:
    for i, field in enumerate(order):
        if f"#{ids[field]}" == href:
            return i
    return len(order)


def from_invalid(exc: Invalid, ids: dict[str, str]) -> Errors:
    """A service's ``Invalid(field, message)`` beside the field it names."""
    return [error(ids.get(exc.field, exc.field.replace("_", "-")), exc.message)]


def checked(form: Form, name: str) -> list[str]:
    return [v for v in form.get(name, []) if v]
