"""The portal's fixed English text is easy to read: Flesch reading ease of 60 or more.

Each page is rendered for a family whose every data field is the placeholder
"Xx", which is then dropped, so only the fixed text is scored. Run with -s to
see the scores.
"""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
import textstat
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.account import Role, Team
from app.models.evidence import Visibility
from app.models.plan import Consequence, Milestone, MilestoneStatus, Reward
from tests import factories
from tests.parent.helpers import sign_in

PLACEHOLDER = "Xx"
MINIMUM = 60


class _Text(HTMLParser):
    """Visible text, one piece per element; skips scripts, styles and drawings."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.pieces.append(data.strip())


def fixed_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    sentences = []
    for piece in parser.pieces:
        piece = re.sub(
            rf"\b{PLACEHOLDER}\b|\d[\d,]*|January|February|March|April|May|June|"
            r"July|August|September|October|November|December",
            " ",
            piece,
        )
        piece = re.sub(r"\s+", " ", piece).strip(" ·|:,")
        if re.search(r"[A-Za-z]{2,}", piece):
            # each heading, label or paragraph reads as a sentence of its own
            sentences.append(piece if piece[-1] in ".?!" else piece + ".")
    return " ".join(sentences)


@pytest.fixture
def minimal(session: Session) -> dict[str, object]:
    team = Team(name=PLACEHOLDER)
    session.add(team)
    session.flush()
    worker = factories.user(session, PLACEHOLDER, Role.social_worker, team)
    family = factories.family(session, team, "R-1", PLACEHOLDER, worker)
    member = factories.member(session, family, PLACEHOLDER, relationship=PLACEHOLDER)
    parent = factories.user(session, "Xx Parent", Role.parent, member=member)
    parent.display_name = PLACEHOLDER
    goal = factories.goal(session, factories.assessment(session, family), [member])
    for name in (
        "domain",
        "title",
        "why_it_matters",
        "level_minus_2",
        "level_minus_1",
        "level_0",
        "level_plus_1",
        "level_plus_2",
    ):
        setattr(goal, name, PLACEHOLDER)
    milestone = Milestone(
        goal_id=goal.id,
        family_id=family.id,
        description=PLACEHOLDER,
        due_on=date.today() + timedelta(days=20),
    )
    # a step of every status: done, missed, late (its date passed), next, due later
    steps = [
        Milestone(
            goal_id=goal.id,
            family_id=family.id,
            description=PLACEHOLDER,
            due_on=date.today() + timedelta(days=days),
            status=status,
            achieved_on=date.today() if status == MilestoneStatus.achieved else None,
        )
        for days, status in (
            (-30, MilestoneStatus.achieved),
            (-20, MilestoneStatus.missed),
            (-3, MilestoneStatus.pending),
            (40, MilestoneStatus.pending),
        )
    ]
    session.add_all([parent, goal, milestone, *steps])
    session.flush()
    session.add(Reward(family_id=family.id, goal_id=goal.id, description=PLACEHOLDER))
    session.add(Consequence(family_id=family.id, goal_id=goal.id, description=PLACEHOLDER))
    entry = factories.entry(
        session, goal, worker, score=-1, visibility=Visibility.shared, observation=PLACEHOLDER
    )
    session.commit()
    return {"parent": parent, "goal": goal, "entry": entry}


@pytest.fixture
def syllables_by_hyphenation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count syllables with Pyphen's bundled dictionary (CMUdict is an NLTK download)."""
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)


@pytest.mark.usefixtures("syllables_by_hyphenation")
def test_fixed_text_reads_easily(
    client: TestClient, session: Session, minimal: dict[str, object]
) -> None:
    sign_in(client, session, minimal["parent"])  # type: ignore[arg-type]
    pages = {
        "Your plan": "/your-plan",
        "A goal": f"/your-plan/goals/{minimal['goal'].id}",  # type: ignore[attr-defined]
        "Your progress": "/your-progress",
        "A note": f"/your-progress/entries/{minimal['entry'].id}",  # type: ignore[attr-defined]
    }
    textstat.set_lang("en_GB")
    scores, texts = {}, {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200
        text = fixed_text(response.text)
        texts[name] = text
        scores[name] = textstat.flesch_reading_ease(text)
        print(
            f"\n{name} ({path.split('/')[1]}): Flesch reading ease {scores[name]:.1f}, "
            f"{textstat.lexicon_count(text)} words"
        )
    assert {n: s for n, s in scores.items() if s < MINIMUM} == {}
    # the scored text includes the words written for the parent: whom a goal is for, each
    # step's status, whom to call, independent advice and the child's timescale
    for words in (
        "This goal is for you to work on",
        "Done on",
        "This was due by",
        "Your social worker will talk to you about it",
        "Due by",
        "Contact your social worker",
        "Call the team on",
        "Get independent advice",
        "weeks from now",
    ):
        assert words in texts["Your plan"], words
