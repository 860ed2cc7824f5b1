"""Every CSV the project writes is safe to open in a spreadsheet (no formula injection)."""

import csv
import io
from datetime import date, timedelta

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import app as cli
from app.models.evidence import Visibility
from app.models.report import AdjustmentAction, ChronologyAdjustment, ReportFormat, ReportKind
from app.reports.csv import FORMULA_STARTS, csv_bytes, neutralise
from app.services import audit
from app.services.context import Actor
from app.services.reporting.render import render_report
from tests import factories
from tests.factories import World

# One payload for each character a spreadsheet may read as the start of a formula.
PAYLOADS = [
    '=HYPERLINK("http://example.invalid","click")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def _assert_safe(rows: list[list[str]], expected: list[str]) -> None:
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), repr(cell)
    for payload in expected:
        assert "'" + payload in cells, payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_quotes_each_formula_start(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


def test_neutralise_leaves_ordinary_text_and_numbers_alone() -> None:
    assert neutralise("Stair gate fitted") == "Stair gate fitted"
    assert neutralise("2026-06-01") == "2026-06-01"
    assert neutralise(-1) == -1
    assert neutralise(None) == ""
    content = csv_bytes(["a", "b"], [["=1", 2]]).decode("utf-8-sig")
    assert content == "a,b\r\n'=1,2\r\n"


def test_chronology_csv_neutralises_every_payload(session: Session, world: World) -> None:
    factories.goal(session, world.assessment_a, [world.mother_a], title=PAYLOADS[0])
    for n, payload in enumerate(PAYLOADS):
        # stored as they might arrive from any route, leading whitespace included
        session.add(
            ChronologyAdjustment(
                family_id=world.family_a.id,
                action=AdjustmentAction.add,
                occurred_on=date.today() - timedelta(days=n + 1),
                event=payload,
                source=payload,
                significance=payload,
                visibility=Visibility.shared,
                reason="Added for the court",
                created_by_id=world.worker_a.id,
            )
        )
    session.commit()
    built = render_report(
        session, Actor(world.lead_a), world.family_a.id, ReportKind.chronology, ReportFormat.csv
    )
    rows = list(csv.reader(io.StringIO(built.content.decode("utf-8-sig"), newline="")))
    _assert_safe(rows, PAYLOADS)


def test_audit_trail_export_neutralises_every_payload(
    session: Session, world: World, tmp_path
) -> None:
    for payload in PAYLOADS:
        audit.record_anonymous(
            session,
            "sign_in",
            "user",
            payload,
            client_address=payload,
            request_id=payload,
            family_id=world.family_a.id,
        )
    session.commit()
    out = tmp_path / "trail.csv"
    result = CliRunner().invoke(
        cli, ["audit", "export", "--family", world.family_a.case_reference, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    _assert_safe(rows, PAYLOADS)
