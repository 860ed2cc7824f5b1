"""Recorded exports: the Export row, the audit event, the API, `cct export` and `cct verify`."""

import csv
import io
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app as cct
from app.models.account import User
from app.models.audit import AuditEvent
from app.models.report import Export, ReportFormat, ReportKind
from app.reports.evidence import sha256
from app.services.context import Actor
from app.services.reporting import exports
from tests import factories
from tests.factories import World
from tests.reports import case as case_builder


def test_export_is_recorded_and_audited(session: Session, world: World) -> None:
    case_builder.build(session, world)
    done = exports.export_report(
        session, Actor(world.worker_a), world.family_a.id, ReportKind.chronology, ReportFormat.csv
    )
    record = session.exec(select(Export)).one()
    assert record.created_by_id == world.worker_a.id
    assert record.file_sha256 == sha256(done.built.content)
    assert record.evidence_sha256 == done.built.sealed.sha256
    assert record.filename == done.built.filename
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.family_id == world.family_a.id and event.entity_id == str(record.id)


def test_verify_unchanged_changed_file_and_changed_evidence(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    done = exports.export_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.docx
    )
    ok = exports.verify(session, None, done.built.content)
    assert ok.known and ok.evidence_unchanged and not ok.changes

    tampered = exports.verify(session, None, done.built.content + b" ")
    assert not tampered.known and tampered.evidence_unchanged is None

    # evidence changes afterwards: one entry amended, one added, one entered in error
    stair = factories.entry(session, world.goal_a, world.worker_a, score=1, days_ago=1)
    amendment = factories.entry(session, world.goal_a, world.worker_a, score=-2, days_ago=40)
    amendment.amends_id = built.amended_final.id
    amendment.amendment_reason = "Second correction"
    world.shared_entry_a.entered_in_error_at = stair.recorded_at
    world.shared_entry_a.entered_in_error_reason = "Duplicate"
    session.add(world.shared_entry_a)
    session.commit()
    changed = exports.verify(session, None, done.built.content)
    assert changed.known and changed.evidence_unchanged is False
    text = "\n".join(changed.changes)
    assert f"progress entry added since: entry:{stair.id}" in text
    assert f"progress entry {built.amended_final.id} amended since" in text
    assert f"marked entered in error since: entry:{world.shared_entry_a.id}" in text
    assert len(changed.changes) == 3


def test_api_export_for_lead_and_worker_only(
    session: Session, world: World, api_as: Callable[[User], TestClient]
) -> None:
    case_builder.build(session, world)
    url = f"/api/v1/families/{world.family_a.id}/reports/chronology.csv"
    answer = api_as(world.lead_a).get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert "Stair gate fitted" in answer.content.decode("utf-8-sig")
    assert api_as(world.worker_a).get(url).status_code == 200
    assert api_as(world.lead_b).get(url).status_code == 404  # another team's lead
    assert api_as(world.worker_a2).get(url).status_code == 404  # not allocated
    assert api_as(world.parent_a).get(url).status_code == 404
    assert api_as(world.lead_a).get(url.replace(".csv", ".xls")).status_code == 422
    assert len(session.exec(select(Export)).all()) == 2


def test_every_report_kind_has_a_csv(
    session: Session, world: World, api_as: Callable[[User], TestClient]
) -> None:
    """Defect: asking for the assessment CSV answered 422 (only the chronology had one)."""
    case_builder.build(session, world)
    for kind in ("assessment", "review"):
        url = f"/api/v1/families/{world.family_a.id}/reports/{kind}.csv"
        answer = api_as(world.lead_a).get(url)
        assert answer.status_code == 200, (kind, answer.text[:300])
        assert answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows[0] == ["Section", "Table", "Row", "Column", "Value"]
        assert all(len(r) == 5 for r in rows)
        values = [r[4] for r in rows]
        if kind == "review":
            assert "Level −2 at the last review, 0 now (up)." in values
        else:
            levels = [r for r in rows if r[1].startswith("The five levels of") and r[3] == "Level"]
            # "+2" would start a formula: the one CSV writer quotes it
            assert [r[4] for r in levels[:5]] == ["−2", "−1", "0", "'+1", "'+2"]
            assert "Jo has engaged well." in values


def test_cct_export_team_and_verify(session: Session, world: World, tmp_path: Path) -> None:
    case_builder.build(session, world)
    runner = CliRunner()
    result = runner.invoke(
        cct,
        [
            "export",
            "--team",
            "Riverside Team",
            "--report",
            "chronology",
            "--format",
            "csv",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.iterdir())
    assert [f.name.split("-chronology-")[0] for f in files] == ["CCT-A-0001"]
    verified = runner.invoke(cct, ["verify", str(files[0])])
    assert verified.exit_code == 0, verified.output
    assert "Evidence unchanged" in verified.output
    factories.entry(session, world.goal_a, world.worker_a, score=1, days_ago=0)
    session.commit()
    changed = runner.invoke(cct, ["verify", str(files[0])])
    assert changed.exit_code == 3 and "EVIDENCE CHANGED" in changed.output
    files[0].write_bytes(files[0].read_bytes() + b"x")
    assert runner.invoke(cct, ["verify", str(files[0])]).exit_code == 2
