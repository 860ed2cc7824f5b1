"""``make bench``: throughput and latency of CCT against a bare baseline, in one run.

For each case-load size the harness seeds a fresh SQLite database (a team of
five social workers per 100 families, so each holds about 20), starts the
baseline app (bench/baseline.py) and CCT on it, and drives both with wrk from a
separate process (one wrk thread, 20 connections). Every figure is printed with
its ratio to the baseline's requests per second, and with the time of one
request alone. The server's CPU time per request under that load (user +
system, from /proc) is printed too, with its ratio to the baseline's: on a
machine doing other work, req/s moves with the other work and CPU time much
less. The three reads are measured again on a second CCT process that keeps no
views (``CCT_VIEWS_KEPT=0``), so each request works its page out afresh, as the
first read after a change does. A fixed number of requests of each kind then checks that the
audit rows written equal the requests served. Then 50 concurrent writers post
progress entries, on SQLite (one app process) and on PostgreSQL (two app
processes sharing the database); every write the server acknowledged must be
found in the database.

Environment: BENCH_SIZES (default "100,5000"), BENCH_SECONDS (default 10),
BENCH_WRITE_SECONDS (default 30), BENCH_PG_URL (default the local PostgreSQL),
BENCH_PORT (default 8100: the servers take the six ports after it),
BENCH_POSTGRES=0, BENCH_WRITERS=0 or BENCH_REPORTS=0 to leave those parts out.
"""

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app.demo.load import SEED_TEAMS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100,5000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WRITE_SECONDS = int(os.environ.get("BENCH_WRITE_SECONDS", "30"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WRITERS = 50
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
# the servers listen on the six ports after this one
PORT = int(os.environ.get("BENCH_PORT", "8100"))
LINE = re.compile(r"BENCH (.*)")
# measured as served in production: no template reloading, secure defaults off for http
SERVE_ENV = {"CCT_ENVIRONMENT": "test"}


@dataclass
class Result:
    name: str
    rps: float
    p50: float
    p95: float
    errors: int
    created: int = 0
    alone_ms: float = 0.0
    # the server process's CPU time (user + system) per request served under load:
    # steadier than req/s on a machine with other work
    cpu_ms: float = 0.0


def wrk(name: str, url: str, script: str, env: dict[str, str], conns: int, secs: int) -> Result:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{conns}",
            f"-d{secs}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / script),
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    ).stdout
    match = LINE.search(out)
    if match is None:
        raise RuntimeError(f"wrk printed no summary for {name}:\n{out}")
    f = dict(kv.split("=") for kv in match.group(1).split())
    return Result(
        name,
        rps=int(f["requests"]) / float(f["seconds"]),
        p50=float(f["p50_ms"]),
        p95=float(f["p95_ms"]),
        errors=int(f["errors"]),
        created=int(f.get("created", 0)),
    )


def run_cct(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "cct"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def start(env: dict[str, str], module: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    cmd = [str(BIN / "uvicorn"), module, "--port", str(port), "--log-level", "warning"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    with socket.socket() as probe:  # a taken port would have us measure another server
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is taken: set BENCH_PORT to a free range")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    for _ in range(100):
        if proc.poll() is not None:
            raise RuntimeError(f"{module} did not start on port {port}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{module} did not start on port {port}")


def stop(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=20)


def prepare(url: str) -> dict[str, str]:
    """Pick the busiest family; sign in its team lead (API token) and social worker (web)."""
    code = f"""
import json, os
os.environ["CCT_DATABASE_URL"] = {url!r}
from sqlmodel import Session, select, func
from app.db import get_engine
from app.models import Allocation, Family, Goal, ProgressEntry, User, Role
from app.services.identity import auth
with Session(get_engine(), expire_on_commit=False) as s:
    fid, n = s.exec(select(ProgressEntry.family_id, func.count()).group_by(ProgressEntry.family_id)
                    .order_by(func.count().desc()).limit(1)).one()
    fam = s.get(Family, fid)
    goal = s.exec(select(Goal).where(Goal.family_id == fid)).first()
    lead = s.exec(select(User).where(User.role == Role.team_lead, User.team_id == fam.team_id)).first()
    worker = s.exec(select(User).join(Allocation, Allocation.user_id == User.id)
                    .where(Allocation.family_id == fid, Allocation.ended_at.is_(None))).first()
    token = auth.create_api_token(s, lead, "bench")
    cookie, _ = auth.start_session(s, lead)
    worker_cookie, _ = auth.start_session(s, worker)
    print(json.dumps(dict(family=str(fid), goal=str(goal.id), token=token, cookie=cookie,
                          worker_cookie=worker_cookie, entries=n)))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@dataclass
class Target:
    name: str
    url: str
    headers: dict[str, str]
    body: str | None = None  # a POST with this JSON body

    def send(self, client: httpx.Client) -> int:
        if self.body is None:
            return client.get(self.url, headers=self.headers).status_code
        return client.post(
            self.url,
            headers={**self.headers, "Content-Type": "application/json"},
            content=self.body,
        ).status_code

    def wrk_env(self) -> dict[str, str]:
        env: dict[str, str] = {}
        if "Authorization" in self.headers:
            env["BENCH_AUTH"] = self.headers["Authorization"]
        if "Cookie" in self.headers:
            env["BENCH_COOKIE"] = self.headers["Cookie"]
        if self.body is not None:
            env["BENCH_BODY"] = self.body
        return env


def alone(target: Target, times: int = 30) -> float:
    """The median time of one request with nothing else running, in ms."""
    took = []
    with httpx.Client(timeout=30) as client:
        target.send(client)  # warm: templates compiled, connections open
        for _ in range(times):
            t0 = time.perf_counter()
            target.send(client)
            took.append((time.perf_counter() - t0) * 1000)
    return statistics.median(took)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(target: Target, secs: int, pid: int = 0) -> Result:
    ids_dir = Path(tempfile.mkdtemp(prefix="bench-ids-"))
    try:
        env = target.wrk_env()
        script = "wrk_get.lua"
        if target.body is not None:
            script = "wrk_post.lua"
            env["BENCH_IDS_DIR"] = str(ids_dir)
        cpu_before = cpu_seconds(pid)
        result = wrk(target.name, target.url, script, env, CONNECTIONS, secs)
        served = result.rps * secs
        if pid and served:
            result.cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / served
    finally:
        shutil.rmtree(ids_dir)
    result.alone_ms = alone(target)
    return result


def audit_rows(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(sa.text("SELECT count(*) FROM auditevent")).scalar_one())
    engine.dispose()
    return n


def audit_check(url: str, target: Target, requests: int = 400) -> str:
    """Serve a fixed number of requests, 20 at a time: audit rows must grow by as many events.

    The first request alone says how many events one request writes.
    """
    with httpx.Client(timeout=60) as client:
        before = audit_rows(url)
        assert target.send(client) < 300
        per_request = audit_rows(url) - before
        before = audit_rows(url)

        def one(_: int) -> int:
            with httpx.Client(timeout=60) as c:
                return target.send(c)

        with ThreadPoolExecutor(CONNECTIONS) as pool:
            statuses = list(pool.map(one, range(requests)))
        served = sum(1 for s in statuses if s < 300)
        written = audit_rows(url) - before
    ok = written == served * per_request and per_request >= 1
    return (
        f"  audit: {target.name}: {served} of {requests} served, {per_request} event(s) each, "
        f"{written} audit rows written ({'equal' if ok else 'MISMATCH'})"
    )


def entry_body() -> str:
    return json.dumps(
        {
            "occurred_on": time.strftime("%Y-%m-%d"),
            "gas_score": 0,
            "observation": "Bench: home visit, all rooms safe.",
            "source": "home_visit",
            "significance": "routine",
            "visibility": "shared",
        }
    )


def count_rows(url: str, ids: list[str]) -> int:
    engine = sa.create_engine(url)
    found = 0
    with engine.connect() as conn:
        for start_at in range(0, len(ids), 500):
            chunk = ids[start_at : start_at + 500]
            if engine.dialect.name == "sqlite":
                chunk = [uuid.UUID(i).hex for i in chunk]
            found += conn.execute(
                sa.text("SELECT count(*) FROM progressentry WHERE id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            ).scalar_one()
    engine.dispose()
    return found


def writers(label: str, url: str, env: dict[str, str], workers: int, port: int) -> Result:
    facts = prepare(url)
    proc = start(env, "app.main:app", port, workers)
    ids_dir = Path(tempfile.mkdtemp(prefix="bench-ids-"))
    try:
        result = wrk(
            f"50 writers, {label}",
            f"http://127.0.0.1:{port}/api/v1/goals/{facts['goal']}/entries",
            "wrk_post.lua",
            {
                "BENCH_BODY": entry_body(),
                "BENCH_AUTH": f"Bearer {facts['token']}",
                "BENCH_IDS_DIR": str(ids_dir),
            },
            conns=WRITERS,
            secs=WRITE_SECONDS,
        )
    finally:
        stop(proc)
    ids = [line for f in ids_dir.glob("ids-*.txt") for line in f.read_text().split()]
    shutil.rmtree(ids_dir)
    found = count_rows(url, ids)
    print(
        f"  {result.name}: {result.rps:.0f} writes/s, p50 {result.p50:.1f} ms, "
        f"p95 {result.p95:.1f} ms, errors {result.errors}; acknowledged {len(ids)}, "
        f"found in the database {found} ({'all there' if found == len(ids) else 'MISSING'})"
    )
    return result


def one_size(size: int, workdir: Path) -> None:
    url = f"sqlite:///{workdir / f'bench-{size}.db'}"
    env = {**os.environ, "CCT_DATABASE_URL": url, **SERVE_ENV}
    t0 = time.perf_counter()
    run_cct(env, "db", "upgrade")
    # a team of five workers per 100 families (as bench-scale seeds): each worker holds
    # about 20, a real case load, however many families the database holds
    teams = max(len(SEED_TEAMS), size // 100)
    run_cct(env, "seed", "--families", str(size), "--teams", str(teams))
    print(
        f"\n== {size} families, {teams} teams of five workers (seeded in "
        f"{time.perf_counter() - t0:.1f} s); load: {load()}"
    )
    facts = prepare(url)
    base = start(env, "bench.baseline:app", PORT + 1)
    cct = start(env, "app.main:app", PORT + 2)
    # the same reads with no view kept: each request works its page out again, as
    # the first read after a change does (app.services.views.reuse)
    fresh = start({**env, "CCT_VIEWS_KEPT": "0"}, "app.main:app", PORT + 6)
    cct_url = f"http://127.0.0.1:{PORT + 2}"
    fresh_url = f"http://127.0.0.1:{PORT + 6}"
    api = {"Authorization": f"Bearer {facts['token']}"}
    targets = [
        Target("baseline: one row", f"http://127.0.0.1:{PORT + 1}/one-row", {}),
        Target(
            f"JSON timeline ({facts['entries']} entries)",
            f"{cct_url}/api/v1/families/{facts['family']}/timeline?limit=50",
            api,
        ),
        Target(
            "caseload page (HTML)",
            f"{cct_url}/caseload",
            {"Cookie": f"cct_session={facts['worker_cookie']}"},
        ),
        Target(
            "family page (HTML)",
            f"{cct_url}/families/{facts['family']}",
            {"Cookie": f"cct_session={facts['cookie']}"},
        ),
        Target(
            "create a progress entry",
            f"{cct_url}/api/v1/goals/{facts['goal']}/entries",
            api,
            entry_body(),
        ),
    ]
    rebuilt = [
        Target(
            f"{t.name.split(' (')[0]}, no view kept", t.url.replace(cct_url, fresh_url), t.headers
        )
        for t in targets[1:4]
    ]
    checks = []
    try:
        results = [measure(targets[0], SECONDS, base.pid)]
        results += [measure(t, SECONDS, cct.pid) for t in targets[1:4]]
        # before creating entries, which adds a thousand or so to the busiest family
        results += [measure(t, SECONDS, fresh.pid) for t in rebuilt]
        results += [measure(targets[4], SECONDS, cct.pid)]
        checks = [audit_check(url, t) for t in targets[1:]]
    finally:
        stop(base, cct, fresh)
    baseline = results[0]
    print(
        f"  {'measure':<36} {'req/s':>7} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'errors':>6} {'alone ms':>8} {'CPU ms':>7} {'CPU ratio':>9}"
    )
    for r in results:
        cpu_ratio = baseline.cpu_ms / r.cpu_ms if r.cpu_ms else 0.0
        print(
            f"  {r.name:<36} {r.rps:>7.0f} {r.rps / baseline.rps:>6.3f} "
            f"{r.p50:>8.1f} {r.p95:>8.1f} {r.errors:>6} {r.alone_ms:>8.1f} "
            f"{r.cpu_ms:>7.2f} {cpu_ratio:>9.3f}"
        )
    for line in checks:
        print(line)
    if size == SIZES[0] and os.environ.get("BENCH_WRITERS", "1") != "0":
        writers("SQLite, 1 process", url, {**env}, 1, PORT + 3)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def postgres() -> None:
    base = make_url(PG_URL)
    name = f"cct_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    env = {**os.environ, "CCT_DATABASE_URL": url, **SERVE_ENV}
    try:
        run_cct(env, "db", "upgrade")
        run_cct(env, "seed", "--families", str(SIZES[0]))
        print(f"\n== PostgreSQL, {SIZES[0]} families, cct serve --workers 2; load: {load()}")
        writers("PostgreSQL, 2 processes", url, env, 2, PORT + 4)
        pg_reads(url, env)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def pg_reads(url: str, env: dict[str, str]) -> None:
    """Reads' audit on PostgreSQL: group commit against one insert per request."""
    facts = prepare(url)
    for group_commit in ("true", "false"):
        proc = start({**env, "CCT_AUDIT_GROUP_COMMIT": group_commit}, "app.main:app", PORT + 5, 2)
        try:
            target = Target(
                "JSON timeline",
                f"http://127.0.0.1:{PORT + 5}/api/v1/families/{facts['family']}/timeline?limit=50",
                {"Authorization": f"Bearer {facts['token']}"},
            )
            r = measure(target, SECONDS)
        finally:
            stop(proc)
        how = "group commit" if group_commit == "true" else "one insert per request"
        print(
            f"  reads, {how:<22}: {r.rps:.0f} req/s, p50 {r.p50:.1f} ms, "
            f"p95 {r.p95:.1f} ms, errors {r.errors}"
        )


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("The benchmark drives load with wrk: install it first (apt-get install wrk).")
    workdir = Path(tempfile.mkdtemp(prefix="cct-bench-"))
    print(
        f"CCT benchmark: wrk -t1 -c{CONNECTIONS}, {SECONDS} s per measure; ratios are to the "
        f"baseline's req/s; 'alone' is the median of 30 requests one at a time; load: {load()}"
    )
    try:
        for size in SIZES:
            one_size(size, workdir)
        if os.environ.get("BENCH_POSTGRES", "1") != "0":
            postgres()
        if os.environ.get("BENCH_REPORTS", "1") == "0":
            return
        try:
            from bench import reports
        except ImportError:
            return
        reports.main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
