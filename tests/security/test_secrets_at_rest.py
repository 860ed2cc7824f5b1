"""Secrets the server must read back (authenticator keys) are encrypted at rest."""

from collections.abc import Iterator

import pyotp
import pytest
import sqlalchemy as sa
from alembic import command
from cryptography.fernet import InvalidToken
from pydantic import ValidationError
from sqlmodel import Session
from typer.testing import CliRunner

from app import crypto
from app.cli import app as cli
from app.config import Settings, get_settings
from app.models.credentials import TotpEnrolment
from app.services.context import Actor
from app.services.identity import totp
from tests.conftest import alembic_config
from tests.factories import World

KEY_A = crypto.generate_key()
KEY_B = crypto.generate_key()


@pytest.fixture
def use_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def use(keys: str) -> None:
        monkeypatch.setenv("CCT_ENCRYPTION_KEY", keys)
        get_settings.cache_clear()

    yield use
    monkeypatch.undo()
    get_settings.cache_clear()


def _stored(session: Session, user_id: object) -> str:
    raw = session.execute(
        sa.text("SELECT secret FROM totpenrolment WHERE user_id = :id"),
        {"id": user_id.hex if session.bind.dialect.name == "sqlite" else user_id},  # type: ignore[attr-defined, union-attr]
    ).scalar_one()
    session.commit()
    return str(raw)


def test_the_authenticator_key_is_stored_encrypted(session: Session, world: World) -> None:
    enrolment = totp.begin_enrolment(session, Actor(world.worker_a))
    stored = _stored(session, world.worker_a.id)
    assert enrolment.secret not in stored
    assert crypto.is_token(stored)
    assert crypto.decrypt(stored) == enrolment.secret
    session.expire_all()
    assert session.get(TotpEnrolment, world.worker_a.id).secret == enrolment.secret  # type: ignore[union-attr]
    # and it still checks codes
    code = pyotp.TOTP(enrolment.secret).now()
    assert totp.confirm_enrolment(session, Actor(world.worker_a), code)


def test_keys_rotate_re_encrypts_under_the_new_key(
    session: Session, world: World, use_keys
) -> None:
    use_keys(KEY_A)
    enrolment = totp.begin_enrolment(session, Actor(world.worker_a))
    under_a = _stored(session, world.worker_a.id)
    use_keys(f"{KEY_B},{KEY_A}")  # new key first, the old one still opens
    result = CliRunner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 1 secret" in result.output
    under_b = _stored(session, world.worker_a.id)
    assert under_b != under_a
    use_keys(KEY_B)  # the old key dropped: everything still opens
    assert crypto.decrypt(under_b) == enrolment.secret
    session.expire_all()
    assert session.get(TotpEnrolment, world.worker_a.id).secret == enrolment.secret  # type: ignore[union-attr]
    session.commit()  # an open transaction would hold SQLite's write lock against the command
    use_keys(KEY_A)
    with pytest.raises(InvalidToken):
        crypto.decrypt(under_b)
    # rotating with a key list that opens nothing fails plainly
    result = CliRunner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 1 and "none of the keys" in result.output


def test_keys_generate_prints_a_usable_key() -> None:
    result = CliRunner().invoke(cli, ["keys", "generate"])
    assert result.exit_code == 0
    assert Settings(encryption_key=result.output.strip()).encryption_key_list


def test_production_refuses_to_start_without_a_key() -> None:
    with pytest.raises(ValidationError, match="CCT_ENCRYPTION_KEY must be set in production"):
        Settings(environment="production", secret_key="k" * 40)
    with pytest.raises(ValidationError, match="Fernet keys"):
        Settings(encryption_key="not-a-key")
    Settings(environment="production", secret_key="k" * 40, encryption_key=KEY_A)


def test_migration_encrypts_existing_plain_secrets(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    config = alembic_config(url)
    command.upgrade(config, "7dc3c95ef183")
    engine = sa.create_engine(url)
    plain = pyotp.random_base32()
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO user (id, version, display_name, role, email, is_active, created_at)"
                " VALUES ('0123456789abcdef0123456789abcdef', 1, 'Tess Tester', 'SOCIAL_WORKER',"
                " 'tess@example.test', 1, '2026-11-30 09:00:00')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO totpenrolment (user_id, secret, created_at, last_step) "
                "VALUES ('0123456789abcdef0123456789abcdef', :s, '2026-11-30 09:00:00', 0)"
            ),
            {"s": plain},
        )
    command.upgrade(config, "head")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT secret FROM totpenrolment")).scalar_one()
    assert stored != plain and crypto.decrypt(stored) == plain
    command.downgrade(config, "7dc3c95ef183")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT secret FROM totpenrolment")).scalar_one() == plain
    engine.dispose()
