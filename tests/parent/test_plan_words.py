"""The plan in the parent's words: "you", a status for every step, whom to call, where
to get independent advice, and the child's timescale in one plain sentence."""

import io
import re
from datetime import date, timedelta
from html import unescape

import pypdf
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import get_settings
from app.demo.build import TEMPLATES
from app.models.plan import Milestone, MilestoneState, MilestoneStatus
from app.services.plan.milestones import milestone_state
from app.services.views.parent_help import StepStatus, step_statuses
from tests import factories
from tests.factories import World
from tests.parent.helpers import sign_in

TODAY = date.today()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _by_id(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(p|dd|span|ul)>', html, flags=re.S)
    assert found, f"no #{element_id}"
    return _text(found.group(1))


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def test_a_goal_speaks_to_the_parent_and_names_the_other_parent_only_on_joint_goals(
    client: TestClient, session: Session, world: World
) -> None:
    own = factories.goal(session, world.assessment_a, [world.mother_a], title="Jo's own goal")
    his = factories.goal(session, world.assessment_a, [world.father_a], title="Lee's own goal")
    his_shared = factories.goal(
        session, world.assessment_a, [world.father_a], title="Lee's goal shown to both"
    )
    his_shared.shared_with_all_parents = True
    session.add(his_shared)
    session.commit()
    sign_in(client, session, world.parent_a)
    page = client.get("/your-plan").text
    joint = _by_id(page, f"for-whom-{world.goal_a.id}")
    assert joint == "This goal is for you and Lee to work on."
    assert _by_id(page, f"for-whom-{own.id}") == "This goal is for you to work on."
    shared = _by_id(page, f"for-whom-{his_shared.id}")
    assert "you" in shared and "Lee" not in shared
    assert f"for-whom-{his.id}" not in page and "Lee's own goal" not in page
    # the goal's own page says the same
    goal_page = client.get(f"/your-plan/goals/{world.goal_a.id}").text
    assert _by_id(goal_page, f"for-whom-{world.goal_a.id}") == joint


def test_the_father_reads_the_joint_goal_as_his_with_jo(
    client: TestClient, session: Session, world: World
) -> None:
    sign_in(client, session, world.parent_a2)
    page = client.get("/your-plan").text
    assert _by_id(page, f"for-whom-{world.goal_a.id}") == "This goal is for you and Jo to work on."


def test_demo_goals_say_why_they_matter_to_the_parent_as_you() -> None:
    """The demo's goals spoke of the parent by name: "…only help Theo and Lily if Gemma
    takes part". Their reasons are written to the parent."""
    third_person = [t.key for t in TEMPLATES if "{parent}" in t.why]
    assert third_person == []


def _milestone(session: Session, world: World, text: str, due: date, status=None) -> Milestone:
    m = Milestone(
        goal_id=world.goal_a.id,
        family_id=world.family_a.id,
        description=text,
        due_on=due,
        status=status or MilestoneStatus.pending,
    )
    if status == MilestoneStatus.achieved:
        m.achieved_on = due
    session.add(m)
    return m


def test_every_step_has_a_status_from_the_one_rule(
    client: TestClient, session: Session, world: World
) -> None:
    """Past dates had no status, and "Step 4 of 5" sat beside "Missed" steps."""
    world.milestone_a.status = MilestoneStatus.cancelled  # not shown to the family
    session.add(world.milestone_a)
    steps = [
        _milestone(
            session, world, "Bedrooms cleared", TODAY - timedelta(days=30), MilestoneStatus.achieved
        ),
        _milestone(
            session, world, "Kitchen safe", TODAY - timedelta(days=20), MilestoneStatus.missed
        ),
        _milestone(session, world, "Stairgate fitted", TODAY - timedelta(days=2)),
        _milestone(session, world, "Smoke alarm checked", TODAY + timedelta(days=5)),
        _milestone(session, world, "Garden tidied", TODAY + timedelta(days=25)),
    ]
    session.commit()
    statuses = step_statuses(steps, TODAY)
    assert statuses == [
        StepStatus.done,
        StepStatus.missed,
        StepStatus.late,
        StepStatus.next,
        StepStatus.due,
    ]
    # late exactly where staff see "Overdue"
    overdue = [milestone_state(m, TODAY) == MilestoneState.overdue for m in steps]
    assert overdue == [s == StepStatus.late for s in statuses]
    sign_in(client, session, world.parent_a)
    for path in ("/your-plan", f"/your-plan/goals/{world.goal_a.id}"):
        page = client.get(path).text
        shown = [_by_id(page, f"step-when-{m.id}") for m in steps]
        assert shown[0].startswith("Done on")
        assert shown[1].startswith("This was due by")
        assert shown[2].startswith("This was due by") and "will talk to you" in shown[2]
        assert shown[3].startswith("Due by") and shown[4].startswith("Due by")
        text = _text(page)
        for tag in ("Done", "Missed", "Late", "Next", "To do"):
            assert tag in text
        assert len(re.findall(r'class="govuk-tag[^"]*">\s*Next\s*<', page)) == 1
        # the scale is in levels, so "step" means only a step towards the goal
        assert not re.search(r"Step \d of 5", text)
        assert re.search(r"Level \d of 5", text)


def test_the_plan_and_its_pdf_say_whom_to_call_and_where_to_get_advice(
    client: TestClient, session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "team_phone", "01632 960 444")
    monkeypatch.setattr(settings, "team_hours", "Monday to Thursday, 8am to 6pm")
    monkeypatch.setattr(settings, "advice_line_phone", "0808 157 0999")
    sign_in(client, session, world.parent_a)
    page = client.get("/your-plan").text
    worker = _by_id(page, "contact-worker")
    assert "Your social worker is Sam Okoro." in worker and "01632 960 444" in worker
    assert "Monday to Thursday, 8am to 6pm" in _by_id(page, "contact-hours")
    assert "Get independent advice" in page
    assert settings.solicitor_advice in _text(page)
    assert settings.advice_line_name in page
    assert "0808 157 0999" in _by_id(page, "advice-line-phone")
    pdf = _pdf_text(client.get("/your-plan.pdf").content)
    for words in (
        "Your social worker is Sam Okoro.",
        "01632 960 444",
        "Monday to Thursday, 8am to 6pm",
        "Get independent advice",
        settings.advice_line_name,
        "0808 157 0999",
    ):
        assert words in pdf, words


def test_the_childs_timescale_is_one_plain_sentence(
    client: TestClient, session: Session, world: World
) -> None:
    """The page said "a decision about your child must be made… 4 weeks from now" in pieces."""
    sign_in(client, session, world.parent_a)
    page = client.get("/your-plan").text
    sentence = _by_id(page, "decision-date")
    assert len(re.findall(r"[.!?](\s|$)", sentence)) == 1, sentence
    assert "your child" in sentence and "from now" in sentence
    decision = world.assessment_a.decision_date
    assert decision is not None and f"{decision.day} {decision:%B %Y}" in sentence
