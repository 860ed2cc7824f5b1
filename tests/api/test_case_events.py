"""Events outside the plan through the API: a police call-out with no goal, to the chronology."""

import csv
import io
from datetime import date, timedelta

from sqlmodel import Session, select

from app.models.audit import AuditEvent

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def call_out(**kw):
    data = {
        "occurred_on": YESTERDAY,
        "source": "police",
        "reported_by": "PC 4471, Westmarsh police",
        "document_reference": "WM-2026-118832",
        "what_happened": "Police called to the home at 23:40 after neighbours reported shouting.",
        "significance_for_child": "Kit was awake and heard the argument; a third call-out "
        "in two months shows the home is still not calm at night.",
    }
    data.update(kw)
    return data


def _chronology(api, family_id) -> list[list[str]]:
    r = api.get(f"/api/v1/families/{family_id}/reports/chronology.csv")
    assert r.status_code == 200, r.text
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))


def test_a_police_call_out_with_no_goal_reaches_the_chronology(world, api_as) -> None:
    api = api_as(world.worker_a)
    r = api.post(f"/api/v1/families/{world.family_a.id}/events", json=call_out())
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["source"] == "police" and "goal_id" not in made
    assert made["recorded_by_name"] == world.worker_a.display_name
    assert made["visibility"] == "internal"  # police information stays internal by default
    rows = _chronology(api_as(world.lead_a), world.family_a.id)
    found = [row for row in rows if any("Police called to the home" in cell for cell in row)]
    assert len(found) == 1
    line = " | ".join(found[0])
    assert "Police, reported by PC 4471, Westmarsh police (ref. WM-2026-118832)" in line
    assert "a third call-out in two months shows the home is still not calm" in line
    # and in the timeline, as significant, with no goal
    timeline = api.get(f"/api/v1/families/{world.family_a.id}/timeline?significant=true").json()
    item = next(i for i in timeline["items"] if i["id"] == made["id"])
    assert item["kind"] == "case_event" and item["goal_id"] is None
    assert item["reported_by"] == "PC 4471, Westmarsh police"


def test_amendment_and_entry_in_error_keep_the_record(world, api_as, session: Session) -> None:
    api = api_as(world.worker_a)
    made = api.post(f"/api/v1/families/{world.family_a.id}/events", json=call_out()).json()
    r = api.post(
        f"/api/v1/events/{made['id']}/amendments",
        json={"reason": "Time corrected from the police log", "what_happened": "At 23:10."},
    )
    assert r.status_code == 201, r.text
    new = r.json()
    assert new["amends_id"] == made["id"] and new["amendment_reason"].startswith("Time")
    assert new["significance_for_child"] == made["significance_for_child"]  # copied
    # only the latest version can be amended
    stale = api.post(
        f"/api/v1/events/{made['id']}/amendments", json={"reason": "x", "reported_by": "y"}
    )
    assert stale.status_code == 409
    history = api.get(f"/api/v1/events/{made['id']}").json()
    assert [v["what_happened"] for v in history["versions"]] == [
        made["what_happened"],
        "At 23:10.",
    ]
    rows = _chronology(api_as(world.lead_a), world.family_a.id)
    line = " | ".join(next(row for row in rows if "At 23:10." in row))
    assert "Time corrected from the police log" in line  # the amendment shows, with why
    wrong = api.post(
        f"/api/v1/events/{new['id']}/entered-in-error", json={"reason": "Another family"}
    )
    assert wrong.status_code == 200 and wrong.json()["entered_in_error"] is True
    again = api.post(f"/api/v1/events/{new['id']}/entered-in-error", json={"reason": "Again"})
    assert again.status_code == 409
    listed = api.get(f"/api/v1/families/{world.family_a.id}/events").json()
    assert [i["entered_in_error"] for i in listed["items"]] == [True]
    rows = _chronology(api_as(world.lead_a), world.family_a.id)
    assert not any(row and row[0].isdigit() and "At 23:10." in row for row in rows)
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity == "caseevent")).all()
    assert {"create", "amend", "entered_in_error", "read", "list"} <= set(actions)


def test_bad_input_is_named_and_nothing_is_written(world, api_as) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/events"
    cases = {
        "source": call_out(source="neighbour"),
        "occurred_on": call_out(occurred_on=(date.today() + timedelta(days=1)).isoformat()),
        "significance_for_child": call_out(significance_for_child="  "),
        "what_happened": call_out(what_happened=""),
        "document_reference": call_out(document_reference="x" * 201),
    }
    for field, body in cases.items():
        r = api.post(url, json=body)
        assert r.status_code == 422, (field, r.text)
        assert field in r.text, field
    assert api.get(url).json()["total"] == 0


def test_parents_see_only_shared_events_and_cannot_record(world, api_as) -> None:
    staff = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/events"
    internal = staff.post(url, json=call_out()).json()
    shared = staff.post(
        url,
        json=call_out(
            source="education",
            reported_by="Head teacher",
            what_happened="Kit excluded for a day after a fight.",
            visibility="shared",
        ),
    ).json()
    parent = api_as(world.parent_a)
    assert [i["id"] for i in parent.get(url).json()["items"]] == [shared["id"]]
    assert parent.get(f"/api/v1/events/{internal['id']}").status_code == 404
    assert parent.post(url, json=call_out()).status_code == 404
    other_team = api_as(world.worker_b)
    assert other_team.get(f"/api/v1/events/{shared['id']}").status_code == 404
    assert other_team.post(url, json=call_out()).status_code == 404


def test_an_event_about_one_parent_reaches_that_parent_only(world, api_as) -> None:
    """A police report about the father, shared with the family, is not the mother's to read."""
    staff = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/events"
    about_him = staff.post(
        url,
        json=call_out(
            what_happened="Lee arrested after a disturbance in town.",
            visibility="shared",
            member_id=str(world.father_a.id),
        ),
    )
    assert about_him.status_code == 201, about_him.text
    made = about_him.json()
    assert made["member_id"] == str(world.father_a.id)
    assert made["member_name"] == world.father_a.full_name
    family_wide = staff.post(
        url, json=call_out(what_happened="Housing repairs finished.", visibility="shared")
    ).json()
    mother, father = api_as(world.parent_a), api_as(world.parent_a2)
    assert [i["id"] for i in mother.get(url).json()["items"]] == [family_wide["id"]]
    assert mother.get(f"/api/v1/events/{made['id']}").status_code == 404
    timeline = mother.get(f"/api/v1/families/{world.family_a.id}/timeline").text
    assert "Lee arrested" not in timeline
    assert {i["id"] for i in father.get(url).json()["items"]} == {made["id"], family_wide["id"]}
    assert father.get(f"/api/v1/events/{made['id']}").status_code == 200
    # the worker may make it about the whole family again, deliberately, by amending it
    amended = staff.post(
        f"/api/v1/events/{made['id']}/amendments",
        json={"reason": "The mother was told at the core group", "member_id": None},
    )
    assert amended.status_code == 201, amended.text
    assert amended.json()["member_id"] is None
    assert mother.get(f"/api/v1/events/{amended.json()['id']}").status_code == 200


def test_an_event_is_about_a_parent_of_this_family_only(world, api_as) -> None:
    staff = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/events"
    for member in (world.parent_b_member, world.child_a):
        r = staff.post(url, json=call_out(member_id=str(member.id)))
        assert r.status_code == 422, r.text
        assert "member_id" in r.text
    assert staff.get(url).json()["total"] == 0
