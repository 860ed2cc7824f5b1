"""X-Forwarded-For is believed only from configured proxies (CCT_TRUSTED_PROXIES).

Runs the real ``cct serve`` (uvicorn) in a subprocess, since uvicorn is what reads
the header, on its own SQLite file whatever database the rest of the suite uses.
"""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from alembic import command
from pydantic import ValidationError
from sqlmodel import Session, select

from app.config import Settings
from app.db import make_engine
from app.models.audit import AuditEvent
from app.models.credentials import ThrottleHit
from app.services.identity.throttle import ADDRESS_LIMIT
from tests.conftest import alembic_config

CCT = Path(sys.executable).parent / "cct"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _served(tmp_path: Path, trusted: str) -> Iterator[tuple[httpx.Client, str]]:
    url = f"sqlite:///{tmp_path / 'proxy.db'}"
    command.upgrade(alembic_config(url), "head")
    env = {k: v for k, v in os.environ.items() if k != "CCT_TRUSTED_PROXIES"}
    env |= {"CCT_DATABASE_URL": url, "CCT_ENVIRONMENT": "test", "CCT_DATA_DIR": str(tmp_path)}
    if trusted:
        env["CCT_TRUSTED_PROXIES"] = trusted
    port = _free_port()
    log = tmp_path / "server.log"
    server = subprocess.Popen(
        [str(CCT), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    if client.get("/sign-in").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
            yield client, url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _fail_sign_in(client: httpx.Client, n: int, forwarded: str) -> int:
    page = client.get("/sign-in")
    match = CSRF_FIELD.search(page.text)
    assert match
    answer = client.post(
        "/sign-in",
        data={"email": f"nobody{n}@example.invalid", "password": "wrong", "csrf_token": match[1]},
        headers={"X-Forwarded-For": forwarded},
    )
    return answer.status_code


def _addresses(url: str) -> tuple[set[str], set[str]]:
    engine = make_engine(url)
    with Session(engine) as session:
        audited = set(
            session.exec(
                select(AuditEvent.client_address).where(AuditEvent.action == "sign_in")
            ).all()
        )
        counters = {key for key in session.exec(select(ThrottleHit.key)).all() if "address:" in key}
    engine.dispose()
    return audited, counters


def test_forwarded_for_from_an_untrusted_peer_is_ignored(tmp_path: Path) -> None:
    with _served(tmp_path, trusted="") as (client, url):
        # each attempt claims a new address: all of them still count against the peer's
        codes = [_fail_sign_in(client, n, f"203.0.113.{n}") for n in range(ADDRESS_LIMIT + 1)]
    assert codes[:ADDRESS_LIMIT] == [422] * ADDRESS_LIMIT
    assert codes[ADDRESS_LIMIT] == 429
    audited, counters = _addresses(url)
    assert audited == {"127.0.0.1"}
    assert counters == {"address:127.0.0.1"}


def test_forwarded_for_from_a_trusted_proxy_is_the_client(tmp_path: Path) -> None:
    with _served(tmp_path, trusted="127.0.0.1, 10.0.0.0/8") as (client, url):
        assert _fail_sign_in(client, 1, "203.0.113.7") == 422
    audited, counters = _addresses(url)
    assert audited == {"203.0.113.7"}
    assert counters == {"address:203.0.113.7"}


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    assert Settings(trusted_proxies="").trusted_proxy_list == []
    assert Settings(trusted_proxies="10.0.0.1, 192.168.0.0/16").trusted_proxy_list == [
        "10.0.0.1",
        "192.168.0.0/16",
    ]
    with pytest.raises(ValidationError, match="CCT_TRUSTED_PROXIES"):
        Settings(trusted_proxies="*")
