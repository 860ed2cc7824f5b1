"""One typography for every page and report: dates, GAS levels and signed figures.

Every renderer (the PDF, the Word document, the CSV and the pages) writes these
values through the functions here, so a court reads "3 August 2026", "+1", "0"
and "−2" (a true minus sign, U+2212) everywhere, never "03 August", "+0" or "-2".
"""

import re
from datetime import date, datetime
from functools import lru_cache

from app import clock

MINUS = "\u2212"


def long_date(value: date | datetime | None) -> str:
    """3 August 2026: no leading zero; a moment is dated by the UK clock; nothing for None."""
    if value is None:
        return ""
    return _long_date(clock.local_date(value))


@lru_cache(maxsize=4096)
def _long_date(value: date) -> str:
    # strftime's month name is slow, and a page shows the same few dates many times
    return f"{value.day} {value:%B %Y}"


def signed(level: int) -> str:
    """A GAS level or a change of level: +1, 0, −1."""
    if level > 0:
        return f"+{level}"
    return "0" if level == 0 else f"{MINUS}{-level}"


def signed_decimal(value: float, places: int = 2) -> str:
    """A signed figure such as a trend: +0.25, 0.00, −0.10 (a value that rounds to 0 is
    written without a sign)."""
    text = f"{abs(value):.{places}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def figure(value: object) -> str:
    """Any value as a report prints it: dates long, negative numbers with a minus sign."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return long_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int) and value < 0:
        return f"{MINUS}{-value}"
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace("-", MINUS, 1) if value < 0 else text
    return str(value)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PADDED_DAY = re.compile(rf"\b0([1-9]) ({_MONTHS}) (\d{{4}})\b")
_PLUS_ZERO = re.compile(r"(?<![\w.])\+0(?![\d.])")
_HYPHEN_MINUS = re.compile(r"(?<![\w.−-])-(\d)")


def tidy(generated: str) -> str:
    """Text CCT itself wrote into an older record ("+0 on 03 August 2026, -2 on …"), in
    the one typography. Never for what a person wrote: their words are evidence as written."""
    text = _PADDED_DAY.sub(r"\1 \2 \3", generated)
    text = _PLUS_ZERO.sub("0", text)
    return _HYPHEN_MINUS.sub(MINUS + r"\1", text)
