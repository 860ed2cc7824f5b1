"""Property: nothing a parent may not see ever reaches them, whatever happened to the records.

Hypothesis generates a sequence of entries (on the joint goal or one parent's own goal,
about one parent or both, shared or internal, sometimes deliberately shared with every
parent), amendments (new text, score, date or visibility), entries marked entered in
error and stage-of-change ratings. The services apply them, relapse detection included.
Then, for each of the two parents, every parent-facing output (API JSON, pages, the htmx
fragment, the plan PDF) is collected, and none may contain the text or the date of a
record version that parent may not see. Every version has its own text and its own
date, so a date or a score quoted in a derived note (a relapse) is caught by its date.

The expected visibility is worked out here, independently of ``app.services.access``.
"""

import io
import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pypdf
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from app.models.account import Role, Team, User
from app.models.evidence import Source, Stage, StageRating, Visibility
from app.models.family import FamilyMember
from app.models.plan import Goal
from app.services.context import Actor
from app.services.errors import Conflict
from app.services.evidence import entries
from app.services.evidence.entries import EntryAmend, EntryCreate
from app.services.identity import auth
from app.web import cookies
from tests import factories

_run = itertools.count(1)

GOALS = ("joint", "mother", "father")
ABOUT = ("all", "mother", "father")

create = st.tuples(
    st.just("create"),
    st.sampled_from(GOALS),
    st.sampled_from(ABOUT),
    st.booleans(),  # shared with the family
    st.one_of(st.none(), st.integers(-2, 2)),
    st.booleans(),  # deliberately shared with every parent
)
amend = st.tuples(
    st.just("amend"),
    st.integers(0, 20),  # which entry
    st.sampled_from(["text", "score", "date", "hide", "show", "share_all"]),
    st.integers(-2, 2),
)
in_error = st.tuples(st.just("error"), st.integers(0, 20))
rating = st.tuples(st.just("rating"), st.sampled_from(["mother", "father"]), st.booleans())
operations = st.lists(st.one_of(create, create, amend, in_error, rating), min_size=1, max_size=9)


@dataclass
class Version:
    """One row as the test expects access to treat it."""

    token: str
    on: date
    goal: str
    about: str
    shared: bool
    all_parents: bool = False
    current: bool = True
    in_error: bool = False

    def visible_to(self, parent: str) -> bool:
        if not self.current or not self.shared or self.in_error:
            return False
        goal_is_theirs = self.goal in ("joint", parent)
        if not goal_is_theirs:
            return False  # a goal of the other parent alone is never shared here
        if self.all_parents:
            return True
        if self.about == "all":
            return True
        return self.about == parent


@dataclass
class Family:
    worker: Actor
    goals: dict[str, Goal]
    members: dict[str, FamilyMember]
    parents: dict[str, User]
    family_id: uuid.UUID
    assessment_id: uuid.UUID
    chains: list[list[tuple[uuid.UUID, Version]]] = field(default_factory=list)
    ratings: list[Version] = field(default_factory=list)
    days: itertools.count = field(default_factory=lambda: itertools.count(0))

    def next_day(self) -> date:
        # unique dates, three days apart (a fall within 28 days is a relapse), far from
        # every other date on the pages (today, the assessment's start, target dates)
        return date.today() - timedelta(days=60 + 3 * next(self.days))

    def versions(self) -> list[Version]:
        return [v for chain in self.chains for _, v in chain] + self.ratings


def _family(session: Session) -> Family:
    n = next(_run)
    team = Team(name=f"Property team {n} {uuid.uuid4().hex[:6]}")
    session.add(team)
    session.flush()
    tag = uuid.uuid4().hex[:6]
    worker = factories.user(session, f"Pat Worker{tag}", Role.social_worker, team)
    fam = factories.family(session, team, f"PROP-{tag}", f"Family {tag}", worker)
    mother = factories.member(session, fam, f"Mo {tag}", relationship="mother")
    father = factories.member(session, fam, f"Fa {tag}", relationship="father")
    parents = {
        "mother": factories.user(session, f"Mo Parent{tag}", Role.parent, member=mother),
        "father": factories.user(session, f"Fa Parent{tag}", Role.parent, member=father),
    }
    a = factories.assessment(session, fam)
    goals = {
        "joint": factories.goal(session, a, [mother, father], title="Joint goal"),
        "mother": factories.goal(session, a, [mother], title="Mother's own goal"),
        "father": factories.goal(session, a, [father], title="Father's own goal"),
    }
    session.commit()
    return Family(
        Actor(worker),
        goals,
        {"mother": mother, "father": father},
        parents,
        fam.id,
        a.id,
    )


def _apply(session: Session, fam: Family, op: tuple, tokens: itertools.count) -> None:  # type: ignore[type-arg]
    kind = op[0]
    if kind == "create":
        _, goal, about, shared, score, all_parents = op
        if goal != "joint" and about not in ("all", goal):
            about = "all"  # only the goal's own parents can be named
        v = Version(f"tok{next(tokens)}q", fam.next_day(), goal, about, shared, all_parents)
        made = entries.create_entry(
            session,
            fam.worker,
            fam.goals[goal].id,
            EntryCreate(
                occurred_on=v.on,
                gas_score=score,
                observation=f"Observed {v.token}",
                source=Source.home_visit,
                visibility=Visibility.shared if shared else Visibility.internal,
                parent_ids=[] if about == "all" else [fam.members[about].id],
                shared_with_all_parents=all_parents,
            ),
        )
        fam.chains.append([(made.id, v)])
    elif kind == "amend" and fam.chains:
        _, which, change, score = op
        chain = fam.chains[which % len(fam.chains)]
        latest_id, latest = chain[-1]
        if latest.in_error:
            return
        new = Version(**{**latest.__dict__})
        changes: dict[str, object] = {"reason": "Corrected"}
        if change == "text":
            new.token = f"tok{next(tokens)}q"
            changes["observation"] = f"Observed {new.token}"
        elif change == "score":
            changes["gas_score"] = score
        elif change == "date":
            new.on = fam.next_day()
            changes["occurred_on"] = new.on
        elif change in ("hide", "show"):
            new.shared = change == "show"
            changes["visibility"] = Visibility.shared if new.shared else Visibility.internal
        else:
            new.all_parents = True
            changes["shared_with_all_parents"] = True
        try:
            made = entries.amend_entry(session, fam.worker, latest_id, EntryAmend(**changes))
        except Conflict:
            return
        latest.current = False
        chain.append((made.id, new))
    elif kind == "error" and fam.chains:
        chain = fam.chains[op[1] % len(fam.chains)]
        latest_id, latest = chain[-1]
        if latest.in_error:
            return
        entries.mark_entered_in_error(session, fam.worker, latest_id, "Wrong family")
        latest.in_error = True
    elif kind == "rating":
        _, parent, shared = op
        v = Version(f"tok{next(tokens)}q", fam.next_day(), "joint", parent, shared)
        session.add(
            StageRating(
                family_id=fam.family_id,
                member_id=fam.members[parent].id,
                occurred_on=v.on,
                recorded_by_id=fam.worker.user.id,
                visibility=Visibility.shared if shared else Visibility.internal,
                stage=Stage.relapse,
                motivation=3,
                ability=3,
                note=f"Rated {v.token}",
            )
        )
        session.commit()
        fam.ratings.append(v)


def _date_forms(on: date) -> list[str]:
    return [
        f"{on.day} {on:%B %Y}",
        f"{on:%d %B %Y}",
        f"{on.day} {on:%b %Y}",
        on.isoformat(),
    ]


def _contains(text: str, needle: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", text) is not None


def _outputs(app_client: Callable[[User, bool], TestClient], fam: Family, parent: str) -> str:
    user = fam.parents[parent]
    api = app_client(user, True)
    web = app_client(user, False)
    fid = fam.family_id
    texts = [
        api.get(f"/api/v1/families/{fid}/entries?limit=200").text,
        api.get(f"/api/v1/families/{fid}/timeline?limit=200").text,
        api.get(f"/api/v1/families/{fid}/stage-ratings?limit=200").text,
        api.get(f"/api/v1/families/{fid}/scores").text,
        api.get(f"/api/v1/assessments/{fam.assessment_id}/goals").text,
        web.get("/your-plan").text,
        web.get("/your-progress").text,
        web.get("/your-progress", headers={"HX-Request": "true"}).text,
    ]
    for goal in fam.goals.values():
        texts.append(web.get(f"/your-plan/goals/{goal.id}").text)
    for chain in fam.chains:
        # every version by its id on the API; the page of the latest
        texts += [api.get(f"/api/v1/entries/{entry_id}").text for entry_id, _ in chain]
        texts.append(web.get(f"/your-progress/entries/{chain[-1][0]}").text)
    pdf = web.get("/your-plan.pdf")
    assert pdf.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    texts.append("\n".join(page.extract_text() or "" for page in reader.pages))
    return "\n".join(texts)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(ops=operations)
def test_no_parent_output_carries_a_record_that_parent_may_not_see(
    session: Session,
    ops: list[tuple],  # type: ignore[type-arg]
) -> None:
    from app.main import app

    fam = _family(session)
    tokens = itertools.count(1)
    for op in ops:
        _apply(session, fam, op, tokens)
    clients: list[TestClient] = []

    def app_client(user: User, api: bool) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        if api:
            client.headers["Authorization"] = f"Bearer {auth.create_api_token(session, user, 'p')}"
        else:
            token, _ = auth.start_session(session, user)
            client.cookies.set(cookies.name(cookies.SESSION), token)
        return client

    try:
        for parent in ("mother", "father"):
            text = _outputs(app_client, fam, parent)
            versions = fam.versions()
            seen = [v for v in versions if v.visible_to(parent)]
            hidden = [v for v in versions if not v.visible_to(parent)]
            seen_tokens = {v.token for v in seen}
            seen_days = {v.on for v in seen}
            for v in seen:  # not vacuous: what the parent may see is there
                assert v.token in text, (parent, v)
            for v in hidden:
                if v.token not in seen_tokens:
                    assert not _contains(text, v.token), (parent, v)
                if v.on not in seen_days:
                    leaked = [f for f in _date_forms(v.on) if _contains(text, f)]
                    assert not leaked, (parent, v, leaked)
    finally:
        for client in clients:
            client.close()
