"""Transactions: reads run alongside the writer; writes take the write lock first."""

import threading

import pytest
from sqlmodel import Session, select

from app.db import WriteInReadTransaction, get_engine, read_session, writing
from app.models.family import Family
from tests.conftest import DATABASE_URL

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("sqlite"), reason="SQLite's locking only"
)


def test_a_read_runs_while_a_write_transaction_holds_the_lock(world) -> None:
    with Session(get_engine()) as writer:
        writer.exec(select(Family)).first()  # BEGIN IMMEDIATE: the write lock is held
        done = threading.Event()

        def read() -> None:
            for reader in read_session():
                assert reader.get(Family, world.family_a.id) is not None
            done.set()

        thread = threading.Thread(target=read)
        thread.start()
        # a reader queued behind the writer would wait for its commit (30 s)
        assert done.wait(5)
        writer.rollback()
        thread.join()


def test_a_write_in_a_read_transaction_is_refused(world) -> None:
    for reader in read_session():
        family = reader.exec(select(Family)).first()
        reader.add(Family(case_reference="RT-1", family_name="Readonly", team_id=family.team_id))
        with pytest.raises(WriteInReadTransaction):
            reader.flush()


def test_a_read_session_writes_through_writing(world, session) -> None:
    for reader in read_session():
        family = reader.get(Family, world.family_a.id)
        with writing(reader):
            family.family_name = "Renamed"
            reader.add(family)
        # reading again afterwards
        assert reader.get(Family, world.family_b.id) is not None
    session.expire_all()
    assert session.get(Family, world.family_a.id).family_name == "Renamed"


def test_uuids_read_back_are_uuids_shared_between_reads(world) -> None:
    """SQLite keeps UUIDs as hex text; each is parsed once and the UUID shared."""
    import uuid

    import sqlalchemy as sa

    from app.models.family import FamilyMember

    query = sa.select(FamilyMember.id, FamilyMember.family_id).where(
        FamilyMember.family_id == world.family_a.id
    )
    with get_engine().connect() as conn:
        first = conn.execute(query).all()
        again = conn.execute(query).all()
        missing = conn.execute(
            sa.select(sa.cast(sa.null(), sa.Uuid)).select_from(sa.table("family"))
        ).all()
    assert first and all(isinstance(value, uuid.UUID) for row in first for value in row)
    assert all(row.family_id == world.family_a.id for row in first)
    assert [tuple(map(id, row)) for row in first] == [tuple(map(id, row)) for row in again]
    assert {row[0] for row in missing} <= {None}
