"""Hypothesis-generated query strings on every HTML page: never a 5xx.

The API has its schemathesis run (tests/api/test_openapi_fuzz.py); pages take
their filters and page numbers from the address too, so each GET page is called
with made-up query strings (known parameter names with hostile values, and
unknown names) as a social worker, a team lead and a parent. File downloads
rendered by the PDF and Word writers are left out to keep the run short; their
addresses take no query parameters beyond the chronology's dates.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from app.main import app
from app.services.identity import auth
from app.web import cookies
from tests.security import matrix_expectations as expect
from tests.security.matrix_requests import Ctx
from tests.security.matrix_world import MatrixWorld, build
from tests.security.test_access_matrix import ROUTES

PAGES = sorted(
    k.split(" ", 1)[1]
    for k in ROUTES
    if k.startswith("GET ")
    and not k.startswith("GET /api/")
    and not k.endswith((".pdf", ".docx", "{fmt}"))
)
NAMES = [
    "page",
    "goal",
    "goal_id",
    "significance",
    "from",
    "to",
    "date_from",
    "date_to",
    "from-day",
    "from-month",
    "from-year",
    "next",
    "q",
    "search",
    "status",
    "legal_status",
    "kind",
    "worker",
    "team",
]
HOSTILE = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "100000000000000000000",
        "9223372036854775808",
        "1e309",
        "NaN",
        "' OR 1=1--",
        "../../etc/passwd",
        "0001-01-01",
        "9999-12-31",
        "2026-02-30",
        "\x00",
        "\x1b[31m",
        "\ud800",
        "%00",
        "//evil.example/",
        "javascript:alert(1)",
        "<script>alert(1)</script>",
        "00000000-0000-0000-0000-000000000000",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=30), st.integers().map(str))
QUERIES = st.lists(
    st.tuples(st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=8)), VALUES),
    max_size=4,
)


@pytest.fixture
def clients(session: Session) -> Iterator[tuple[MatrixWorld, dict[str, TestClient]]]:
    mw = build(session)
    made = {}
    for role, user in (
        ("worker", mw.w.worker_a),
        ("lead", mw.w.lead_a),
        ("parent", mw.w.parent_a),
    ):
        client = TestClient(app, raise_server_exceptions=False)
        token, _ = auth.start_session(session, user)
        client.cookies.set(cookies.name(cookies.SESSION), token)
        made[role] = client
    yield mw, made
    for client in made.values():
        client.close()


def test_pages_are_listed() -> None:
    assert len(PAGES) > 20


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    page=st.sampled_from(PAGES),
    role=st.sampled_from(["worker", "lead", "parent"]),
    query=QUERIES,
)
def test_no_query_string_makes_a_page_fail(
    clients: tuple[MatrixWorld, dict[str, TestClient]],
    session: Session,
    page: str,
    role: str,
    query: list[tuple[str, str]],
) -> None:
    mw, by_role = clients
    path = Ctx(mw, session).fill(page, expect.PARAMS.get(f"GET {page}", {}))
    session.commit()  # no open transaction against the app
    params = [
        (
            k.encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
            v.encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        )
        for k, v in query
    ]
    answer = by_role[role].get(path, params=params, follow_redirects=False)
    assert answer.status_code < 500, (path, role, params, answer.status_code)
