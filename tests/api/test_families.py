from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models.account import User
from app.models.audit import AuditEvent
from app.models.family import LegalStatus
from tests import factories
from tests.factories import World

ApiAs = Callable[[User], TestClient]


def new_family(reference: str = "CCT-A-0100", **extra: object) -> dict[str, object]:
    return {
        "case_reference": reference,
        "family_name": "Fenwick family",
        "legal_status": "child_in_need",
        **extra,
    }


def test_open_read_and_update_a_family(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a2)
    r = api.post("/api/v1/families", json=new_family())
    assert r.status_code == 201, r.text
    family = r.json()
    assert family["team_id"] == str(world.team_a.id) and family["version"] == 1
    r = api.get(f"/api/v1/families/{family['id']}")
    assert r.status_code == 200 and r.json()["case_reference"] == "CCT-A-0100"
    r = api.patch(
        f"/api/v1/families/{family['id']}",
        json={"version": 1, "family_name": "Fenwick-Hale family"},
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    stale = api.patch(
        f"/api/v1/families/{family['id']}", json={"version": 1, "family_name": "Lost"}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    assert stale.json()["current"]["family_name"] == "Fenwick-Hale family"
    allocations = api_as(world.lead_a).get(f"/api/v1/families/{family['id']}/allocations")
    assert [a["user_id"] for a in allocations.json()] == [str(world.worker_a2.id)]


def test_duplicate_reference_answers_409(world: World, api_as: ApiAs) -> None:
    r = api_as(world.lead_a).post("/api/v1/families", json=new_family("CCT-A-0001"))
    assert r.status_code == 409
    assert r.json()["detail"] == "A family with case reference CCT-A-0001 already exists"


def test_other_teams_and_families_answer_404(world: World, api_as: ApiAs) -> None:
    url = f"/api/v1/families/{world.family_a.id}"
    for user in (world.lead_b, world.worker_a2, world.parent_b):
        api = api_as(user)
        assert api.get(url).status_code == 404
        assert api.get(f"{url}/members").status_code == 404
        assert api.get(f"/api/v1/members/{world.mother_a.id}").status_code == 404
    assert api_as(world.parent_a).get(url).status_code == 200


def test_parents_cannot_write(world: World, api_as: ApiAs) -> None:
    api = api_as(world.parent_a)
    url = f"/api/v1/families/{world.family_a.id}"
    assert api.patch(url, json={"version": 1, "family_name": "X"}).status_code == 404
    assert api.post("/api/v1/families", json=new_family()).status_code == 404
    member = {"role": "carer", "full_name": "Pat Ashdown"}
    assert api.post(f"{url}/members", json=member).status_code == 404
    assert api.patch(f"/api/v1/members/{world.mother_a.id}", json={"version": 1}).status_code == 404


def test_members(world: World, api_as: ApiAs) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}/members"
    r = api.post(url, json={"role": "child", "full_name": "Ivy Ashdown"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "date_of_birth"]
    r = api.post(url, json={"role": "carer", "full_name": "Pat Ashdown", "relationship": "aunt"})
    assert r.status_code == 201 and r.json()["date_of_birth"] is None
    r = api.patch(
        f"/api/v1/members/{r.json()['id']}", json={"version": 1, "full_name": "Patricia Ashdown"}
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    names = [m["full_name"] for m in api.get(url).json()]
    assert "Patricia Ashdown" in names and len(names) == 4


def test_allocation_routes(world: World, api_as: ApiAs) -> None:
    lead = api_as(world.lead_a)
    url = f"/api/v1/families/{world.family_a.id}/allocations"
    r = lead.post(url, json={"user_id": str(world.worker_b.id)})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "user_id"]
    assert (
        api_as(world.worker_a).post(url, json={"user_id": str(world.worker_a2.id)}).status_code
        == 404
    )
    extra = lead.post(url, json={"user_id": str(world.worker_a2.id), "is_primary": False})
    assert extra.status_code == 201
    assert api_as(world.worker_a2).get(f"/api/v1/families/{world.family_a.id}").status_code == 200
    ended = lead.post(f"/api/v1/allocations/{extra.json()['id']}/end")
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None
    assert lead.post(f"/api/v1/allocations/{extra.json()['id']}/end").status_code == 409
    r = lead.post(url, json={"user_id": str(world.worker_a2.id)})
    assert r.status_code == 201 and r.json()["is_primary"]
    history = lead.get(url).json()
    assert [(a["user_name"], a["ended_at"] is None) for a in history] == [
        ("Ria Patel", True),
        ("Ria Patel", False),
        ("Sam Okoro", False),
    ]
    assert api_as(world.worker_a).get(f"/api/v1/families/{world.family_a.id}").status_code == 404
    assert api_as(world.lead_b).get(url).status_code == 404


def test_list_filters_and_bad_input(world: World, api_as: ApiAs) -> None:
    api = api_as(world.lead_a)
    r = api.get("/api/v1/families", params={"search": "a-00", "legal_status": "care_proceedings"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1 and body["items"][0]["case_reference"] == "CCT-A-0001"
    for params in (
        {"limit": 10**30},
        {"offset": -1},
        {"offset": 10**20},
        {"limit": 0},
        {"status": "pending"},
        {"search": "x" * 500},
        {"search": "\x00"},
    ):
        assert api.get("/api/v1/families", params=params).status_code == 422, params
    weird = new_family("CCT-A-0999", family_name="Nul\x00family")
    assert api.post("/api/v1/families", json=weird).status_code == 422
    far = new_family(
        "CCT-A-0998", legal_status="care_proceedings", proceedings_issued_on="9999-12-30"
    )
    created = api.post("/api/v1/families", json=far)
    assert created.status_code == 201
    r = api.post(
        f"/api/v1/families/{created.json()['id']}/assessments", json={"started_on": "2026-01-05"}
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "decision_date"]


def test_family_list_query_count_is_constant(
    session: Session, world: World, api_as: ApiAs, count_queries
) -> None:
    api = api_as(world.lead_a)

    def add(n: int) -> None:
        for i in range(n):
            factories.family(
                session,
                world.team_a,
                f"CCT-Q-{i:04d}-{n}",
                "Queue family",
                world.worker_a,
                LegalStatus.child_in_need,
            )
        session.commit()

    api.get("/api/v1/families")  # warm up: the token's last use is written once a minute
    add(2)
    with count_queries() as small:
        assert len(api.get("/api/v1/families").json()["items"]) == 3
    add(27)
    with count_queries() as large:
        assert len(api.get("/api/v1/families").json()["items"]) == 30
    assert small.count == large.count
    listed = session.exec(
        select(AuditEvent).where(AuditEvent.action == "list", AuditEvent.entity == "family")
    ).all()
    assert len(listed) == 3


def test_court_heading_is_set_through_the_api_and_audited(
    session: Session, world: World, api_as: ApiAs
) -> None:
    api = api_as(world.worker_a)
    url = f"/api/v1/families/{world.family_a.id}"
    r = api.patch(
        url,
        json={
            "version": 1,
            "court_name": "Family Court sitting at Westmarsh",
            "court_case_number": "WM26C00123",
            "local_authority": "Westmarsh Council",
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["court_case_number"] == "WM26C00123"
    assert body["local_authority"] == "Westmarsh Council"
    events = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "family", AuditEvent.action == "update")
    ).all()
    assert any(e.entity_id == str(world.family_a.id) for e in events)
    too_long = api.patch(url, json={"version": 2, "court_case_number": "X" * 61})
    assert too_long.status_code == 422
    assert "court_case_number" in too_long.text
    assert (
        api_as(world.lead_b).patch(url, json={"version": 2, "court_name": "X"}).status_code == 404
    )
