"""The access matrix: every route of the application × every role → the expected outcome.

Routes come from the application itself (tests/security/matrix_routes.py), so a
route added later fails here until its row is written in matrix_expectations.py.
Each role walks every route against a fresh world. Run with ``-s`` to print the
matrix as a table.

Also checked on the way: a 404 given to a signed-in user for a record that
exists is audited as denied, and no page, JSON answer or the parent's PDF ever
carries an internal record (or anything of another family) to a parent.
"""

import io
import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, func, select

from app.main import app
from app.models.account import User
from app.models.audit import AuditEvent
from app.services.identity import auth
from app.web import cookies
from tests.factories import _password_hash
from tests.security import matrix_expectations as expect
from tests.security.matrix_requests import API_BODIES, PAGE_FORMS, Ctx
from tests.security.matrix_routes import all_routes
from tests.security.matrix_world import MatrixWorld, build, users
from tests.web.conftest import csrf_from

ROUTES = all_routes(app)
# roles that may not see family A at all: whatever they get must not tell it exists
OUTSIDERS = ("worker_other", "lead_other", "parent_other", "admin")


def _random(_: Ctx) -> uuid.UUID:
    return uuid.uuid4()


RESULTS: dict[str, dict[str, str]] = {}  # route → role → outcome, for the table


def outcome(response: httpx.Response) -> str:
    """The class of an answer: ok, signin (a page's redirect to sign in) or the status."""
    if response.status_code in (301, 302, 303, 307) or response.headers.get("HX-Redirect"):
        target = response.headers.get("location") or response.headers.get("HX-Redirect", "")
        if target.startswith("/sign-in"):
            return "signin"
        # a parent sent back to their own plan: the same for any address, so nothing leaks
        return "away" if target == "/your-plan" else "ok"
    if 200 <= response.status_code < 300:
        return "ok"
    return str(response.status_code)


class Clients:
    """An API client and a page client for one role (signed out: neither signed in)."""

    def __init__(self, session: Session, user: User | None) -> None:
        self.session, self.user = session, user
        self.api = TestClient(app)
        self.web = TestClient(app)
        self.csrf = ""
        self.renew()

    def renew(self) -> None:
        for client in (self.api, self.web):
            client.cookies.clear()
        if self.user is None:
            # a signed-out form post still carries the sign-in page's token,
            # so what answers is the access rule, not the CSRF check
            self.csrf = csrf_from(self.web.get("/sign-in").text)
            return
        # a route before may have changed the password: put the known one back
        self.session.execute(
            sa.update(User).where(User.id == self.user.id).values(password_hash=_password_hash())
        )
        self.session.commit()
        user = self.user
        token = auth.create_api_token(self.session, user, "matrix")
        self.api.headers["Authorization"] = f"Bearer {token}"
        web_token, web_session = auth.start_session(self.session, user)
        self.web.cookies.set(cookies.name(cookies.SESSION), web_token)
        self.csrf = web_session.csrf_token

    def send(self, key: str, path: str, ctx: Ctx) -> httpx.Response:
        method = key.split(" ", 1)[0]
        if key.split(" ", 1)[1].startswith("/api/"):
            body = API_BODIES.get(key)
            return self.api.request(
                method,
                path,
                json=body(ctx) if body else None,
                params=expect.QUERIES.get(key),
                follow_redirects=False,
            )
        form = PAGE_FORMS.get(key)
        headers = dict(expect.HEADERS.get(key, {}))
        if method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        return self.web.request(
            method,
            path,
            data=form(ctx) if form else None,
            headers=headers,
            follow_redirects=False,
        )

    def close(self) -> None:
        self.api.close()
        self.web.close()


def _denials(session: Session, user: User) -> int:
    query = select(func.count()).where(
        AuditEvent.actor_id == user.id, AuditEvent.outcome == "denied"
    )
    count = int(session.exec(query).one())
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    return count


def _text(response: httpx.Response) -> str:
    if response.headers.get("content-type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    return response.text


def _walk_order(key: str) -> tuple[int, str]:
    method = key.split(" ", 1)[0]
    if key in expect.LAST:
        return (2 + expect.LAST.index(key), key)
    return (0 if method == "GET" else 1, key)


@pytest.fixture(scope="module", autouse=True)
def _print_table() -> Iterator[None]:
    yield
    if RESULTS:
        print("\n" + expect.table(RESULTS))


def test_every_route_has_a_stated_outcome() -> None:
    missing = sorted(set(ROUTES) - set(expect.EXPECTED))
    stale = sorted(set(expect.EXPECTED) - set(ROUTES))
    assert not missing, (
        "routes with no expected outcome: add them to tests/security/matrix_expectations.py\n"
        + "\n".join(missing)
    )
    assert not stale, "expectations for routes that no longer exist:\n" + "\n".join(stale)


def _walk(
    session: Session,
    mw: MatrixWorld,
    role: str,
    keys: list[str],
    *,
    internal: bool = False,
    one_parent: str = "",
) -> list[str]:
    """Calls every route as the role; the problems found."""
    user = users(mw)[role]
    clients = Clients(session, user)
    ctx = Ctx(mw, session, internal=internal, one_parent=one_parent)
    markers = mw.markers_for(role)
    problems: list[str] = []
    try:
        for key in keys:
            if key in expect.LAST:
                clients.renew()
            path = ctx.fill(key.split(" ", 1)[1], expect.PARAMS.get(key, {}))
            before = _denials(session, user) if user is not None else 0
            response = clients.send(key, path, ctx)
            got = outcome(response)
            wanted = expect.wanted(key, role, internal, bool(one_parent))
            if not internal and not one_parent:
                RESULTS.setdefault(key, {})[role] = got
            if got not in wanted:
                problems.append(
                    f"{key} as {role}: got {response.status_code} ({got}), "
                    f"expected {'/'.join(sorted(wanted))}"
                )
            if got == "403" and role in OUTSIDERS and "_id}" in key:
                # refused by role before any look-up: a missing id must get the same answer
                unknown = dict.fromkeys(re.findall(r"\{(\w+_id)\}", key), _random)
                blind = clients.send(key, ctx.fill(key.split(" ", 1)[1], unknown), ctx)
                if outcome(blind) != got:
                    problems.append(
                        f"{key} as {role}: 403, but {blind.status_code} for a missing id"
                    )
            audited = got != "404" or user is None or key in expect.UNAUDITED_404
            if not audited and _denials(session, user) <= before:
                problems.append(f"{key} as {role}: 404 without a denied audit event")
            if got == "ok" and key.startswith("GET ") and markers:
                text = _text(response)
                leaked = [m for m in markers if m in text]
                if leaked:
                    problems.append(f"{key} as {role}: the answer contains {leaked}")
    finally:
        clients.close()
    return problems


@pytest.mark.parametrize("role", expect.ROLES)
def test_access_matrix(session: Session, role: str) -> None:
    mw = build(session)
    keys = sorted((k for k in ROUTES if k in expect.EXPECTED), key=_walk_order)
    problems = _walk(session, mw, role, keys)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["parent", "parent_other", "parent_co"])
def test_parents_never_reach_internal_records(session: Session, role: str) -> None:
    """Every read that names an entry, rating or review, with family A's internal ones."""
    mw = build(session)
    keys = sorted(
        k for k in ROUTES if k.startswith("GET ") and any(p in k for p in expect.EVIDENCE_PARAMS)
    )
    assert len(keys) >= 10
    problems = _walk(session, mw, role, keys, internal=True)
    assert not problems, "\n".join(problems)


# a route that names one of these reaches a record of one parent alone
ONE_PARENT_PARAMS = (
    "{goal_id}",
    "{entry_id}",
    "{rating_id}",
    "{milestone_id}",
    "{reward_id}",
    "{consequence_id}",
    "{event_id}",
    "/events/{record_id}",
    "/entries/{record_id}",
    "/stage-ratings/{record_id}",
    "/rewards/{record_id}",
    "/consequences/{record_id}",
)


@pytest.mark.parametrize(("role", "other"), [("parent", "father"), ("parent_co", "mother")])
def test_a_parent_never_reaches_the_other_parents_own_records(
    session: Session, role: str, other: str
) -> None:
    """Two parents of one family: every read naming the other parent's goal, entry about
    them, rating, milestone, reward, consequence or a case event about them alone answers
    as missing (and is audited)."""
    mw = build(session)
    keys = sorted(
        k for k in ROUTES if k.startswith("GET ") and any(p in k for p in ONE_PARENT_PARAMS)
    )
    assert len(keys) >= 15
    problems = _walk(session, mw, role, keys, one_parent=other)
    assert not problems, "\n".join(problems)


def test_parent_on_a_staff_page_is_audited_as_denied(session: Session) -> None:
    """Regression: parents' 404s on staff pages were not in the audit trail."""
    mw = build(session)
    clients = Clients(session, mw.w.parent_a)
    try:
        before = _denials(session, mw.w.parent_a)
        response = clients.web.get(f"/families/{mw.w.family_a.id}")
        assert response.status_code == 404
        assert _denials(session, mw.w.parent_a) == before + 1
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.actor_id == mw.w.parent_a.id, AuditEvent.outcome == "denied"
            )
        ).one()
        session.commit()
        assert event.entity == "page"
        assert event.entity_id == f"/families/{mw.w.family_a.id}"
    finally:
        clients.close()


def test_report_files(session: Session) -> None:
    """The expensive downloads, once each: PDF and Word, API and page."""
    mw = build(session)
    family = mw.w.family_a.id
    staff = Clients(session, mw.w.worker_a)
    lead = Clients(session, mw.w.lead_a)
    outsider = Clients(session, mw.w.lead_b)
    parent = Clients(session, mw.w.parent_a)
    try:
        pdf = staff.api.get(f"/api/v1/families/{family}/reports/chronology.pdf")
        assert pdf.status_code == 200, pdf.text
        assert pdf.content.startswith(b"%PDF")
        docx = lead.web.get(f"/families/{family}/reports/assessment.docx")
        assert docx.status_code == 200
        before = _denials(session, mw.w.lead_b)
        for path in (
            f"/api/v1/families/{family}/reports/review.pdf",
            f"/families/{family}/reports/chronology.docx",
        ):
            client = outsider.api if path.startswith("/api/") else outsider.web
            assert client.get(path).status_code == 404
        assert _denials(session, mw.w.lead_b) == before + 2
        # a parent: answered as missing too, and audited in the family's own trail
        refused_api = parent.api.get(f"/api/v1/families/{family}/reports/chronology.pdf")
        assert refused_api.status_code == 404
        denial = session.exec(
            select(AuditEvent)
            .where(AuditEvent.actor_id == mw.w.parent_a.id, AuditEvent.outcome == "denied")
            .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        ).first()
        session.commit()
        assert denial is not None and denial.family_id == family
        # a staff page: a parent is answered as if it did not exist
        refused = parent.web.get(
            f"/families/{family}/reports/chronology.pdf", follow_redirects=False
        )
        assert outcome(refused) == "404"
    finally:
        for c in (staff, lead, outsider, parent):
            c.close()
