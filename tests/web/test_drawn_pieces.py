"""Pieces of pages drawn once: a caseload's family cards for each state of a family's
facts, and a family page's parts that show only its view, once per view."""

from dataclasses import replace

from markupsafe import Markup

from app import i18n
from app.models.account import Role
from app.services.context import Actor
from app.services.views import caseload, reuse
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


def test_a_part_of_a_view_is_drawn_once_per_language() -> None:
    drawn: list[str] = []

    def macro(text: str) -> Markup:
        drawn.append(text)
        return Markup(f"<p>{len(drawn)}</p>")

    memo: dict[object, object] = {}
    i18n.activate("en")
    first = templating.drawn_once(memo, "part", macro, "a")
    assert templating.drawn_once(memo, "part", macro, "a") is first
    try:
        i18n.activate("cy")
        assert templating.drawn_once(memo, "part", macro, "a") != first
    finally:
        i18n.activate("en")
    assert drawn == ["a", "a"]
    assert templating.drawn_once({}, "part", macro, "a") == Markup("<p>3</p>")  # a new view


def test_the_family_page_draws_its_view_s_parts_once(world, web_as) -> None:
    web = web_as(world.lead_a)
    url = f"/families/{world.family_a.id}"
    first = web.get(url).text
    assert web.get(url).text == first
    views = [v for v in reuse.kept.views() if hasattr(v, "drawn")]
    assert views and {k[0] for k in views[0].drawn if isinstance(k, tuple)} == {
        "where_things_stand",
        "stage_of_change",
    }


def test_the_navigation_is_drawn_once_per_role_page_form_token_and_language() -> None:
    i18n.activate("en")
    caseload_nav = templating.navigation(Role.social_worker, "caseload", "token-one")
    assert templating.navigation(Role.social_worker, "caseload", "token-one") is caseload_nav
    assert 'aria-current="page"' in caseload_nav and 'value="token-one"' in caseload_nav
    # another person's form token is in their own sign-out form, never in this one
    other = templating.navigation(Role.social_worker, "caseload", "token-two")
    assert 'value="token-two"' in other and "token-one" not in other
    lead = templating.navigation(Role.team_lead, "team", "token-one")
    assert lead != caseload_nav and 'href="/team"' in lead
    signed_out = templating.navigation(None, None, None)
    assert "sign-out" not in signed_out
    try:
        i18n.activate("cy")
        assert templating.navigation(Role.social_worker, "caseload", "token-one") != caseload_nav
    finally:
        i18n.activate("en")
