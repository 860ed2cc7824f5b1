"""What a Welsh page still says in English: the check the Welsh page tests share.

A page fails when visible text outside a ``lang="en"`` element
- is an English message of the catalogue with no Welsh for it, or one that has Welsh
  (shown in English, it was not translated when the page was made),
- holds the fixed words of a message with placeholders (a composed message left in
  English), or
- reads as English (holds a common English word), which catches words never
  marked for translation at all.

A page whose ``<html>`` is not marked ``lang="cy"`` fails whatever it says. Codes, keys
and other machine text in ``<code>`` elements belong to no language.
"""

import re
from functools import lru_cache
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from app.i18n import TRANSLATIONS_DIR

# common English words that are not Welsh words
ENGLISH = {
    "the", "your", "you", "and", "is", "are", "this", "that", "what", "with", "has",
    "have", "will", "not", "for", "of", "to", "be", "was", "by", "on", "it", "there",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@lru_cache
def catalogue(language: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def _untranslated() -> set[str]:
    """English messages with no Welsh."""
    whole: set[str] = set()
    for m in catalogue("cy"):
        if not m.id or "%(" in str(m.id):
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(s.strip() for s in strings):
            whole |= {e.strip() for e in (m.id if isinstance(m.id, tuple) else (m.id,))}
    return whole


def _fixed_words() -> list[str]:
    """The fixed words of every message with placeholders, translated or not: on a Welsh
    page they show a composed message left in English."""
    pieces: list[str] = []
    for m in catalogue("cy"):
        for english in m.id if isinstance(m.id, tuple) else (m.id,):
            if english and ("%(" in english or "{" in english):
                pieces += [p.strip() for p in re.split(r"%\(\w+\)\w|\{\w+\}", english)]
    return [p for p in pieces if len(p) >= 12]


class _Visible(HTMLParser):
    """Visible text outside ``lang="en"`` elements (the SVG charts' words included)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.page_languages: list[str | None] = []
        self._stack: list[tuple[str, bool]] = []

    def _english(self) -> bool:
        return any(english for _, english in self._stack)

    def _hidden(self) -> bool:
        # scripts, styles, and codes or keys to copy (letters and digits in no language)
        return any(tag in ("script", "style", "code") for tag, _ in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.page_languages.append(found.get("lang"))
            return
        for name in ("aria-label", "title", "alt", "placeholder"):
            if found.get(name) and not self._english():
                self.found.append(str(found[name]))
        if tag not in VOID:
            self._stack.append((tag, found.get("lang") == "en"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if text and not self._english() and not self._hidden():
            self.found.append(text)


def _translated_english() -> set[str]:
    """English messages the catalogue has Welsh for: shown as they are, they were not
    translated when the page was made."""
    return {
        m.id
        for m in catalogue("cy")
        if m.id and isinstance(m.id, str) and m.string and m.string != m.id and "%(" not in m.id
    }


def english_left(html: str) -> list[str]:
    """What a Welsh page still says in English that it should not."""
    whole, pieces = _untranslated() | _translated_english(), _fixed_words()
    parser = _Visible()
    parser.feed(html)
    # a whole page marked English is English, however Welsh its words
    left = [f"<html lang={lang}>" for lang in parser.page_languages if lang != "cy"]
    for text in parser.found:
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        if text in whole or any(piece in text for piece in pieces) or words & ENGLISH:
            left.append(text)
    return left
