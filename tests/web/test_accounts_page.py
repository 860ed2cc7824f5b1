"""The administrator's home: every account and team, read-only, nothing of any case."""

from sqlmodel import select

from app.models.account import Role, Team
from app.models.audit import AuditEvent
from tests import factories


def test_admin_home_lists_accounts_and_teams(world, web_as, session) -> None:
    disabled = factories.user(session, "Una Gone", Role.social_worker, world.team_a)
    disabled.is_active = False
    session.add(disabled)
    session.commit()
    r = web_as(world.admin).get("/")
    assert r.status_code == 200
    assert "not ready yet" not in r.text
    accounts = r.text.split('id="accounts"', 1)[1].split("</table>", 1)[0]
    row = accounts.split(f'id="account-{world.worker_a.id}"', 1)[1].split("</tr>", 1)[0]
    for text in ("Sam Okoro", world.worker_a.email, "Social worker", "Riverside Team", "Active"):
        assert text in row
    gone = accounts.split(f'id="account-{disabled.id}"', 1)[1].split("</tr>", 1)[0]
    assert "Disabled" in gone
    assert "Ada Admin" in accounts and "Administrator" in accounts
    teams = r.text.split('id="teams"', 1)[1].split("</table>", 1)[0]
    riverside = teams.split(f'id="team-{world.team_a.id}"', 1)[1].split("</tr>", 1)[0]
    # Lena Marsh, Sam Okoro, Ria Patel (the disabled account does not count)
    assert ">3<" in riverside.replace(" ", "").replace("\n", "")
    # an administrator sees no case record
    assert "Ashdown family" not in r.text and "CCT-A-0001" not in r.text
    listed = session.exec(
        select(AuditEvent).where(AuditEvent.actor_id == world.admin.id, AuditEvent.action == "list")
    ).all()
    assert [(e.entity, e.outcome) for e in listed] == [("user", "ok")]


def test_accounts_page_asks_the_same_number_of_queries(
    world, web_as, session, count_queries
) -> None:
    admin = web_as(world.admin)
    admin.get("/accounts")  # the first request of a session also records it as seen
    with count_queries() as small:
        assert admin.get("/accounts").status_code == 200
    for n in range(6):
        team = Team(name=f"Extra Team {n}")
        session.add(team)
        session.flush()
        factories.user(session, f"Extra Worker {n}", Role.social_worker, team)
    session.commit()
    with count_queries() as large:
        page = admin.get("/accounts")
    assert "Extra Worker 5" in page.text and "Extra Team 5" in page.text
    assert large.count == small.count, large.statements
