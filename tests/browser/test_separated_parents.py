"""Two parents of one separated family, each on a phone (375 px): each sees only their own
records, and axe-core with all its rules (best practice included, not only WCAG: see
``helpers.check_a11y``) finds nothing on any page they visit, in English and in Welsh.

Jo (mother) and Lee (father) share the goal "Keep the home safe"; each has a goal of
their own with a shared report on it, a stage-of-change rating, and a police report
about them alone shared with the family.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from app.models.account import User
from app.models.evidence import (
    CaseEvent,
    EventSource,
    Stage,
    StageRating,
    Visibility,
)
from app.models.plan import Goal, Milestone, MilestoneStatus
from tests import factories
from tests.browser.conftest import Pages
from tests.browser.helpers import PHONE, check_a11y, sign_in
from tests.factories import World

pytestmark = pytest.mark.browser

TODAY = date.today()


@dataclass
class Own:
    """What is one parent's alone."""

    goal: Goal
    markers: tuple[str, ...]


def _own(session: Session, w: World, member, name: str) -> Own:  # type: ignore[no-untyped-def]
    goal = factories.goal(session, w.assessment_a, [member], title=f"{name}'s own goal: courses")
    report = f"Course report about {name} alone"
    factories.entry(session, goal, w.worker_a, observation=report, score=-1)
    rating = f"{name} talks about what needs to change"
    session.add(
        StageRating(
            family_id=w.family_a.id,
            member_id=member.id,
            occurred_on=TODAY - timedelta(days=3),
            recorded_by_id=w.worker_a.id,
            visibility=Visibility.shared,
            stage=Stage.preparation,
            motivation=6,
            ability=5,
            note=rating,
        )
    )
    police = f"Police report about {name} after an incident in town"
    session.add(
        CaseEvent(
            family_id=w.family_a.id,
            member_id=member.id,
            occurred_on=TODAY - timedelta(days=2),
            recorded_by_id=w.worker_a.id,
            visibility=Visibility.shared,
            source=EventSource.police,
            what_happened=police,
            significance_for_child="The children were at home.",
        )
    )
    session.add(
        Milestone(
            goal_id=goal.id,
            family_id=w.family_a.id,
            description=f"{name} starts the course",
            due_on=TODAY - timedelta(days=10),
            status=MilestoneStatus.missed,
        )
    )
    return Own(goal, (goal.title, report, rating, police))


@pytest.fixture
def separated(session: Session, world: World) -> tuple[Own, Own]:
    mother = _own(session, world, world.mother_a, "Jo")
    father = _own(session, world, world.father_a, "Lee")
    session.commit()
    return mother, father


def _visit(page: Page, state: str) -> str:
    check_a11y(page, state)
    return page.content()


def _walk(page: Page, who: str) -> str:
    """Every page the parent can reach from their plan; all the text they were shown."""
    seen = [_visit(page, f"{who}: your plan")]
    goals = page.locator("a[href^='/your-plan/goals/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert goals
    for href in goals:
        page.goto(href)
        seen.append(_visit(page, f"{who}: a goal"))
    # a view with its error, then added
    page.locator("#add-your-view").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    seen.append(_visit(page, f"{who}: a goal, view refused"))
    page.goto("/your-progress")
    seen.append(_visit(page, f"{who}: your progress"))
    entries = page.locator("a[href^='/your-progress/entries/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for href in entries:
        page.goto(href)
        seen.append(_visit(page, f"{who}: a note"))
    for path in ("/accessibility", "/contact", "/account/password"):
        page.goto(path)
        seen.append(_visit(page, f"{who}: {path}"))
    return "\n".join(seen)


def _one_parent(pages: Pages, user: User, mine: Own, theirs: Own, who: str) -> None:
    page = pages.new(PHONE)
    sign_in(page, user.email)
    shown = _walk(page, who)
    for marker in mine.markers:
        assert marker.replace("'", "&#39;") in shown or marker in shown, marker
    leaked = [m for m in theirs.markers if m in shown or m.replace("'", "&#39;") in shown]
    assert leaked == [], f"{who} was shown the other parent's records: {leaked}"
    # and in Welsh: the same pages, the same rules
    page.goto("/your-plan")
    page.locator("#language-cy").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    welsh = _walk(page, f"{who} (Cymraeg)")
    assert [m for m in theirs.markers if m in welsh] == []


def test_the_mother_sees_only_hers(pages: Pages, world: World, separated: tuple[Own, Own]) -> None:
    mother, father = separated
    _one_parent(pages, world.parent_a, mother, father, "Jo")


def test_the_father_sees_only_his(pages: Pages, world: World, separated: tuple[Own, Own]) -> None:
    mother, father = separated
    _one_parent(pages, world.parent_a2, father, mother, "Lee")
