"""cct user set-role | move and cct team create | rename: the accounts pages' rules,
through the same service, audited as the command line."""

from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app.cli import app
from app.db import get_engine
from app.models.account import Allocation, Role, Team, User
from app.models.audit import AuditEvent
from tests import factories

runner = CliRunner()


def _fresh(model: type[User] | type[Team], ident: object) -> User | Team | None:
    """Read in a session of its own: the command needs the write lock on SQLite."""
    with Session(get_engine(), expire_on_commit=False) as session:
        return session.get(model, ident)


def _events(action: str) -> list[AuditEvent]:
    with Session(get_engine(), expire_on_commit=False) as session:
        return list(
            session.exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
            ).all()
        )


def test_set_role_keeps_the_team_and_is_audited_as_the_command_line(
    world: factories.World,
) -> None:
    email = world.worker_a2.email

    result = runner.invoke(app, ["user", "set-role", email, "team_lead"])

    assert result.exit_code == 0, result.output
    assert f"{email} is now team lead in Riverside Team" in result.output
    user = _fresh(User, world.worker_a2.id)
    assert isinstance(user, User)
    assert (user.role, user.team_id, user.version) == (Role.team_lead, world.team_a.id, 2)
    [event] = _events("change_role")
    assert (event.entity_id, event.actor_id, event.request_id) == (str(user.id), None, "cli")


def test_move_needs_confirming_when_a_family_is_left_without_a_worker(
    world: factories.World,
) -> None:
    email = world.worker_a.email
    refused = runner.invoke(app, ["user", "move", email, "Hillcrest Team"])

    assert refused.exit_code == 1
    assert isinstance(refused.exception, SystemExit)
    assert (
        "confirm_unallocated" in refused.output and "no allocated social worker" in refused.output
    )
    user = _fresh(User, world.worker_a.id)
    assert isinstance(user, User) and user.team_id == world.team_a.id

    moved = runner.invoke(app, ["user", "move", email, "Hillcrest Team", "--confirm-unallocated"])

    assert moved.exit_code == 0, moved.output
    assert "now need allocating by their team lead" in moved.output
    user = _fresh(User, world.worker_a.id)
    assert isinstance(user, User) and user.team_id == world.team_b.id
    with Session(get_engine()) as session:
        open_allocations = session.exec(
            select(Allocation).where(
                Allocation.user_id == world.worker_a.id, col(Allocation.ended_at).is_(None)
            )
        ).all()
    assert open_allocations == []
    ended = _events("end_allocation")
    # each ended allocation sits in its family's own trail, where its team lead sees it
    assert ended and all(e.family_id == world.family_a.id and e.request_id == "cli" for e in ended)
    [changed] = _events("change_team")
    assert (changed.actor_id, changed.request_id) == (None, "cli")


def test_the_guard_rails_of_the_accounts_page_hold(world: factories.World) -> None:
    cases = {
        "at least one active administrator": [
            "set-role", world.admin.email, "social_worker", "--team", "Riverside Team",
        ],
        "A parent's account stays a parent's account": [
            "set-role", world.parent_a.email, "social_worker", "--team", "Riverside Team",
        ],
        "Only social workers and team leads belong to a team": [
            "move", world.admin.email, "Riverside Team",
        ],
        "No team called 'Nowhere'": ["move", world.worker_b.email, "Nowhere"],
        "account not found": ["move", "nobody@example.test", "Riverside Team"],
        "role": ["set-role", world.worker_b.email, "superuser"],
    }  # fmt: skip
    for expected, args in cases.items():
        result = runner.invoke(app, ["user", *args])
        assert result.exit_code != 0, expected
        assert isinstance(result.exception, SystemExit), (expected, result.exception)
        assert expected in result.output, (expected, result.output)
    assert _events("change_role") == [] and _events("change_team") == []


def test_teams_are_made_and_renamed_by_the_accounts_service(world: factories.World) -> None:
    assert runner.invoke(app, ["team", "create", "  Osprey   Team "]).exit_code == 0
    # the same name in other letters is the same team, as on the accounts page
    clash = runner.invoke(app, ["team", "create", "osprey team"])
    assert clash.exit_code == 1 and "already exists" in clash.output
    taken = runner.invoke(app, ["team", "rename", "Osprey Team", "riverside team"])
    assert taken.exit_code == 1 and "already exists" in taken.output

    renamed = runner.invoke(app, ["team", "rename", "Osprey Team", "Osprey North"])

    assert renamed.exit_code == 0, renamed.output
    with Session(get_engine()) as session:
        team = session.exec(select(Team).where(Team.name == "Osprey North")).one()
    assert team.version == 2
    events = [(e.action, e.request_id) for e in _events("create") + _events("rename")]
    assert ("create", "cli") in events and ("rename", "cli") in events
