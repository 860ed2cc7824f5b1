"""The one rule for reading a page's filters from its address.

A filter is a GET form read with the form framework. Every value is checked
against what it may be: one of the page's choices (a role, a team, a goal, a
list), a date, a page number. A value that is none of these is never dropped
in silence: the page answers 422 with the GOV.UK error summary and the message
beside that filter, shows the value as typed, and still applies the other
filters. The JSON API reads the same filters as typed query parameters, so a
bad one there answers 422 naming the parameter.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.datastructures import ImmutableMultiDict

from app.web.forms import DATE_PARTS, Errors, F, Form, Parsed

PAGE_MAX = 10_000
PAGE = F("page", "Page", kind="int", invalid=f"The page must be a number from 1 to {PAGE_MAX:,}")


def read(
    form: Form,
    params: ImmutableMultiDict[str, Any],
    choices: Mapping[str, Iterable[object]] | None = None,
    *,
    strict: bool = True,
) -> Parsed:
    """The filters in ``params``: ``data`` holds the valid ones, ``errors`` the others.

    ``choices`` gives the answers a filter may take when only the page knows them
    (the teams there are, the workers of the team); they are compared as text.
    ``strict``: a parameter that is not one of the page's filters is an error too.
    """
    parsed = form.parse(params)
    if strict:
        parsed.errors.extend(_unknown(form, params))
    for name, allowed in (choices or {}).items():
        value = parsed.data.get(name)
        if value is not None and str(value) not in {str(a) for a in allowed}:
            del parsed.data[name]
            parsed.errors.append(form.error(name, _invalid(form.fields[name])))
    page = parsed.data.get("page")
    if "page" in form.fields and page is not None and not 1 <= page <= PAGE_MAX:
        del parsed.data["page"]
        parsed.errors.append(form.error("page", form.fields["page"].invalid))
    parsed.errors = form.in_order(parsed.errors)
    return parsed


def _names(form: Form) -> set[str]:
    names: set[str] = set()
    for f in form.fields.values():
        if f.kind == "date":
            names.update(f"{f.posted}-{part}" for part in DATE_PARTS)
        else:
            names.add(f.posted)
    return names


def _unknown(form: Form, params: ImmutableMultiDict[str, Any]) -> Errors:
    known = _names(form)
    strangers = sorted({key for key in params if key not in known})
    if not strangers:
        return []
    shown = ", ".join(f"‘{key[:40]}’" for key in strangers[:3])
    return [{"text": f"This page has no filter called {shown}: remove it from the address"}]


def status(parsed: Parsed) -> int:
    """422 for a page asked for with a filter that is not valid."""
    return 422 if parsed.errors else 200


def _invalid(f: F) -> str:
    return f.invalid or f"Choose {f.label.lower()} from the list"


def choice(name: str, label: str, options: Iterable[str] = (), invalid: str = "") -> F:
    """A filter that takes one of a list of answers (blank: any)."""
    return F(
        name,
        label,
        kind="choice",
        choices=tuple(options),
        invalid=invalid or f"Choose {label.lower()} from the list",
    )


__all__ = ["PAGE", "PAGE_MAX", "choice", "read", "status"]
