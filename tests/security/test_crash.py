"""Crash safety: SIGKILL the server mid-burst; every acknowledged write survives.

Runs the real ``cct serve`` (uvicorn) in a subprocess on its own SQLite file,
whatever database the rest of the suite uses.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from alembic import command
from sqlmodel import Session, select

from app.db import make_engine
from app.models.account import Role, Team
from app.models.audit import AuditEvent
from app.models.family import Family, LegalStatus
from app.services.audit import trail as audit_trail
from app.services.identity import auth
from tests import factories
from tests.conftest import alembic_config

CCT = Path(sys.executable).parent / "cct"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(CCT), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait_ready(port: int, token: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60  # generous: a busy CI machine imports slowly
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped on its own"
        try:
            answer = httpx.get(
                f"http://127.0.0.1:{port}/api/v1/me",
                headers={"Authorization": f"Bearer {token}"},
                timeout=1,
            )
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not start within 60 seconds")


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    db_file = tmp_path / "crash.db"
    url = f"sqlite:///{db_file}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        team = Team(name="Crash Team")
        session.add(team)
        session.flush()
        lead = factories.user(session, "Cora Lead", Role.team_lead, team)
        session.commit()
        token = auth.create_api_token(session, lead, "crash-test")

    env = {
        **os.environ,
        "CCT_DATABASE_URL": url,
        "CCT_ENVIRONMENT": "test",
        "CCT_DATA_DIR": str(tmp_path),
    }
    port = _free_port()
    log = tmp_path / "server.log"
    server = _serve(env, port, log)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        _wait_ready(port, token, server)

        def burst(worker: int) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
                for n in range(400):
                    if stop.is_set():
                        return
                    reference = f"CRASH-{worker}-{n:04d}"
                    try:
                        answer = client.post(
                            "/api/v1/families",
                            headers=headers,
                            json={
                                "case_reference": reference,
                                "family_name": "Testfamily",
                                "legal_status": "child_in_need",
                            },
                        )
                    except httpx.TransportError:
                        return  # the server is gone
                    if 200 <= answer.status_code < 300:
                        with lock:
                            acknowledged.append(reference)

        threads = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 8
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)  # mid-burst: writes are in flight
        server.wait(timeout=10)
        for t in threads:
            t.join(timeout=10)
        stop.set()
        assert len(acknowledged) >= 10, log.read_text()

        server = _serve(env, port, log)
        _wait_ready(port, token, server)
    finally:
        stop.set()
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)

    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Session(engine) as session:
        stored = set(session.exec(select(Family.case_reference)).all())
        missing = [r for r in acknowledged if r not in stored]
        assert missing == []
        assert audit_trail.verify(session)[1] == []
    engine.dispose()


def test_a_read_answered_before_sigkill_has_its_audit_event(tmp_path: Path) -> None:
    db_file = tmp_path / "crash-read.db"
    url = f"sqlite:///{db_file}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        team = Team(name="Crash Team")
        session.add(team)
        session.flush()
        lead = factories.user(session, "Cora Lead", Role.team_lead, team)
        family = Family(
            case_reference="CRASH-READ",
            family_name="Testfamily",
            legal_status=LegalStatus.child_in_need,
            team_id=team.id,
        )
        session.add(family)
        session.commit()
        token = auth.create_api_token(session, lead, "crash-test")

    env = {
        **os.environ,
        "CCT_DATABASE_URL": url,
        "CCT_ENVIRONMENT": "test",
        "CCT_DATA_DIR": str(tmp_path),
    }
    port = _free_port()
    log = tmp_path / "server.log"
    server = _serve(env, port, log)
    try:
        _wait_ready(port, token, server)
        answer = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/families/{family.id}/timeline",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        server.send_signal(signal.SIGKILL)  # the moment the answer is in
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
    assert answer.status_code == 200, log.read_text()
    read_id = answer.headers["X-Request-ID"]

    with Session(engine) as session:
        found = session.exec(select(AuditEvent).where(AuditEvent.request_id == read_id)).all()
        assert [(e.action, e.entity, e.family_id) for e in found] == [
            ("read", "timeline", family.id)
        ]
        assert audit_trail.verify(session)[1] == []
    engine.dispose()
