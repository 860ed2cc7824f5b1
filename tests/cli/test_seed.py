"""cct seed: scale data added on top of what is there, one commit per batch."""

from sqlmodel import Session, col, func, select
from typer.testing import CliRunner

from app.cli import app
from app.demo import load as demo
from app.models.account import Team
from app.models.evidence import ProgressEntry
from app.models.family import Family

runner = CliRunner()


def _references(session: Session) -> list[str]:
    found = list(session.exec(select(Family.case_reference).order_by(Family.case_reference)))
    session.rollback()
    return found


def test_seed_adds_families_with_entries(session: Session) -> None:
    result = runner.invoke(app, ["seed", "--families", "12", "--entries-per-family", "6"])
    assert result.exit_code == 0, result.output
    assert "Added 12 families" in result.output
    assert _references(session) == [f"SEED-{i:06d}" for i in range(1, 13)]
    per_family = session.exec(
        select(ProgressEntry.family_id, func.count()).group_by(ProgressEntry.family_id)
    ).all()
    assert len(per_family) == 12
    # about the number asked for: corrections add a row now and then
    assert all(3 <= n <= 9 for _, n in per_family)
    assert sum(n for _, n in per_family) >= 12 * 5


def test_seed_adds_on_top_and_reuses_its_staff(session: Session) -> None:
    assert runner.invoke(app, ["seed", "--families", "3"]).exit_code == 0
    assert runner.invoke(app, ["seed", "--families", "4"]).exit_code == 0
    assert runner.invoke(app, ["seed", "--families", "2", "--prefix", "BENCH"]).exit_code == 0
    refs = _references(session)
    assert refs == [f"BENCH-{i:06d}" for i in (1, 2)] + [f"SEED-{i:06d}" for i in range(1, 8)]
    teams = session.exec(select(Team.name).where(col(Team.name).in_(demo.SEED_TEAMS))).all()
    assert sorted(teams) == sorted(demo.SEED_TEAMS)


def test_seed_batches_commit_as_they_go(session: Session) -> None:
    done: list[int] = []
    added = demo.seed_families(session, 5, 2, batch_size=2, progress=done.append)
    assert added == 5 and done == [2, 2, 1]
    assert len(_references(session)) == 5


def test_bad_seed_input_is_a_clean_error(session: Session) -> None:
    for args in (
        ["seed", "--families", "0"],
        ["seed", "--families", "2", "--prefix", "no spaces"],
        ["seed", "--families", "many"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code != 0, args
        assert isinstance(result.exception, SystemExit), args
    assert _references(session) == []


def test_bulk_rows_read_back_exactly_as_written(session: Session) -> None:
    """The bulk insert stores what the ORM would: timestamps, dates, enums and ids."""
    import uuid
    from datetime import UTC, date, datetime, timedelta, timezone

    from app.demo.build import Batch
    from app.models.family import LegalStatus

    team_id, family_id = uuid.uuid4(), uuid.uuid4()
    at = datetime(2025, 3, 30, 1, 2, 3, 456789, tzinfo=timezone(timedelta(hours=1)))
    batch = Batch()
    batch.add(Team, id=team_id, name="Plover Team", created_at=datetime(2024, 1, 2, tzinfo=UTC))
    batch.add(
        Family,
        id=family_id,
        case_reference="PLOVER-1",
        family_name="Quillby family",
        team_id=team_id,
        legal_status=LegalStatus.plo_pre_proceedings,
        proceedings_issued_on=None,
        involved_since=date(2024, 2, 29),
        created_at=at,
        updated_at=at,
    )
    assert batch.flush(session) == 2
    session.commit()
    session.expire_all()
    family = session.get(Family, family_id)
    assert family is not None
    assert family.team_id == team_id and family.version == 1
    assert family.legal_status == LegalStatus.plo_pre_proceedings
    assert family.involved_since == date(2024, 2, 29) and family.proceedings_issued_on is None
    assert family.created_at == at and family.created_at.tzinfo is not None
    team = session.get(Team, team_id)
    assert team is not None and team.created_at == datetime(2024, 1, 2, tzinfo=UTC)
    session.rollback()


def test_seed_at_scale_spreads_families_over_more_teams(session: Session) -> None:
    result = runner.invoke(
        app, ["seed", "--families", "8", "--prefix", "BULK", "--teams", "4", "--staff", "Bulk"]
    )
    assert result.exit_code == 0, result.output
    assert "bulk.lead.1@" in result.output
    names = demo.seed_team_names("Bulk", 4)
    teams = session.exec(select(Team).where(col(Team.name).in_(names))).all()
    assert sorted(t.name for t in teams) == sorted(names)
    per_team = session.exec(select(Family.team_id, func.count()).group_by(Family.team_id)).all()
    assert sorted(n for _, n in per_team) == [2, 2, 2, 2]
    session.rollback()
    # a second run finds the same staff
    again = ["seed", "--families", "4", "--prefix", "BULK", "--teams", "4", "--staff", "Bulk"]
    second = runner.invoke(app, again)
    assert second.exit_code == 0, second.output
    assert len(session.exec(select(Team).where(col(Team.name).in_(names))).all()) == 4
