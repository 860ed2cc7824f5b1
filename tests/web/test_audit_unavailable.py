"""A page whose audit event cannot be committed is not shown: 503, never 200."""

from typing import Any

import sqlalchemy as sa
from sqlmodel import func, select

from app.db import get_engine, read_session
from app.models.audit import AuditEvent
from app.services.audit import trail as audit_trail


def _events_of(entity: str) -> int:
    for reader in read_session():
        return reader.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == entity)
        ).one()
    raise AssertionError


def test_a_page_whose_audit_cannot_be_written_answers_503(world, session, web_as, api_as) -> None:
    page = web_as(world.worker_a)
    api = api_as(world.worker_a)
    assert page.get(f"/families/{world.family_a.id}").status_code == 200
    before = _events_of("family_page")

    def fail(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO auditevent"):
            # what the driver raises when the disk fails or the file turns read-only
            raise get_engine().dialect.loaded_dbapi.OperationalError("disk I/O error")

    sa.event.listen(get_engine(), "before_cursor_execute", fail)
    try:
        assert page.get(f"/families/{world.family_a.id}").status_code == 503
        assert api.get(f"/api/v1/families/{world.family_a.id}/timeline").status_code == 503
    finally:
        sa.event.remove(get_engine(), "before_cursor_execute", fail)
    assert _events_of("family_page") == before
    # the disk is back: reads answer again, and the chain is whole
    assert page.get(f"/families/{world.family_a.id}").status_code == 200
    assert _events_of("family_page") == before + 1
    session.rollback()
    assert audit_trail.verify(session)[1] == []
