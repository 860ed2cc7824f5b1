"""Subject access export: everything about one family, nothing about another, no secrets."""

import json

from sqlmodel import select
from typer.testing import CliRunner

from app.cli import app as cli
from app.models.audit import AuditEvent
from app.services import audit
from app.services.context import Actor


def test_export_holds_everything_about_the_family(world, session, tmp_path) -> None:
    audit.record_now(session, Actor(world.worker_a), "read", "family", "", world.family_a.id)
    out = tmp_path / "sar" / "ashdown.json"
    result = CliRunner().invoke(cli, ["export-family", "CCT-A-0001", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    records = data["records"]
    assert data["family"]["case_reference"] == "CCT-A-0001"
    names = {m["full_name"] for m in records["familymember"]}
    assert names == {"Jo Ashdown", "Lee Ashdown", "Kit Ashdown"}
    observations = {e["observation"] for e in records["progressentry"]}
    # internal entries too: a subject access request is answered in full, then redacted by people
    assert world.internal_entry_a.observation in observations
    assert {g["title"] for g in records["goal"]} >= {world.goal_a.title}
    assert records["goalparent"] and records["milestone"] and records["reward"]
    assert records["consequence"] and records["allocation"] and records["assessment"]
    # the parents' accounts, without their password hashes
    assert {u["email"] for u in records["user"]} == {world.parent_a.email, world.parent_a2.email}
    assert "password_hash" not in text and "$argon2" not in text
    # the audit trail, including this export
    actions = [e["action"] for e in records["auditevent"]]
    assert "read" in actions and actions[-1] == "export"
    # nothing about the other family
    assert "Brockley" not in text and world.goal_b.title not in text
    assert str(world.family_b.id) not in text


def test_export_is_audited_and_unknown_family_fails(world, session, tmp_path) -> None:
    out = tmp_path / "x.json"
    assert CliRunner().invoke(cli, ["export-family", "NO-SUCH", "--out", str(out)]).exit_code == 1
    assert (
        CliRunner().invoke(cli, ["export-family", "CCT-B-0001", "--out", str(out)]).exit_code == 0
    )
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.family_id == world.family_b.id and event.entity == "family"
