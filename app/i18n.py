"""English and Welsh: message catalogues and the language of the current request.

Catalogues live in app/translations/<lang>/LC_MESSAGES/messages.po; the .mo files
are compiled from them by ``make install`` (``pybabel compile``), or in memory on
first use when missing or older than the .po. The language of a page is the signed-in
user's choice, or a cookie before sign-in; it is held in a context variable for the
request, so templates, macros and Python code all translate alike.
"""

import io
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from app import clock

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DEFAULT = "en"
# the code, and the language's name in that language (as shown in the switch)
LANGUAGES = {"en": "English", "cy": "Cymraeg"}

_LOCALES = {"en": "en_GB", "cy": "cy_GB"}

_current: ContextVar[str] = ContextVar("cct_language", default=DEFAULT)


def normalise(code: str | None) -> str:
    """A language we have, from a stored or submitted code; anything else is English."""
    code = (code or "").strip().lower()[:8]
    return code if code in LANGUAGES else DEFAULT


def _compiled(po_path: Path) -> io.BytesIO:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    out = io.BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return out


@lru_cache
def translations(code: str) -> NullTranslations:
    folder = TRANSLATIONS_DIR / code / "LC_MESSAGES"
    po_path, mo_path = folder / "messages.po", folder / "messages.mo"
    if not po_path.exists():
        return NullTranslations()
    if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
        # not compiled yet (or edited since): compile in memory, write nothing
        return Translations(_compiled(po_path), domain="messages")
    with mo_path.open("rb") as mo_file:
        return Translations(mo_file, domain="messages")


def activate(code: str | None) -> str:
    """Make ``code`` the language of the current request; returns the code used."""
    code = normalise(code)
    _current.set(code)
    return code


def current() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(translations(current()).pgettext(context, message))


def N_(message: str) -> str:
    """Mark a string for the catalogue; it is translated later, where it is shown."""
    return message


def install(env: Any) -> None:
    """Give a Jinja environment (with ``jinja2.ext.i18n``) the request's language."""
    callables: dict[str, Callable[..., str]] = {"gettext": gettext, "ngettext": ngettext}
    env.install_gettext_callables(pgettext=pgettext, newstyle=True, **callables)
    env.globals["current_language"] = current
    env.globals["languages"] = LANGUAGES
    env.filters["translate_text"] = translate_text
    env.filters["tr"] = translated
    env.filters["day"] = day
    env.filters["moment"] = moment


def day(value: date | datetime | None) -> str:
    """3 December 2025, in the request's language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local_date(value)
    return _day(value, current())


@lru_cache(maxsize=4096)
def _day(value: date, language: str) -> str:
    # Babel's formatting is slow, and a page shows the same few dates many times
    return str(format_date(value, "d MMMM y", locale=_LOCALES[language]))


def short_day(value: date) -> str:
    """3 Dec 25, in the request's language (a chart's axis)."""
    return str(format_date(value, "d MMM yy", locale=_LOCALES[current()]))


# the GOV.UK style for times: 12-hour, no space, no leading zero (2:05pm)
_AT = {"en": ("at", "am", "pm"), "cy": ("am", "yb", "yh")}


def moment(value: datetime | None) -> str:
    """3 December 2025 at 2:05pm (UK time), in the request's language: the one time format
    of every page, for staff and parents alike."""
    if value is None:
        return ""
    local = clock.local_time(value)
    at, morning, afternoon = _AT[current()]
    hour = local.hour % 12 or 12
    suffix = morning if local.hour < 12 else afternoon
    return f"{day(local)} {at} {hour}:{local:%M}{suffix}"


class Message(str):
    """A message made from a template and its parts, translated where it is shown.

    ``Message(N_("%(label)s must be a number"), label=N_("Code"))`` reads as its English
    text wherever a string is wanted (the API, logs, comparisons); ``translated`` (the
    error summary, the message beside a field) makes it again in the request's language:
    the template and each text part through the catalogue, dates as that language writes
    them. Parts named in ``lower`` are lower-cased after translation ("for code").
    """

    template: str
    parts: dict[str, Any]
    lowered: frozenset[str]

    def __new__(cls, template: str, *, lower: Iterable[str] = (), **parts: Any) -> "Message":
        lowered = frozenset(lower)
        made = super().__new__(cls, _compose(template, parts, lowered, DEFAULT))
        made.template, made.parts, made.lowered = template, parts, lowered
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_remade, (self.template, tuple(self.lowered), self.parts))

    def in_language(self, language: str) -> str:
        return _compose(self.template, self.parts, self.lowered, language)


def _remade(template: str, lower: tuple[str, ...], parts: dict[str, Any]) -> Message:
    return Message(template, lower=lower, **parts)


def _compose(template: str, parts: dict[str, Any], lower: frozenset[str], language: str) -> str:
    catalogue = translations(language)

    def part(name: str, value: Any) -> str:
        if isinstance(value, Message):
            text = value.in_language(language)
        elif isinstance(value, date):
            text = _day(clock.local_date(value) if isinstance(value, datetime) else value, language)
        elif isinstance(value, str) and value:
            text = catalogue.gettext(value)
        else:
            text = str(value)
        return text.lower() if name in lower else text

    return catalogue.gettext(template) % {name: part(name, v) for name, v in parts.items()}


def translate_text(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Translate the ``text`` of each item (navigation links, error summaries built in
    Python); text the catalogue does not hold stays as it is."""
    return [{**item, "text": translated(item["text"])} for item in items if item]


def translated(text: Any) -> Any:
    """A message made in Python (marked with ``N_``, or a ``Message``), in the request's
    language.

    Text that is not in the catalogue (or not text) comes back unchanged.
    """
    if isinstance(text, Message):
        return text.in_language(current())
    if not isinstance(text, str) or not text:
        return text
    return gettext(text)


# words the shared layout takes from app.web.labels.NAVIGATION, so the catalogue holds them
LAYOUT_WORDS = (
    N_("My caseload"),
    N_("Team dashboard"),
    N_("Your plan"),
    N_("Accounts"),
    N_("Password requests"),
)
