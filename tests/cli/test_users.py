"""cct user, team and token: accounts made with the same rules as the account service."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import app
from app.db import get_engine
from app.models.account import Role, Team, User
from app.services.identity import auth
from tests import factories

runner = CliRunner()
PASSWORD = "violet-anchor-meadow-93"


def _user(email: str) -> User | None:
    """Read in a session of its own: the command needs the write lock on SQLite."""
    with Session(get_engine(), expire_on_commit=False) as session:
        return session.exec(select(User).where(User.email == email)).first()


def _create(*args: str, password: str = PASSWORD) -> object:
    return runner.invoke(app, ["user", "create", *args, "--password-stdin"], input=password + "\n")


def test_user_and_token_work_against_the_api() -> None:
    assert runner.invoke(app, ["team", "create", "Osprey Team"]).exit_code == 0
    result = _create(
        "--email", "Nell.Quarry@Example.test", "--name", "Nell Quarry",
        "--role", "social_worker", "--team", "Osprey Team",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = _user("nell.quarry@example.test")
    assert user is not None and user.role == Role.social_worker
    assert auth.verify_password(user.password_hash, PASSWORD)
    token_result = runner.invoke(
        app, ["token", "create", "--email", "nell.quarry@example.test", "--name", "laptop"]
    )
    assert token_result.exit_code == 0, token_result.output
    token = re.search(r"cct_\S+", token_result.output)
    assert token is not None
    from app.main import app as web_app

    with TestClient(web_app) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group()}"})
    assert me.status_code == 200
    assert me.json()["email"] == "nell.quarry@example.test"


def test_password_is_asked_for_twice() -> None:
    runner.invoke(app, ["team", "create", "Osprey Team"])
    args = ["user", "create", "--email", "ty.lark@example.test", "--name", "Ty Lark"]
    args += ["--role", "team_lead", "--team", "Osprey Team"]
    result = runner.invoke(app, args, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert _user("ty.lark@example.test") is not None


def test_bad_input_is_a_clean_error() -> None:
    runner.invoke(app, ["team", "create", "Osprey Team"])
    base = ["--email", "x.y@example.test", "--name", "Xan Yew"]
    cases = {
        "role": _create(*base, "--role", "superuser", "--team", "Osprey Team"),
        "12 characters": _create(*base, "--role", "admin", password="too-short"),
        "too common": _create(*base, "--role", "admin", password="password1234"),
        "cct team create": _create(*base, "--role", "social_worker", "--team", "Nowhere"),
        "needs --team": _create(*base, "--role", "social_worker"),
        "--member-id": _create(*base, "--role", "parent"),
        "email": _create("--email", "not-an-email", "--name", "Xan", "--role", "admin"),
    }
    for expected, result in cases.items():
        assert result.exit_code != 0, expected  # type: ignore[attr-defined]
        assert isinstance(result.exception, SystemExit), expected  # type: ignore[attr-defined]
        assert expected in result.output, (expected, result.output)  # type: ignore[attr-defined]
    assert _user("x.y@example.test") is None


def test_duplicate_email_and_team_are_refused() -> None:
    assert (
        _create("--email", "a.b@example.test", "--name", "Ana Bo", "--role", "admin").exit_code == 0
    )
    again = _create("--email", "A.B@example.test", "--name", "Ana Bo", "--role", "admin")
    assert again.exit_code == 1 and "already exists" in again.output
    assert runner.invoke(app, ["team", "create", "Osprey Team"]).exit_code == 0
    assert runner.invoke(app, ["team", "create", "Osprey Team"]).exit_code == 1
    with Session(get_engine()) as fresh:
        assert len(fresh.exec(select(Team).where(Team.name == "Osprey Team")).all()) == 1


def test_parent_account_speaks_for_a_family_member(
    session: Session, world: factories.World
) -> None:
    carer = factories.member(session, world.family_a, "Rue Ashdown", relationship="aunt")
    carer_id, child_id = carer.id, world.child_a.id
    session.commit()
    result = _create(
        "--email", "rue@example.test", "--name", "Rue Ashdown", "--role", "parent",
        "--member-id", str(carer_id),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = _user("rue@example.test")
    assert user is not None and user.family_member_id == carer_id and user.team_id is None
    child = _create(
        "--email", "kit@example.test", "--name", "Kit Ashdown", "--role", "parent",
        "--member-id", str(child_id),
    )  # fmt: skip
    assert child.exit_code == 1 and "parents and carers" in child.output


def test_token_for_an_unknown_account() -> None:
    result = runner.invoke(
        app, ["token", "create", "--email", "nobody@example.test", "--name", "x"]
    )
    assert result.exit_code == 1
    assert "no account" in result.output


def test_lists(world: factories.World) -> None:
    users = runner.invoke(app, ["user", "list"])
    assert users.exit_code == 0
    assert world.worker_a.email in users.output
    teams = runner.invoke(app, ["team", "list"])
    assert teams.exit_code == 0 and "Riverside Team" in teams.output
