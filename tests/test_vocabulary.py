"""Every coded value has words for every audience, from the one vocabulary."""

import enum
import importlib
import inspect
import pkgutil

import pytest

import app.models
from app import i18n, vocabulary
from app.models.evidence import Source, Stage
from app.models.family import LegalStatus
from app.models.review import ReviewKind


def _model_enums() -> list[type[enum.Enum]]:
    """Every enum defined in app.models, found by walking the package."""
    found: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.walk_packages(app.models.__path__, "app.models."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, enum.Enum) and cls.__module__.startswith("app.models"):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return sorted(found.values(), key=lambda c: c.__name__)


ENUMS = _model_enums()


def test_the_walk_finds_the_enums() -> None:
    assert len(ENUMS) >= 20
    assert {Source, Stage, LegalStatus, ReviewKind} <= set(ENUMS)


@pytest.mark.parametrize("of", ENUMS, ids=lambda c: c.__name__)
def test_every_member_has_words_for_every_audience(of: type[enum.Enum]) -> None:
    assert of in vocabulary.TABLES, f"{of.__name__} has no words"
    table = vocabulary.TABLES[of]
    assert set(table) == {m.value for m in of}, "words for values the enum does not have"
    for member in of:
        for reader in vocabulary.READERS:
            said = vocabulary.words(member, reader=reader)
            assert said.strip(), (member, reader)
            assert said == vocabulary.words(member.value, of, reader)  # stored string too
        for language in i18n.LANGUAGES:
            i18n.activate(language)
            try:
                assert vocabulary.parent(member).strip()
            finally:
                i18n.activate(None)


def test_parent_words_are_translated() -> None:
    i18n.activate("cy")
    try:
        assert vocabulary.parent(Source.home_visit) == "Ymweliad cartref"
        assert vocabulary.parent("drug_test", "Source") == "Canlyniad prawf"
    finally:
        i18n.activate(None)
    assert vocabulary.parent(Source.drug_test) == "Test result"


def test_staff_and_court_agree_except_the_stages_of_change() -> None:
    differ = [
        (of.__name__, m.value)
        for of in ENUMS
        for m in of
        if vocabulary.staff(m) != vocabulary.court(m)
    ]
    assert {name for name, _ in differ} <= {"Stage"}
    assert vocabulary.staff(Source.drug_test) == vocabulary.court(Source.drug_test)
    assert vocabulary.court(Source.drug_test) == "Drug or alcohol test"


def test_unknown_codes_read_as_themselves_and_strings_need_their_enum() -> None:
    assert vocabulary.staff("made_up", Source) == "Made up"
    with pytest.raises(TypeError):
        vocabulary.staff("drug_test")


def test_words_in_a_sentence_keep_acronyms() -> None:
    assert vocabulary.in_sentence("Care proceedings") == "care proceedings"
    assert vocabulary.in_sentence("PLO review meeting") == "PLO review meeting"
    assert vocabulary.choices(LegalStatus)[0] == ("child_in_need", "Child in need")
