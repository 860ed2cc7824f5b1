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
