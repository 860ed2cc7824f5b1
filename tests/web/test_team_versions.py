"""A team edited in two tabs: the second change, based on the older version, is refused
with 409 and the stale-edit page (who changed it, when, both names), input kept."""

import re

from sqlmodel import Session, select

from app.models.account import Team
from app.models.audit import AuditEvent

VERSION = re.compile(r'name="version" value="(\d+)"')


def _team(session: Session, name: str) -> Team:
    team = Team(name=name)
    session.add(team)
    session.commit()
    return team


def _version_on(html: str) -> str:
    found = VERSION.search(html)
    assert found, "the form carries no version"
    return found.group(1)


def test_renaming_in_two_tabs_refuses_the_second_with_409(world, web_as, session) -> None:
    team = _team(session, "Kestrel Team")
    admin = web_as(world.admin)
    first_tab = admin.get(f"/accounts/teams/{team.id}")
    second_tab = admin.get(f"/accounts/teams/{team.id}")
    seen = _version_on(second_tab.text)

    saved = admin.post(
        f"/accounts/teams/{team.id}",
        data={"csrf_token": admin.csrf_token, "name": "Kestrel North", "version": seen},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert _version_on(first_tab.text) == seen
    stale = admin.post(
        f"/accounts/teams/{team.id}",
        data={"csrf_token": admin.csrf_token, "name": "Kestrel South", "version": seen},
    )

    assert stale.status_code == 409
    assert "This team was changed by Ada Admin" in stale.text
    assert "Kestrel North" in stale.text  # their version, saved
    assert 'value="Kestrel South"' in stale.text  # yours, kept in the form
    assert _version_on(stale.text) == str(int(seen) + 1)  # saving again applies yours
    session.refresh(team)
    assert (team.name, team.version) == ("Kestrel North", int(seen) + 1)
    lost = session.exec(
        select(AuditEvent).where(
            AuditEvent.entity == "team",
            AuditEvent.entity_id == str(team.id),
            AuditEvent.outcome == "conflict",
        )
    ).all()
    assert len(lost) == 1
    session.commit()  # the test's read ends before the next write

    again = admin.post(
        f"/accounts/teams/{team.id}",
        data={"csrf_token": admin.csrf_token, "name": "Kestrel South", "version": seen},
    )
    assert again.status_code == 409
    resaved = admin.post(
        f"/accounts/teams/{team.id}",
        data={
            "csrf_token": admin.csrf_token,
            "name": "Kestrel South",
            "version": _version_on(stale.text),
        },
        follow_redirects=False,
    )
    assert resaved.status_code == 303
    session.refresh(team)
    assert team.name == "Kestrel South"


def test_deleting_a_team_renamed_meanwhile_is_refused(world, web_as, session) -> None:
    team = _team(session, "Merlin Team")
    admin = web_as(world.admin)
    seen = _version_on(admin.get(f"/accounts/teams/{team.id}").text)
    admin.post(
        f"/accounts/teams/{team.id}",
        data={"csrf_token": admin.csrf_token, "name": "Merlin East", "version": seen},
    )

    stale = admin.post(
        f"/accounts/teams/{team.id}/delete",
        data={"csrf_token": admin.csrf_token, "version": seen},
    )

    assert stale.status_code == 409
    assert "This team was changed by Ada Admin" in stale.text
    session.expire_all()
    assert session.get(Team, team.id) is not None


def test_the_api_refuses_a_rename_or_delete_based_on_an_older_version(world, api_as) -> None:
    admin = api_as(world.admin)
    made = admin.post("/api/v1/teams", json={"name": "Harrier Team"}).json()
    assert made["version"] == 1
    path = f"/api/v1/teams/{made['id']}"

    renamed = admin.patch(path, json={"name": "Harrier North", "version": 1})
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    stale = admin.patch(path, json={"name": "Harrier South", "version": 1})

    assert stale.status_code == 409
    assert stale.json()["current"] == {"id": made["id"], "name": "Harrier North", "version": 2}
    assert admin.delete(path, params={"version": 1}).status_code == 409
    listed = {t["name"]: t for t in admin.get("/api/v1/teams").json()}
    assert listed["Harrier North"]["version"] == 2
    assert admin.delete(path, params={"version": 2}).status_code == 204
