"""A caseload's family cards are drawn once for each state of a family's facts."""

from dataclasses import replace

from app import i18n
from app.services.context import Actor
from app.services.views import caseload
from app.web import templating


def test_equal_facts_share_a_card_and_changed_facts_get_their_own(session, world) -> None:
    facts = caseload.my_caseload(session, Actor(world.worker_a)).items[0]
    i18n.activate("en")
    card = templating.family_card(facts)
    assert facts.family_name in card and facts.case_reference in card
    assert templating.family_card(replace(facts)) is card  # equal facts, the same card
    renamed = templating.family_card(replace(facts, family_name="Ollerton family"))
    assert "Ollerton family" in renamed and facts.family_name not in renamed
    commented = templating.family_card(replace(facts, new_comments=3))
    assert "3 new comments" in commented and "3 new comments" not in card


def test_a_card_is_drawn_in_each_language(session, world) -> None:
    facts = caseload.my_caseload(session, Actor(world.worker_a)).items[0]
    i18n.activate("en")
    english = templating.family_card(facts)
    try:
        i18n.activate("cy")
        welsh = templating.family_card(facts)
    finally:
        i18n.activate("en")
    assert welsh is not english
    assert templating.family_card(facts) is english
