"""One answer for every refusal: every API write route and every report download, asked
by a parent of another family and by a social worker the family is not allocated to,
answers 404, exactly like a record that does not exist, and the refusal is audited
with the family it belongs to, so that family's team lead sees it in the trail.

Before: a parent got 403 from most of these, and refusals on an entry, goal, review,
milestone or case event were audited without their family.
"""

import re

import pytest
from sqlmodel import Session, col, select

from app.main import app
from app.models.audit import AuditEvent
from app.services.audit import trail
from app.services.context import Actor
from tests.security import matrix_expectations as expect
from tests.security.matrix_requests import Ctx
from tests.security.matrix_routes import all_routes
from tests.security.matrix_world import build, users
from tests.security.test_access_matrix import Clients

ROUTES = all_routes(app)
WRITES = ("POST ", "PATCH ", "PUT ", "DELETE ")
# account and team routes name no family: 404 all the same, audited without one
NO_FAMILY = ("/api/v1/users/", "/api/v1/teams/")


def _routes() -> list[str]:
    keys = [
        k
        for k in ROUTES
        if k.split(" ", 1)[1].startswith("/api/")
        and "{" in k
        and (k.startswith(WRITES) or "/reports/" in k)
    ]
    return sorted(keys)


def _last_denial(session: Session, user_id: object) -> AuditEvent | None:
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.actor_id == user_id, AuditEvent.outcome == "denied")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    return event


def test_the_walk_covers_every_write_route_and_report_download() -> None:
    keys = _routes()
    assert len(keys) >= 40
    assert "GET /api/v1/families/{family_id}/reports/{kind}.{fmt}" in keys
    assert "POST /api/v1/goals/{goal_id}/entries" in keys


@pytest.mark.parametrize("role", ["parent_other", "worker_other"])
def test_every_write_route_and_download_answers_404_audited_with_the_family(
    session: Session, role: str
) -> None:
    mw = build(session)
    user = users(mw)[role]
    family_a = mw.w.family_a.id
    clients = Clients(session, user)
    ctx = Ctx(mw, session)
    problems: list[str] = []
    try:
        for key in _routes():
            path = ctx.fill(key.split(" ", 1)[1], expect.PARAMS.get(key, {}))
            before = _last_denial(session, user.id)
            response = clients.send(key, path, ctx)
            if response.status_code != 404:
                problems.append(f"{key}: {response.status_code}, not 404")
                continue
            denial = _last_denial(session, user.id)
            if denial is None or (before is not None and denial.id == before.id):
                problems.append(f"{key}: 404 without a denied audit event")
            elif not key.split(" ", 1)[1].startswith(NO_FAMILY) and denial.family_id != family_a:
                problems.append(f"{key}: denial audited with family {denial.family_id}")
    finally:
        clients.close()
    assert not problems, "\n".join(problems)


def test_the_team_lead_sees_refusals_on_an_entry_in_the_family_trail(session: Session) -> None:
    mw = build(session)
    clients = Clients(session, mw.w.parent_b)
    try:
        entry = mw.w.internal_entry_a.id
        answer = clients.api.post(
            f"/api/v1/entries/{entry}/amendments",
            json={"version": 1, "reason": "x", "observation": "Mine now"},
        )
        assert answer.status_code == 404
    finally:
        clients.close()
    events = trail.family_events(session, Actor(mw.w.lead_a), mw.w.family_a.id, limit=50)
    session.commit()
    refused = [e for e in events if e.outcome == "denied" and e.actor_id == mw.w.parent_b.id]
    assert refused, "the family's team lead does not see the refusal"


def test_the_losing_side_of_a_race_is_audited_with_its_family(session: Session) -> None:
    mw = build(session)
    clients = Clients(session, mw.w.worker_a)
    try:
        goal = mw.w.goal_a
        first = clients.api.patch(
            f"/api/v1/goals/{goal.id}",
            json={"version": goal.version, "why_it_matters": "First edit wins"},
        )
        assert first.status_code == 200, first.text
        second = clients.api.patch(
            f"/api/v1/goals/{goal.id}",
            json={"version": goal.version, "why_it_matters": "Second edit loses"},
        )
        assert second.status_code == 409
    finally:
        clients.close()
    lost = session.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == mw.w.worker_a.id, AuditEvent.outcome == "conflict"
        )
    ).all()
    session.commit()
    assert [e.family_id for e in lost] == [mw.w.family_a.id]
    assert re.match(r"/api/v1/goals/", lost[0].entity_id)
