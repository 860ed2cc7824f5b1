"""The administrator's accounts pages: filters, invite, role and team, disable and
enable, two-step reset, teams; every action audited, guard rails held, no case record."""

from datetime import UTC, datetime

from sqlmodel import col, select

from app.models.account import Allocation, ApiToken, Role, Team, User, WebSession
from app.models.audit import AuditEvent
from app.models.credentials import TotpEnrolment
from app.services.identity import auth
from tests import factories


def _events(session, actor, action):
    found = session.exec(
        select(AuditEvent).where(AuditEvent.actor_id == actor.id, AuditEvent.action == action)
    ).all()
    # end the read (SQLite transactions here take the write lock) without expiring anything
    session.commit()
    return found


def _fresh(session, model, key):
    found = session.get(model, key, populate_existing=True)
    session.commit()
    return found


def _accounts_table(html: str) -> str:
    return html.split('id="accounts"', 1)[1].split("</table>", 1)[0]


def test_filters_by_role_team_and_status(world, web_as, session) -> None:
    gone = factories.user(session, "Una Gone", Role.social_worker, world.team_a)
    gone.is_active = False
    session.add(gone)
    session.commit()
    admin = web_as(world.admin)
    page = admin.get("/accounts", params={"role": "social_worker", "team": str(world.team_a.id)})
    assert page.status_code == 200
    table = _accounts_table(page.text)
    assert "Sam Okoro" in table and "Ria Patel" in table and "Una Gone" in table
    assert "Tom Hale" not in table and "Lena Marsh" not in table and "Ada Admin" not in table
    disabled = _accounts_table(admin.get("/accounts", params={"status": "disabled"}).text)
    assert "Una Gone" in disabled and "Sam Okoro" not in disabled
    no_team = _accounts_table(admin.get("/accounts", params={"team": "none"}).text)
    assert "Ada Admin" in no_team and "Sam Okoro" not in no_team
    # the filters are kept in the form
    assert 'value="social_worker" selected' in page.text


def test_invalid_filter_is_an_error_message_not_dropped(world, web_as) -> None:
    admin = web_as(world.admin)
    page = admin.get(
        "/accounts", params={"role": "' OR 1=1--", "team": "../../etc/passwd", "status": "active"}
    )
    assert page.status_code == 422
    assert "govuk-error-summary" in page.text
    assert 'href="#role"' in page.text and 'href="#team"' in page.text
    assert "Choose a role from the list" in page.text
    assert "Choose a team from the list" in page.text
    # the valid filter still applies and stays chosen
    assert 'value="active" selected' in page.text
    assert "Ada Admin" in _accounts_table(page.text)


def test_admin_invites_a_worker_and_sees_the_link_once(world, web_as, session) -> None:
    admin = web_as(world.admin)
    form = {
        "csrf_token": admin.csrf_token,
        "display_name": "Ivy Stone",
        "email": "ivy.stone@example.test",
        "role": "social_worker",
        "team_id": str(world.team_b.id),
    }
    answer = admin.post("/accounts/invite", data=form)
    assert answer.status_code == 200, answer.text
    assert "/account/set-up/" in answer.text
    ivy = session.exec(select(User).where(User.email == "ivy.stone@example.test")).one()
    session.commit()
    assert ivy.team_id == world.team_b.id and ivy.password_hash is None
    assert [e.entity_id for e in _events(session, world.admin, "create")] == [str(ivy.id)]


def test_invite_errors_keep_the_input(world, web_as) -> None:
    admin = web_as(world.admin)
    form = {"csrf_token": admin.csrf_token, "display_name": "Ivy", "email": "", "role": "parent"}
    answer = admin.post("/accounts/invite", data=form)
    assert answer.status_code == 422
    assert "Enter their email address" in answer.text and 'href="#email"' in answer.text
    assert 'href="#role"' in answer.text
    assert 'value="Ivy"' in answer.text


def test_moving_a_worker_asks_before_leaving_families_unallocated(world, web_as, session) -> None:
    admin = web_as(world.admin)
    before = world.worker_a.version
    page = admin.get(f"/accounts/{world.worker_a.id}")
    assert page.status_code == 200 and "Sam Okoro" in page.text
    assert "Ashdown" not in page.text and "CCT-A" not in page.text
    form = {
        "csrf_token": admin.csrf_token,
        "role": "social_worker",
        "team_id": str(world.team_b.id),
        "version": str(before),
    }
    asked = admin.post(f"/accounts/{world.worker_a.id}/role", data=form)
    assert asked.status_code == 422
    assert "leaves 1 family with no allocated social worker" in asked.text
    assert 'name="confirm_unallocated"' in asked.text
    assert _fresh(session, User, world.worker_a.id).team_id == world.team_a.id

    done = admin.post(
        f"/accounts/{world.worker_a.id}/role",
        data=form | {"confirm_unallocated": "yes"},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert "1 family now has no allocated social worker" in done.text
    moved = _fresh(session, User, world.worker_a.id)
    assert moved.team_id == world.team_b.id and moved.version == before + 1
    open_ = session.exec(
        select(Allocation).where(
            Allocation.user_id == moved.id,
            Allocation.ended_at.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    session.commit()
    assert open_ == []
    # the family's own trail says the allocation ended, so its team lead sees it
    ended = _events(session, world.admin, "end_allocation")
    assert [e.family_id for e in ended] == [world.family_a.id]
    assert [e.entity_id for e in _events(session, world.admin, "change_team")] == [str(moved.id)]


def test_stale_role_change_is_refused(world, web_as) -> None:
    admin = web_as(world.admin)
    form = {
        "csrf_token": admin.csrf_token,
        "role": "team_lead",
        "team_id": str(world.team_a.id),
        "version": str(world.worker_a2.version + 5),
    }
    answer = admin.post(f"/accounts/{world.worker_a2.id}/role", data=form)
    assert answer.status_code == 409
    assert "changed by someone else" in answer.text


def test_last_admin_cannot_demote_or_disable(world, web_as, session) -> None:
    admin = web_as(world.admin)
    form = {"csrf_token": admin.csrf_token, "role": "team_lead", "team_id": str(world.team_a.id)}
    answer = admin.post(f"/accounts/{world.admin.id}/role", data=form)
    assert answer.status_code == 422
    assert "at least one active administrator" in answer.text
    assert _fresh(session, User, world.admin.id).role == Role.admin
    # with a second administrator, the first may step down
    factories.user(session, "Bea Backup", Role.admin)
    session.commit()
    stepped = admin.post(f"/accounts/{world.admin.id}/role", data=form, follow_redirects=False)
    assert stepped.status_code == 303


def test_disable_signs_out_everywhere_and_enable(world, web_as, session) -> None:
    victim = web_as(world.worker_a2)
    assert victim.get("/caseload").status_code == 200
    auth.create_api_token(session, world.worker_a2, "phone")
    admin = web_as(world.admin)
    off = admin.post(
        f"/accounts/{world.worker_a2.id}/disable",
        data={"csrf_token": admin.csrf_token},
        follow_redirects=True,
    )
    assert off.status_code == 200 and "disabled and signed out everywhere" in off.text
    assert victim.get("/caseload", follow_redirects=False).status_code == 303
    live = session.exec(
        select(WebSession).where(
            WebSession.user_id == world.worker_a2.id,
            WebSession.ended_at.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    assert live == []
    tokens = session.exec(
        select(ApiToken)
        .where(ApiToken.user_id == world.worker_a2.id)
        .execution_options(populate_existing=True)
    ).all()
    session.commit()
    assert tokens and all(t.revoked_at is not None for t in tokens)
    on = admin.post(
        f"/accounts/{world.worker_a2.id}/enable",
        data={"csrf_token": admin.csrf_token},
        follow_redirects=True,
    )
    assert "account is enabled" in on.text
    assert len(_events(session, world.admin, "disable")) == 1
    assert len(_events(session, world.admin, "enable")) == 1


def test_disabling_a_worker_says_whose_families_need_reallocating(world, web_as) -> None:
    admin = web_as(world.admin)
    off = admin.post(
        f"/accounts/{world.worker_a.id}/disable",
        data={"csrf_token": admin.csrf_token},
        follow_redirects=True,
    )
    assert "1 family still has them as allocated social worker" in off.text
    assert "their team lead needs to reallocate" in off.text


def test_reset_two_step(world, web_as, session) -> None:
    session.add(
        TotpEnrolment(
            user_id=world.worker_a.id, secret="JBSWY3DPEHPK3PXP", confirmed_at=datetime.now(UTC)
        )
    )
    session.commit()
    admin = web_as(world.admin)
    assert "Set up" in admin.get(f"/accounts/{world.worker_a.id}").text
    answer = admin.post(
        f"/accounts/{world.worker_a.id}/two-step/reset",
        data={"csrf_token": admin.csrf_token},
        follow_redirects=True,
    )
    assert "Two-step sign-in reset for Sam Okoro" in answer.text
    assert _fresh(session, TotpEnrolment, world.worker_a.id) is None
    assert len(_events(session, world.admin, "reset_two_step")) == 1


def test_teams_create_rename_and_delete_only_when_empty(world, web_as, session) -> None:
    admin = web_as(world.admin)
    made = admin.post(
        "/accounts/teams",
        data={"csrf_token": admin.csrf_token, "name": "  Northgate   Team "},
        follow_redirects=False,
    )
    assert made.status_code == 303
    team = session.exec(select(Team).where(Team.name == "Northgate Team")).one()
    session.commit()
    taken = admin.post(
        f"/accounts/teams/{team.id}",
        data={"csrf_token": admin.csrf_token, "name": "riverside team"},
    )
    assert taken.status_code == 422 and "already exists" in taken.text
    renamed = admin.post(
        f"/accounts/teams/{team.id}",
        data={"csrf_token": admin.csrf_token, "name": "Eastgate"},
        follow_redirects=False,
    )
    assert renamed.status_code == 303
    busy = admin.post(
        f"/accounts/teams/{world.team_a.id}/delete", data={"csrf_token": admin.csrf_token}
    )
    assert busy.status_code == 422 and "cannot be deleted" in busy.text
    gone = admin.post(
        f"/accounts/teams/{team.id}/delete",
        data={"csrf_token": admin.csrf_token},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert _fresh(session, Team, team.id) is None
    assert _fresh(session, Team, world.team_a.id) is not None
    actions = [
        e.action
        for e in session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "team", AuditEvent.entity_id == str(team.id))
            .order_by(col(AuditEvent.id))
        ).all()
    ]
    assert actions == ["create", "rename", "delete"]


def test_nobody_else_reaches_the_account_pages(world, web_as, session) -> None:
    for user in (world.lead_a, world.worker_a, world.parent_a):
        client = web_as(user)
        assert client.get(f"/accounts/{world.worker_a.id}").status_code == 404
        assert client.get("/accounts/teams/new").status_code == 404
        answer = client.post(
            f"/accounts/{world.worker_a2.id}/disable", data={"csrf_token": client.csrf_token}
        )
        assert answer.status_code == 404
    assert _fresh(session, User, world.worker_a2.id).is_active
