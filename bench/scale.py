"""``make bench-scale``: page times on PostgreSQL at 100 families and at 100,000.

Seeds 100 families into two fresh PostgreSQL databases, then adds the rest of the
families to the second (``cct seed`` copies them in with COPY), spread over a team
per hundred families so every worker keeps a realistic case load. Both databases
are vacuumed, analysed and checkpointed, as a database in service would be, so the
timings do not include writing out the load. Then the caseload page, a family page
and the JSON timeline, for the busiest of the first hundred families and one of
its social workers, are timed one request at a time (the median of 30), taking
turns between the two databases so both meet the same load from the rest of the
machine. Each page should take at most twice as long in the large database. Not
part of CI: the full scale takes a while.

Environment: BENCH_SCALE_FAMILIES (default 100000), BENCH_PG_URL (default the
local PostgreSQL), BENCH_SCALE_KEEP=1 to keep both databases afterwards (to read
the query plans; drop them by hand).
"""

import json
import os
import statistics
import subprocess
import sys
import time
import uuid

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.__main__ import PG_URL, ROOT, SERVE_ENV, Target, load, run_cct, start, stop

FAMILIES = int(os.environ.get("BENCH_SCALE_FAMILIES", "100000"))
KEEP = os.environ.get("BENCH_SCALE_KEEP") == "1"
SMALL = 100
PORT = 8110
TARGET_RATIO = 2.0


def prepare(url: str) -> dict[str, str]:
    """The busiest of the first hundred families, its team lead (API) and a worker (web)."""
    code = f"""
import json, os
os.environ["CCT_DATABASE_URL"] = {url!r}
from sqlmodel import Session, select, func, col
from app.db import get_engine
from app.models import Allocation, Family, ProgressEntry, User, Role
from app.services.identity import auth
with Session(get_engine(), expire_on_commit=False) as s:
    fid, n = s.exec(select(ProgressEntry.family_id, func.count())
                    .join(Family, col(Family.id) == ProgressEntry.family_id)
                    .where(col(Family.case_reference).like("SEED-%"))
                    .group_by(ProgressEntry.family_id)
                    .order_by(func.count().desc()).limit(1)).one()
    fam = s.get(Family, fid)
    lead = s.exec(select(User).where(User.role == Role.team_lead, User.team_id == fam.team_id)).first()
    worker = s.exec(select(User).join(Allocation, Allocation.user_id == User.id)
                    .where(Allocation.family_id == fid, Allocation.ended_at.is_(None))).first()
    caseload = s.exec(select(func.count()).select_from(Allocation)
                      .where(Allocation.user_id == worker.id, Allocation.ended_at.is_(None))).one()
    token = auth.create_api_token(s, lead, "bench-scale")
    cookie, _ = auth.start_session(s, lead)
    worker_cookie, _ = auth.start_session(s, worker)
    print(json.dumps(dict(family=str(fid), token=token, cookie=cookie, worker_cookie=worker_cookie,
                          entries=n, caseload=caseload)))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def targets(facts: dict[str, str], port: int) -> list[Target]:
    base = f"http://127.0.0.1:{port}"
    return [
        Target(
            f"caseload page ({facts['caseload']} families)",
            f"{base}/caseload",
            {"Cookie": f"cct_session={facts['worker_cookie']}"},
        ),
        Target(
            "family page",
            f"{base}/families/{facts['family']}",
            {"Cookie": f"cct_session={facts['cookie']}"},
        ),
        Target(
            f"JSON timeline ({facts['entries']} entries)",
            f"{base}/api/v1/families/{facts['family']}/timeline?limit=50",
            {"Authorization": f"Bearer {facts['token']}"},
        ),
    ]


def side_by_side(small: Target, large: Target, times: int = 30) -> tuple[float, float]:
    """The median time of one request to each database, in ms, taking turns request
    by request so both meet the same load from the rest of the machine."""
    took: tuple[list[float], list[float]] = ([], [])
    with httpx.Client(timeout=30) as client:
        for target in (small, large):
            target.send(client)  # warm: templates compiled, connections open
        for _ in range(times):
            for target, into in zip((small, large), took, strict=True):
                t0 = time.perf_counter()
                target.send(client)
                into.append((time.perf_counter() - t0) * 1000)
    return statistics.median(took[0]), statistics.median(took[1])


def settle(url: str) -> str:
    """Vacuum and analyse after the load, as a database in service would have been, and
    checkpoint so writing out the load does not slow the audit commits being timed."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        families = conn.execute(sa.text("SELECT count(*) FROM family")).scalar_one()
        entries = conn.execute(sa.text("SELECT count(*) FROM progressentry")).scalar_one()
        conn.execute(sa.text("VACUUM ANALYZE"))
        conn.execute(sa.text("CHECKPOINT"))
    engine.dispose()
    return f"{families:,} families, {entries:,} progress entries"


def main() -> None:
    base = make_url(PG_URL)
    tag = uuid.uuid4().hex[:8]
    names = (f"cct_scale_{tag}_small", f"cct_scale_{tag}_large")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    urls = [base.set(database=name).render_as_string(hide_password=False) for name in names]
    # no view kept (app.services.views.reuse): every timed request reads its page afresh,
    # which is what grows with the database
    envs = [
        {**os.environ, "CCT_DATABASE_URL": url, **SERVE_ENV, "CCT_VIEWS_KEPT": "0"} for url in urls
    ]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for env in envs:
            run_cct(env, "db", "upgrade")
            run_cct(env, "seed", "--families", str(SMALL))
        print(f"PostgreSQL scale benchmark; load: {load()}")
        rest = FAMILIES - SMALL
        t0 = time.perf_counter()
        teams = max(1, rest // 100)
        run_cct(
            envs[1], "seed", "--families", str(rest), "--prefix", "BULK",
            "--teams", str(teams), "--staff", "Bulk",
        )  # fmt: skip
        seeded = time.perf_counter() - t0
        t0 = time.perf_counter()
        sizes = [settle(url) for url in urls]
        print(
            f"  seeded {rest:,} more families in {seeded:.0f} s (vacuum, analyse and "
            f"checkpoint {time.perf_counter() - t0:.0f} s); load: {load()}"
        )
        print(f"  small database: {sizes[0]}; large database: {sizes[1]}")
        pages = []
        for i, url in enumerate(urls):
            pages.append(targets(prepare(url), PORT + i))
            procs.append(start(envs[i], "app.main:app", PORT + i))
        print(
            f"  {'page (one request at a time, median of 30)':<44} {SMALL:>9} "
            f"{FAMILIES:>9,} {'ratio':>6}"
        )
        for small_page, large_page in zip(*pages, strict=True):
            a, b = side_by_side(small_page, large_page)
            verdict = "ok" if b <= TARGET_RATIO * a else f"OVER {TARGET_RATIO:.0f}x"
            print(f"  {large_page.name:<44} {a:>7.1f}ms {b:>7.1f}ms {b / a:>6.2f} {verdict}")
        print(f"  load: {load()}")
    finally:
        stop(*procs)
        if KEEP:
            print(f"  kept for EXPLAIN: {', '.join(names)}")
        else:
            with admin.connect() as conn:
                for name in names:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
