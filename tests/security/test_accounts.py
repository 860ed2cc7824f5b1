"""Account lifecycle: invitations, one-time links, the password rule, ending sessions."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.models.account import Role, User
from app.models.audit import AuditEvent
from app.models.base import utcnow
from app.models.credentials import AccountInvite, OneTimeLink
from app.services.context import Actor
from app.services.errors import Invalid, NotAllowed, NotFound, NotSignedIn
from app.services.identity import accounts, auth, passwords

GOOD = "amber-lantern-quietly-73"


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def _invite(session: Session, actor: Actor | None, **kw: object) -> accounts.IssuedLink:
    data = {"email": "new.person@example.test", "display_name": "Nia Newman", **kw}
    return accounts.invite(session, actor, AccountInvite.model_validate(data))


def test_set_up_link_works_once(world, api_as, client, session) -> None:
    answer = api_as(world.admin).post(
        "/api/v1/users",
        json={
            "email": "Ivy.Stone@Example.test",
            "display_name": "Ivy Stone",
            "role": "social_worker",
            "team_id": str(world.team_a.id),
        },
    )
    assert answer.status_code == 201, answer.text
    link = answer.json()["link"]
    assert "/account/set-up/" in link
    token = _token(link)
    # only a hash of the token is kept
    stored = session.exec(select(OneTimeLink.token_hash)).all()
    assert token not in stored and auth.token_digest(token) in stored
    session.rollback()  # end the read: SQLite transactions here take the write lock

    first = client.post("/api/v1/account/password", json={"token": token, "password": GOOD})
    assert first.status_code == 204, first.text
    again = client.post("/api/v1/account/password", json={"token": token, "password": GOOD + "x"})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "token"]
    user = auth.authenticate(session, "ivy.stone@example.test", GOOD)
    assert user.role == Role.social_worker and user.team_id == world.team_a.id


def test_link_expires_after_48_hours(world, session, monkeypatch) -> None:
    issued = _invite(session, Actor(world.admin), role="admin")
    later = utcnow() + timedelta(hours=48, minutes=1)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    with pytest.raises(Invalid) as refused:
        accounts.redeem(session, _token(issued.link), GOOD)
    assert refused.value.field == "token"
    monkeypatch.setattr(accounts, "utcnow", lambda: later - timedelta(minutes=2))
    assert accounts.redeem(session, _token(issued.link), GOOD).password_hash


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("a" * 11, "12 characters or more"),
        ("a" * 129, "128 characters or fewer"),
        ("qwertyuiop123", "too common"),
        ("QwertyUiop123", "too common"),
        ("new.person@example.test", "name or email"),
    ],
)
def test_password_rule_refuses(world, session, password, reason) -> None:
    issued = _invite(session, None, role="admin")
    with pytest.raises(Invalid) as refused:
        accounts.redeem(session, _token(issued.link), password)
    assert refused.value.field == "password" and reason in refused.value.message
    # the link still works after a refused password
    assert accounts.redeem(session, _token(issued.link), "x" * 12 + "é" * 116)


def test_password_rule_accepts_the_limits() -> None:
    passwords.check("correct horse battery staple, twice" * 3 + "!!!!!"[: 128 - 105])
    passwords.check("pl4nt-p0t-sky")
    assert len(passwords.common_passwords()) > 30_000


def test_hash_is_argon2id_at_owasp_minimum(world, session) -> None:
    issued = _invite(session, None, role="admin")
    user = accounts.redeem(session, _token(issued.link), GOOD)
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_team_lead_invites_within_their_team_only(world, session) -> None:
    lead = Actor(world.lead_a)
    worker = _invite(session, lead, role="social_worker")
    assert worker.user.team_id == world.team_a.id
    with pytest.raises(Invalid):
        _invite(
            session, lead, email="b@example.test", role="social_worker", team_id=world.team_b.id
        )
    with pytest.raises(Invalid):
        _invite(session, lead, email="c@example.test", role="admin")
    with pytest.raises(NotFound):
        _invite(session, Actor(world.worker_a), email="d@example.test", role="social_worker")


def test_parent_accounts_are_for_parents_the_lead_can_see(world, session) -> None:
    lead = Actor(world.lead_a)
    from tests.factories import member

    carer = member(session, world.family_a, "Dee Ashdown", relationship="grandmother")
    session.commit()
    issued = _invite(session, lead, role="parent", family_member_id=carer.id)
    assert issued.user.family_member_id == carer.id
    with pytest.raises(Invalid):  # another team's family
        _invite(
            session,
            lead,
            email="e@example.test",
            role="parent",
            family_member_id=world.parent_b_member.id,
        )
    with pytest.raises(Invalid):  # a child
        _invite(
            session, lead, email="f@example.test", role="parent", family_member_id=world.child_a.id
        )
    with pytest.raises(Invalid):  # already has an account
        _invite(
            session, lead, email="g@example.test", role="parent", family_member_id=world.mother_a.id
        )


def test_workers_and_parents_cannot_invite(world, api_as) -> None:
    body = {"email": "h@example.test", "display_name": "Hal Hope", "role": "social_worker"}
    assert api_as(world.worker_a).post("/api/v1/users", json=body).status_code == 404
    assert api_as(world.parent_a).post("/api/v1/users", json=body).status_code == 404


def test_disabling_ends_sessions_and_tokens(world, api_as, session) -> None:
    token_one, _ = auth.start_session(session, world.worker_a)
    token_two, _ = auth.start_session(session, world.worker_a)
    worker_api = api_as(world.worker_a)
    assert worker_api.get("/api/v1/me").status_code == 200
    answer = api_as(world.admin).post(f"/api/v1/users/{world.worker_a.id}/disable")
    assert answer.status_code == 200 and answer.json()["is_active"] is False
    session.expire_all()
    for token in (token_one, token_two):
        with pytest.raises(NotSignedIn):
            auth.resume_session(session, token)
    session.rollback()
    assert worker_api.get("/api/v1/me").status_code == 401
    with pytest.raises(NotSignedIn):
        auth.authenticate(session, world.worker_a.email, "plum-kettle-orbit-42")
    actions = session.exec(
        select(AuditEvent.action).where(AuditEvent.entity_id == str(world.worker_a.id))
    ).all()
    assert "disable" in actions


def test_lead_cannot_disable_another_team_or_themselves(world, api_as) -> None:
    lead = api_as(world.lead_a)
    assert lead.post(f"/api/v1/users/{world.worker_b.id}/disable").status_code == 404
    assert lead.post(f"/api/v1/users/{world.lead_a.id}/disable").status_code == 404
    assert lead.post(f"/api/v1/users/{world.worker_a2.id}/disable").status_code == 200


def test_nobody_disables_themselves(world, session) -> None:
    with pytest.raises(NotAllowed):
        accounts.set_active(session, Actor(world.admin), world.admin.id, False)


def test_password_change_ends_other_sessions(world, session) -> None:
    kept, kept_row = auth.start_session(session, world.parent_a)
    other, _ = auth.start_session(session, world.parent_a)
    accounts.change_password(
        session, Actor(world.parent_a), "plum-kettle-orbit-42", GOOD, keep_session_id=kept_row.id
    )
    session.expire_all()
    assert auth.resume_session(session, kept)[0].id == world.parent_a.id
    with pytest.raises(NotSignedIn):
        auth.resume_session(session, other)
    assert auth.authenticate(session, world.parent_a.email, GOOD)


def test_password_change_needs_the_current_password(world, session) -> None:
    with pytest.raises(Invalid) as refused:
        accounts.change_password(session, Actor(world.parent_a), "wrong-one-entirely", GOOD)
    assert refused.value.field == "current_password"


def test_reset_link_replaces_earlier_links_and_ends_sessions(
    world, api_as, client, session
) -> None:
    live, _ = auth.start_session(session, world.parent_a)
    lead = api_as(world.lead_a)
    first = lead.post(f"/api/v1/users/{world.parent_a.id}/reset-link").json()["link"]
    second = lead.post(f"/api/v1/users/{world.parent_a.id}/reset-link").json()["link"]
    assert "/account/reset/" in second
    old = client.post("/api/v1/account/password", json={"token": _token(first), "password": GOOD})
    assert old.status_code == 422
    new = client.post("/api/v1/account/password", json={"token": _token(second), "password": GOOD})
    assert new.status_code == 204
    session.expire_all()
    with pytest.raises(NotSignedIn):
        auth.resume_session(session, live)
    # another team's lead can't reach this account
    assert (
        api_as(world.lead_b).post(f"/api/v1/users/{world.parent_a.id}/reset-link").status_code
        == 404
    )


def test_cli_invite_prints_the_link(world, session) -> None:
    from typer.testing import CliRunner

    from app.cli import app

    result = CliRunner().invoke(
        app,
        [
            "user",
            "invite",
            "--email",
            "cli.person@example.test",
            "--name",
            "Cal Ives",
            "--role",
            "team_lead",
            "--team",
            world.team_b.name,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "/account/set-up/" in result.output
    user = session.exec(select(User).where(User.email == "cli.person@example.test")).one()
    assert user.team_id == world.team_b.id and user.password_hash is None
    session.rollback()
    bad = CliRunner().invoke(
        app,
        [
            "user",
            "invite",
            "--email",
            "x@example.test",
            "--name",
            "X",
            "--role",
            "team_lead",
            "--team",
            "No Such Team",
        ],
    )
    assert bad.exit_code == 1 and "No team called" in bad.output


def test_unknown_user_is_not_found(world, session) -> None:
    import uuid

    with pytest.raises(NotFound):
        accounts.issue_reset(session, Actor(world.admin), uuid.uuid4())
