"""Each parent is a separate person: two parents of one family, each seeing only their own.

The family: Jo (mother) and Lee (father) share the goal "Keep the home safe"; Lee
also has a goal of his own (attending a domestic abuse perpetrator programme) with
the facilitator's reports on it. Jo must never see Lee's goal, his stage-of-change
ratings or the reports about him, on any page, API answer or the printed plan,
unless the worker deliberately shares one item with both.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pypdf
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models.account import User
from app.models.audit import AuditEvent
from app.models.evidence import (
    ProgressEntry,
    ProgressEntryParent,
    Source,
    Stage,
    StageRating,
    Visibility,
)
from app.models.plan import Goal
from tests import factories
from tests.factories import World
from tests.parent.helpers import sign_in

FATHER_GOAL = "Attend every session of the perpetrator programme"
FACILITATOR = "Facilitator: Lee minimised the incident in group"
ABOUT_FATHER = "Probation officer reports Lee missed curfew"
FATHER_RATING = "Lee says he does not need to change"
MOTHER_RATING = "Jo is ready to make the changes"
FATHER_MARKERS = (FATHER_GOAL, FACILITATOR, ABOUT_FATHER, FATHER_RATING)


@dataclass
class Separated:
    w: World
    father_goal: Goal
    facilitator_entry: ProgressEntry
    about_father: ProgressEntry
    father_rating: StageRating
    mother_rating: StageRating


def _rating(session: Session, w: World, member_id, note: str) -> StageRating:
    r = StageRating(
        family_id=w.family_a.id,
        member_id=member_id,
        occurred_on=date.today() - timedelta(days=2),
        recorded_by_id=w.worker_a.id,
        visibility=Visibility.shared,
        stage=Stage.contemplation,
        motivation=5,
        ability=5,
        note=note,
    )
    session.add(r)
    return r


@pytest.fixture
def fam(session: Session, world: World) -> Separated:
    w = world
    father_goal = factories.goal(session, w.assessment_a, [w.father_a], title=FATHER_GOAL)
    facilitator = factories.entry(session, father_goal, w.worker_a, observation=FACILITATOR)
    facilitator.source = Source.agency_report
    # on the joint goal, but about the father only
    about_father = factories.entry(session, w.goal_a, w.worker_a, observation=ABOUT_FATHER)
    session.add(ProgressEntryParent(entry_id=about_father.id, member_id=w.father_a.id))
    father_rating = _rating(session, w, w.father_a.id, FATHER_RATING)
    mother_rating = _rating(session, w, w.mother_a.id, MOTHER_RATING)
    session.commit()
    return Separated(w, father_goal, facilitator, about_father, father_rating, mother_rating)


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _everything(
    web: TestClient, api: TestClient, fam: Separated, *, goal_ids: list, entry_ids: list
) -> str:
    """Every page, fragment, API answer and the PDF a parent can ask for, as one text."""
    fid = fam.w.family_a.id
    texts = [web.get(p).text for p in ("/your-plan", "/your-progress")]
    texts.append(web.get("/your-progress", headers={"HX-Request": "true"}).text)
    texts += [web.get(f"/your-plan/goals/{g}").text for g in goal_ids]
    texts += [web.get(f"/your-progress/entries/{e}").text for e in entry_ids]
    texts.append(_pdf_text(web.get("/your-plan.pdf").content))
    for path in (
        f"/api/v1/families/{fid}/entries",
        f"/api/v1/families/{fid}/timeline",
        f"/api/v1/families/{fid}/stage-ratings",
        f"/api/v1/families/{fid}/scores",
        f"/api/v1/families/{fid}/rewards",
        f"/api/v1/families/{fid}/consequences",
        f"/api/v1/families/{fid}/comments",
        f"/api/v1/assessments/{fam.w.assessment_a.id}/goals",
    ):
        texts.append(api.get(path).text)
    return "\n".join(texts)


def test_mother_never_sees_the_fathers_goal_ratings_or_reports(
    session: Session,
    fam: Separated,
    client: TestClient,
    api_as: Callable[[User], TestClient],
) -> None:
    """Regression: the mother's pages showed the father's own goal and the reports on him."""
    w = fam.w
    sign_in(client, session, w.parent_a)
    api = api_as(w.parent_a)
    seen = _everything(
        client,
        api,
        fam,
        goal_ids=[w.goal_a.id],
        entry_ids=[w.shared_entry_a.id],
    )
    leaked = [m for m in FATHER_MARKERS if m in seen]
    assert not leaked
    assert MOTHER_RATING in seen
    assert w.goal_a.title in seen  # the joint goal is hers too
    # every id of the father's records answers as missing, on pages and the API
    assert client.get(f"/your-plan/goals/{fam.father_goal.id}").status_code == 404
    for entry in (fam.facilitator_entry, fam.about_father):
        assert client.get(f"/your-progress/entries/{entry.id}").status_code == 404
        assert api.get(f"/api/v1/entries/{entry.id}").status_code == 404
    assert api.get(f"/api/v1/goals/{fam.father_goal.id}").status_code == 404
    assert api.get(f"/api/v1/goals/{fam.father_goal.id}/milestones").status_code == 404
    assert api.get(f"/api/v1/stage-ratings/{fam.father_rating.id}").status_code == 404


def test_father_sees_his_own_and_the_joint_goal_but_not_the_mothers_rating(
    session: Session,
    fam: Separated,
    client: TestClient,
    api_as: Callable[[User], TestClient],
) -> None:
    """Regression: stage-of-change notes about each parent appeared on both parents' pages."""
    w = fam.w
    sign_in(client, session, w.parent_a2)
    api = api_as(w.parent_a2)
    seen = _everything(
        client,
        api,
        fam,
        goal_ids=[w.goal_a.id, fam.father_goal.id],
        entry_ids=[fam.facilitator_entry.id, fam.about_father.id],
    )
    for own in (FATHER_GOAL, FACILITATOR, ABOUT_FATHER, FATHER_RATING, w.goal_a.title):
        assert own in seen
    assert MOTHER_RATING not in seen
    assert api.get(f"/api/v1/stage-ratings/{fam.mother_rating.id}").status_code == 404


def test_a_worker_may_share_one_item_with_both_parents_and_it_is_recorded(
    session: Session,
    fam: Separated,
    api_as: Callable[[User], TestClient],
) -> None:
    w = fam.w
    worker = api_as(w.worker_a)
    mother = api_as(w.parent_a)
    assert mother.get(f"/api/v1/entries/{fam.about_father.id}").status_code == 404
    shared = worker.post(
        f"/api/v1/entries/{fam.about_father.id}/amendments",
        json={"reason": "Both parents need to know", "shared_with_all_parents": True},
    )
    assert shared.status_code == 201, shared.text
    assert shared.json()["shared_with_all_parents"] is True
    new_id = shared.json()["id"]
    assert mother.get(f"/api/v1/entries/{new_id}").json()["entry"]["observation"] == ABOUT_FATHER
    # the father's goal stays his: sharing an item does not share the goal it sits on
    assert mother.get(f"/api/v1/goals/{fam.father_goal.id}").status_code == 404
    goal = worker.get(f"/api/v1/goals/{fam.father_goal.id}").json()
    changed = worker.patch(
        f"/api/v1/goals/{fam.father_goal.id}",
        json={"version": goal["version"], "shared_with_all_parents": True},
    )
    assert changed.status_code == 200, changed.text
    assert mother.get(f"/api/v1/goals/{fam.father_goal.id}").status_code == 200
    # the facilitator's report on it is still about him alone
    assert mother.get(f"/api/v1/entries/{fam.facilitator_entry.id}").status_code == 404
    actions = session.exec(
        select(AuditEvent.action, AuditEvent.entity).where(
            AuditEvent.actor_id == w.worker_a.id,
            AuditEvent.action == "share_with_all_parents",
        )
    ).all()
    session.commit()
    assert sorted(actions) == [
        ("share_with_all_parents", "goal"),
        ("share_with_all_parents", "progressentry"),
    ]


def test_by_default_nothing_is_shared_with_every_parent(
    session: Session, fam: Separated, api_as: Callable[[User], TestClient]
) -> None:
    """The safe default needs no action by the worker: an entry is about its goal's parents."""
    w = fam.w
    made = api_as(w.worker_a).post(
        f"/api/v1/goals/{fam.father_goal.id}/entries",
        json={
            "occurred_on": date.today().isoformat(),
            "observation": "Attended session five",
            "source": "agency_report",
            "visibility": "shared",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["shared_with_all_parents"] is False
    assert api_as(w.parent_a).get(f"/api/v1/entries/{made.json()['id']}").status_code == 404
    assert api_as(w.parent_a2).get(f"/api/v1/entries/{made.json()['id']}").status_code == 200
