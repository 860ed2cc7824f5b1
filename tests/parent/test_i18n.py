"""English and Welsh: a complete Welsh catalogue, every fixed string extracted and marked."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import nodes

from app.i18n import TRANSLATIONS_DIR
from app.web.templating import templates

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
# the parent portal, the shared layout, the information pages, and the pages a parent
# passes through to sign in (sign-in, two-step, set a password, forgotten password), set
# up two-step sign-in on, or meet when something goes wrong: every fixed word in them is
# translatable
MARKED = [
    *sorted(p.relative_to(TEMPLATES).as_posix() for p in (TEMPLATES / "parent").glob("*.html")),
    *sorted(p.relative_to(TEMPLATES).as_posix() for p in (TEMPLATES / "info").glob("*.html")),
    "account/forgotten_password.html",
    "account/forgotten_sent.html",
    "account/change_password.html",
    "account/link_expired.html",
    "account/set_password.html",
    "account/two_step.html",
    "account/two_step_enrol.html",
    "account/two_step_on.html",
    "account/two_step_start.html",
    "account/recovery_codes.html",
    "errors/error.html",
    "sign_in.html",
    "base.html",
    "macros/layout.html",
    "sign_in.html",
]
# parameters of GOV.UK macros that become visible text
TEXT_KEYS = {
    "text",
    "html",
    "titleText",
    "logoText",
    "serviceName",
    "navigationLabel",
    "landmarkLabel",
    "activatedText",
    "timedOutText",
    "pressTwoMoreTimesText",
    "pressOneMoreTimeText",
}


def _catalogue(language: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_welsh_message_is_translated() -> None:
    catalogue = _catalogue("cy")
    missing = [
        m.id
        for m in catalogue
        if m.id
        and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string.strip()))
    ]
    assert missing == [], f"no Welsh for: {missing}"
    assert len(catalogue) > 100


def test_catalogues_match_the_extracted_strings() -> None:
    extracted = _extracted()
    for language in ("en", "cy"):
        ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalogue(language) if m.id}
        assert extracted - ids == set(), f"{language}: not in the catalogue (run pybabel update)"
        assert ids - extracted == set(), f"{language}: no longer used"


def _unmarked_in(source: str) -> list[str]:
    """Visible words in a template that do not go through gettext."""
    found = []
    # the template's own text, with a marker wherever Jinja code stood
    pieces, in_code = [], False
    for _, token, value in templates.env.lex(source):
        if token == "data":
            pieces.append(value)
            in_code = False
        elif not in_code:
            pieces.append("\x00")
            in_code = True
    bare = "".join(pieces)
    for attribute in re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', bare):
        if re.search(r"[A-Za-z]{2,}", attribute):
            found.append(attribute)
    text = re.sub(r"<!--.*?-->|<[^>]*>|&[a-z]+;|&#\d+;", " ", bare, flags=re.S)
    found += [w for w in re.split(r"\s*\x00\s*|\n", text) if re.search(r"[A-Za-z]{2,}", w)]
    for pair in templates.env.parse(source).find_all(nodes.Pair):
        key, value = pair.key, pair.value
        if (
            isinstance(key, nodes.Const)
            and key.value in TEXT_KEYS
            and isinstance(value, nodes.Const)
            and isinstance(value.value, str)
            and re.search(r"[A-Za-z]{2,}", value.value)
        ):
            found.append(value.value)
    return [w.strip() for w in found]


def test_every_fixed_string_is_marked_for_translation() -> None:
    loader = templates.env.loader
    assert loader is not None
    unmarked = {name: _unmarked_in(loader.get_source(templates.env, name)[0]) for name in MARKED}
    assert {name: words for name, words in unmarked.items() if words} == {}


def test_the_check_finds_unmarked_text() -> None:
    source = (
        '<p class="x">Hello there</p><img alt="A chart">'
        "{{ govukTag({'text': 'Done'}) }}{{ _('Fine') }}{# a note #}"
    )
    assert _unmarked_in(source) == ["A chart", "Hello there", "Done"]


def test_one_time_format_for_staff_and_parents() -> None:
    from datetime import UTC, datetime

    from app import i18n
    from app.web.labels import date_time

    late = datetime(2026, 11, 30, 23, 20, tzinfo=UTC)  # GMT: 11:20pm in London
    summer = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)  # BST: 9:05am in London
    i18n.activate("en")
    assert i18n.moment(late) == date_time(late) == "30 November 2026 at 11:20pm"
    assert i18n.moment(summer) == "1 July 2026 at 9:05am"
    i18n.activate("cy")
    try:
        assert i18n.moment(late) == "30 Tachwedd 2026 am 11:20yh"
    finally:
        i18n.activate("en")
