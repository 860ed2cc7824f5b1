"""The demo case load works through the JSON API for every kind of user (no 5xx)."""

from datetime import date, timedelta

from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app
from app.db import get_engine
from app.demo import load as demo
from app.models.account import User

runner = CliRunner()
PER_FAMILY = (
    "", "/members", "/assessments", "/entries", "/stage-ratings", "/reviews", "/comments",
    "/timeline", "/scores", "/rewards", "/consequences",
)  # fmt: skip


def test_demo_sign_ins_read_their_families(api_as) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke(app, ["demo"]).exit_code == 0
    emails = [s.email for s in demo.demo_sign_ins()]
    with Session(get_engine(), expire_on_commit=False) as session:
        users = {u.email: u for u in session.exec(select(User).where(User.email.in_(emails)))}  # type: ignore[attr-defined]
    assert set(users) == set(emails)
    for email in emails:
        client = api_as(users[email])
        listed = client.get("/api/v1/families")
        assert listed.status_code == 200, (email, listed.text)
        body = listed.json()
        families = body["items"] if isinstance(body, dict) else body
        if users[email].role.value == "admin":
            assert families == []
            continue
        assert families, email
        for family in families[:2]:
            for path in PER_FAMILY:
                r = client.get(f"/api/v1/families/{family['id']}{path}")
                assert r.status_code == 200, (email, path, r.status_code, r.text[:300])
            year = f"from={date.today() - timedelta(days=365)}&to={date.today()}"
            weekly = client.get(f"/api/v1/families/{family['id']}/scores/weekly?{year}")
            assert weekly.status_code == 200, (email, weekly.text[:300])
