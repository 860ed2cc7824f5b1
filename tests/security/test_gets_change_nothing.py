"""GET requests change nothing: every GET route, called as every role, leaves the row count
of every table as it was, apart from the audit trail (every read is audited) and the
export log (each download is recorded with the hash of the file)."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from tests.security import matrix_expectations as expect
from tests.security.matrix_requests import Ctx
from tests.security.matrix_routes import all_routes
from tests.security.matrix_world import build, users
from tests.security.test_access_matrix import ROUTES, Clients

# the audit trail and its chain heads, and the documented export log
EXEMPT = {"auditevent", "auditchainhead", "export"}


def _counts(session: Session) -> dict[str, int]:
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in EXEMPT]
    query = sa.union_all(
        *(
            sa.select(sa.literal(t.name).label("name"), sa.func.count().label("n")).select_from(t)
            for t in tables
        )
    )
    counts = {name: int(n) for name, n in session.execute(query).all()}
    session.commit()  # an open transaction would hold SQLite's write lock against the app
    return counts


def test_the_exemptions_are_real_tables() -> None:
    names = {t.name for t in SQLModel.metadata.sorted_tables}
    assert names >= EXEMPT
    assert len(names - EXEMPT) > 10
    assert all_routes  # the same walk the access matrix uses


@pytest.mark.parametrize("role", expect.ROLES)
def test_no_get_route_adds_or_removes_a_row(session: Session, role: str) -> None:
    mw = build(session)
    clients = Clients(session, users(mw)[role])
    ctx = Ctx(mw, session)
    keys = sorted(k for k in ROUTES if k.startswith("GET "))
    assert len(keys) > 40
    changed: list[str] = []
    try:
        for key in keys:
            path = ctx.fill(key.split(" ", 1)[1], expect.PARAMS.get(key, {}))
            before = _counts(session)
            clients.send(key, path, ctx)
            after = _counts(session)
            moved = {t: after[t] - before[t] for t in after if after[t] != before[t]}
            if moved:
                changed.append(f"{key} as {role}: {moved}")
    finally:
        clients.close()
    assert not changed, "\n".join(changed)
