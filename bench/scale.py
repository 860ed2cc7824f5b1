"""``make bench-scale``: page times on PostgreSQL at 100 families and at 100,000.

Seeds 100 families into a fresh PostgreSQL database and times the caseload page,
a family page and the JSON timeline, one request at a time (the median of 30),
for the busiest of those families and one of its social workers. Then adds the
rest of the families (``cct seed`` copies them in with COPY), spread over a team
per hundred families so every worker keeps a realistic case load, refreshes the
planner's statistics and times the same pages again. Each page should take at
most twice its time at 100 families. Not part of CI: the full scale takes a while.

Environment: BENCH_SCALE_FAMILIES (default 100000), BENCH_PG_URL (default the
local PostgreSQL).
"""

import json
import os
import subprocess
import sys
import time
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.__main__ import PG_URL, ROOT, SERVE_ENV, Target, alone, load, run_cct, start, stop

FAMILIES = int(os.environ.get("BENCH_SCALE_FAMILIES", "100000"))
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


def targets(facts: dict[str, str]) -> list[Target]:
    base = f"http://127.0.0.1:{PORT}"
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


def time_pages(env: dict[str, str], facts: dict[str, str]) -> list[float]:
    proc = start(env, "app.main:app", PORT)
    try:
        pages = targets(facts)
        return [alone(page) for page in pages]
    finally:
        stop(proc)


def counts(url: str) -> str:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        families = conn.execute(sa.text("SELECT count(*) FROM family")).scalar_one()
        entries = conn.execute(sa.text("SELECT count(*) FROM progressentry")).scalar_one()
        conn.execute(sa.text("ANALYZE"))
        conn.commit()
    engine.dispose()
    return f"{families:,} families, {entries:,} progress entries"


def main() -> None:
    base = make_url(PG_URL)
    name = f"cct_scale_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    env = {**os.environ, "CCT_DATABASE_URL": url, **SERVE_ENV}
    try:
        run_cct(env, "db", "upgrade")
        run_cct(env, "seed", "--families", str(SMALL))
        print(f"PostgreSQL scale benchmark; load: {load()}")
        print(f"  {SMALL} families: {counts(url)}")
        facts = prepare(url)
        small = time_pages(env, facts)
        rest = FAMILIES - SMALL
        t0 = time.perf_counter()
        teams = max(1, rest // 100)
        run_cct(
            env, "seed", "--families", str(rest), "--prefix", "BULK",
            "--teams", str(teams), "--staff", "Bulk",
        )  # fmt: skip
        print(
            f"  seeded {rest:,} more families in {time.perf_counter() - t0:.0f} s: {counts(url)}; "
            f"load: {load()}"
        )
        large = time_pages(env, facts)
        print(
            f"  {'page (one request at a time, median of 30)':<44} {SMALL:>9} "
            f"{FAMILIES:>9,} {'ratio':>6}"
        )
        for page, a, b in zip(targets(facts), small, large, strict=True):
            verdict = "ok" if b <= TARGET_RATIO * a else f"OVER {TARGET_RATIO:.0f}x"
            print(f"  {page.name:<44} {a:>7.1f}ms {b:>7.1f}ms {b / a:>6.2f} {verdict}")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
