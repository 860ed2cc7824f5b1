"""The one way pages read forms: GOV.UK fields in, Pydantic models out, problems back.

Each form is described once (``Form``: its fields, their labels and messages).
That description reads the posted fields (dates as day, month and year),
keeps the raw input to show again, validates it with the service's own
model, and turns a refusal (``Invalid``, a stale ``Conflict``) into the error
summary, the message beside the field, or the stale-edit page.
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData, ImmutableMultiDict

from app.i18n import N_, Message
from app.services import inputs
from app.services.context import Actor
from app.services.errors import Conflict, Invalid
from app.web.conflict import ConflictView, Display, conflict_view, is_stale, plain

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Errors = list[dict[str, str]]
# the most a text field may hold (the services set the real limits)
FIELD_MAX = 30_000
Kind = Literal["text", "date", "int", "float", "choice", "many", "check"]
DATE_PARTS = ("day", "month", "year")
# the boxes a date left partly empty is missing, in words ("must include a month and year")
_MISSING = {
    ("day",): N_("day"),
    ("month",): N_("month"),
    ("year",): N_("year"),
    ("day", "month"): N_("day and month"),
    ("day", "year"): N_("day and year"),
    ("month", "year"): N_("month and year"),
}
# the messages made from a question's label, each a whole sentence of the catalogue
NOT_A_NUMBER = N_("%(label)s must be a number")
INCOMPLETE_DATE = N_("%(label)s must include a %(missing)s")
NOT_A_DATE = N_("%(label)s must be a real date")
TOO_LONG = N_("%(label)s must be %(most)s characters or fewer")
OUT_OF_RANGE = N_("%(label)s is out of range")
NOT_VALID = N_("Enter a valid answer for %(label)s")
# the label of an answer that belongs to no question
THIS = N_("This")


async def _form_data(request: Request) -> FormData:
    # no uploads on any page; a bounded number of fields
    return await request.form(max_files=0, max_fields=200)


FormDep = Annotated[FormData, Depends(_form_data)]


@dataclass(frozen=True)
class F:
    """One question of a form."""

    name: str
    label: str
    kind: Kind = "text"
    required: str = ""  # the message when it is left out; empty means optional
    invalid: str = ""  # the message when the answer is not valid
    too_long: str = ""  # the message when the answer is longer than the model allows
    # the posted name (and element id) when it differs from the model's field name
    input: str = ""
    # a date with some boxes left empty says which ("must include a month")
    incomplete: bool = False
    # text kept as typed (a note's spacing); blank still counts as left out
    strip: bool = True
    # the answer taken when it is left blank
    default: str = ""
    # the element the error summary links to, when not the posted name
    target: str = ""
    # the answers a choice may take (empty: any, the model decides)
    choices: tuple[str, ...] = ()

    @property
    def posted(self) -> str:
        return self.input or self.name

    @property
    def anchor(self) -> str:
        """Where the error summary links to: the first input of the question."""
        if self.target:
            return f"#{self.target}"
        return f"#{self.posted}-day" if self.kind == "date" else f"#{self.posted}"


@dataclass
class Parsed:
    """A posted form: the raw input (to show again), the data for the model, the errors."""

    values: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    errors: Errors = field(default_factory=list)
    version: int | None = None
    stale_refusal: Conflict | None = None
    # the service refused because the record has moved on (any Conflict, stale or not)
    refusal: Conflict | None = None
    conflict: ConflictView | None = None

    @property
    def status(self) -> int:
        return 409 if self.conflict else 422

    @property
    def refused(self) -> bool:
        return self.refusal is not None


def date_values(value: Any) -> dict[str, str]:
    """A date as the three boxes of a GOV.UK date input."""
    if isinstance(value, str) and value:
        value = date.fromisoformat(value)
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    return {"day": "", "month": "", "year": ""}


class Form:
    def __init__(
        self, *fields: F, aliases: Mapping[str, str] | None = None, whole: str = ""
    ) -> None:
        self.fields = {f.name: f for f in fields}
        self.order = list(self.fields)
        # service field names that are asked as another question (goal_id → link)
        self.aliases = dict(aliases or {})
        # where errors about the whole record go
        self.whole = whole

    @property
    def labels(self) -> list[tuple[str, str]]:
        return [(f.name, f.label) for f in self.fields.values()]

    def error(self, name: str, text: str) -> dict[str, str]:
        name = self.aliases.get(name, name)
        found = self.fields.get(name) or self.fields.get(self.whole)
        return {"text": text, "href": found.anchor} if found else {"text": text}

    def in_order(self, errors: Errors) -> Errors:
        """The errors in the order of the questions."""
        return self._sort(errors)

    def _sort(self, errors: Errors) -> Errors:
        anchors = [f.anchor for f in self.fields.values()]

        def place(error: dict[str, str]) -> int:
            href = error.get("href", "")
            return anchors.index(href) if href in anchors else -1

        return sorted(errors, key=place)

    # --- reading -----------------------------------------------------------------------

    def values_of(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The form filled in from a saved record (for an edit page)."""
        values: dict[str, Any] = {}
        for f in self.fields.values():
            value = record.get(f.name)
            if f.kind == "date":
                values[f.name] = date_values(value)
            elif f.kind == "many":
                values[f.name] = [str(v) for v in value or []]
            elif isinstance(value, float) and value.is_integer():
                values[f.name] = str(int(value))
            else:
                values[f.name] = "" if value is None else str(getattr(value, "value", value))
        values["version"] = record.get("version")
        return values

    def parse(self, form: ImmutableMultiDict[str, Any]) -> Parsed:
        """Read a posted form (or a GET form's query string)."""
        parsed = Parsed()
        for f in self.fields.values():
            self._read(f, form, parsed)
        raw_version = str(form.get("version") or "")
        if raw_version.isdigit():
            parsed.version = int(raw_version)
            parsed.data["version"] = parsed.version
        parsed.values["version"] = parsed.version
        return parsed

    def _read(self, f: F, form: ImmutableMultiDict[str, Any], parsed: Parsed) -> None:
        if f.kind == "many":
            chosen = [str(v) for v in form.getlist(f.posted) if str(v)]
            parsed.values[f.name] = chosen
            if not chosen and f.required:
                parsed.errors.append(self.error(f.name, f.required))
            parsed.data[f.name] = chosen
            return
        if f.kind == "check":
            parsed.values[f.name] = parsed.data[f.name] = str(form.get(f.posted) or "") == "yes"
            return
        if f.kind == "date":
            self._read_date(f, form, parsed)
            return
        raw = str(form.get(f.posted) or f.default)[:FIELD_MAX]
        text = raw.strip()
        parsed.values[f.name] = raw
        if not text:
            if f.required:
                parsed.errors.append(self.error(f.name, f.required))
            elif f.kind == "text":
                parsed.data[f.name] = ""
            return
        if f.choices and text not in f.choices:
            parsed.errors.append(self.error(f.name, f.invalid or f.required))
            return
        if f.kind in ("int", "float"):
            try:
                parsed.data[f.name] = int(text) if f.kind == "int" else float(text)
            except ValueError:
                text = f.invalid or Message(NOT_A_NUMBER, label=f.label)
                parsed.errors.append(self.error(f.name, text))
            return
        parsed.data[f.name] = text if f.strip else raw

    def _read_date(self, f: F, form: ImmutableMultiDict[str, Any], parsed: Parsed) -> None:
        parts = {p: str(form.get(f"{f.posted}-{p}") or "").strip()[:10] for p in DATE_PARTS}
        parsed.values[f.name] = parts
        if not any(parts.values()):
            if f.required:
                parsed.errors.append(self.error(f.name, f.required))
            else:
                parsed.data[f.name] = None
            return
        missing = [p for p in DATE_PARTS if not parts[p]]
        if missing and f.incomplete:
            incomplete = Message(INCOMPLETE_DATE, label=f.label, missing=_MISSING[tuple(missing)])
            parsed.errors.append(self.error(f.name, incomplete))
            return
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
            if day.year < 1900:
                raise ValueError
        except ValueError:
            text = f.invalid or Message(NOT_A_DATE, label=f.label)
            parsed.errors.append(self.error(f.name, text))
            return
        parsed.data[f.name] = day

    # --- checking ----------------------------------------------------------------------

    def _message(self, err: Mapping[str, Any]) -> tuple[str, str]:
        loc = err.get("loc") or ()
        name = self.aliases.get(str(loc[0]), str(loc[0])) if loc else self.whole
        f = self.fields.get(name)
        kind = err.get("type", "")
        ctx = err.get("ctx") or {}
        label = f.label if f else THIS
        if kind in ("missing", "string_too_short", "too_short") and f and f.required:
            return name, f.required
        if kind == "string_too_long" and f and f.too_long:
            return name, f.too_long
        if kind == "string_too_long":
            most = ctx.get("max_length")
            return name, Message(TOO_LONG, label=label, most=f"{most:,}" if most else "")
        if kind == "value_error" and not (f and f.invalid):
            reason = inputs.reason(err)
            if isinstance(reason, Message):
                return name, reason
            return name, reason[:1].upper() + reason[1:]
        if f and f.invalid:
            return name, f.invalid
        if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            return name, Message(OUT_OF_RANGE, label=label)
        return name, Message(NOT_VALID, label=label, lower=["label"])

    def validate(self, model: type[M], parsed: Parsed, **extra: Any) -> M | None:
        """The service's input model, or None with the errors added to ``parsed``."""
        flagged = {e.get("href") for e in parsed.errors}
        try:
            result = model.model_validate(parsed.data | extra)
        except ValidationError as exc:
            for err in exc.errors():
                name, text = self._message(dict(err))
                error = self.error(name, text)
                if error.get("href") not in flagged or "href" not in error:
                    parsed.errors.append(error)
                    flagged.add(error.get("href"))
            result = None
        parsed.errors = self._sort(parsed.errors)
        return None if parsed.errors else result

    def attempt(self, session: Session, parsed: Parsed, call: Callable[[], T]) -> T | None:
        """Run the service call; a refusal becomes errors on ``parsed`` (and None).

        A stale version is kept on ``parsed`` for ``stale`` to show; any other conflict
        is an error message at the top of the form.
        """
        try:
            return call()
        except Invalid as exc:
            session.rollback()
            parsed.errors.append(self.error(exc.field, exc.message))
        except Conflict as exc:
            session.rollback()
            parsed.refusal = exc
            if is_stale(exc, parsed.version):
                parsed.stale_refusal = exc
            else:
                parsed.errors.append(self.error(self.whole, exc.message))
        return None

    def stale(
        self,
        session: Session,
        actor: Actor,
        parsed: Parsed,
        model: type[Any],
        record_id: uuid.UUID,
        entity: str,
        yours: BaseModel,
        display: Display = plain,
        theirs: Mapping[str, Any] | None = None,
    ) -> bool:
        """After a failed ``attempt``: fill in the stale-edit view, if that was the reason."""
        exc = parsed.stale_refusal
        if exc is None:
            return False
        parsed.conflict = conflict_view(
            session,
            actor,
            exc,
            model,
            record_id,
            entity=entity,
            fields=self.labels,
            yours=yours.model_dump(mode="json", exclude_unset=True),
            display=display,
            theirs=theirs,
        )
        parsed.values["version"] = parsed.conflict.version
        return True


def as_uuid(value: Any) -> uuid.UUID | None:
    """A chosen record's id, or None when the answer is not one."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def form_context(parsed: Parsed, **context: Any) -> dict[str, Any]:
    return {"values": parsed.values, "errors": parsed.errors, "conflict": parsed.conflict} | context
