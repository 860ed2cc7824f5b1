from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.audit import AuditEvent
from app.models.evidence import (
    PlanEvent,
    PlanEventKind,
    Stage,
    StageRating,
    Visibility,
)
from app.models.review import ReviewKind, ReviewMeeting
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.evidence import comments, entries
from app.services.evidence.comments import CommentCreate
from app.services.evidence.entries import EntryAmend
from app.services.views import timeline
from tests import factories


def day(n: int) -> date:
    return date.today() - timedelta(days=n)


def populate(session: Session, world) -> dict[str, object]:
    """One of each kind of event for family A, shared and internal."""
    w = world.worker_a
    fam = world.family_a.id
    made: dict[str, object] = {}
    made["rating"] = StageRating(
        family_id=fam,
        member_id=world.mother_a.id,
        occurred_on=day(5),
        recorded_by_id=w.id,
        stage=Stage.action,
        motivation=8,
        ability=6,
        visibility=Visibility.shared,
    )
    made["relapse"] = StageRating(
        family_id=fam,
        member_id=world.father_a.id,
        occurred_on=day(4),
        recorded_by_id=w.id,
        stage=Stage.relapse,
        motivation=4,
        ability=2,
        visibility=Visibility.internal,
    )
    made["review"] = ReviewMeeting(
        family_id=fam,
        occurred_on=day(6),
        recorded_by_id=w.id,
        kind=ReviewKind.core_group,
        summary="Plan reviewed",
        decisions="Carry on",
        visibility=Visibility.shared,
    )
    made["signed_off"] = PlanEvent(
        family_id=fam,
        kind=PlanEventKind.plan_signed_off,
        goal_id=world.goal_a.id,
        occurred_on=day(20),
        recorded_by_id=world.lead_a.id,
        summary="Plan signed off",
        visibility=Visibility.shared,
    )
    made["unsigned_event"] = PlanEvent(
        family_id=fam,
        kind=PlanEventKind.milestone_missed,
        goal_id=world.goal_a_unsigned.id,
        occurred_on=day(2),
        recorded_by_id=w.id,
        summary="Missed contact",
        visibility=Visibility.shared,
    )
    other = PlanEvent(
        family_id=world.family_b.id,
        kind=PlanEventKind.plan_signed_off,
        occurred_on=day(1),
        recorded_by_id=world.worker_b.id,
        summary="Other family",
        visibility=Visibility.shared,
    )
    session.add_all([*made.values(), other])  # type: ignore[arg-type]
    session.commit()
    worker = Actor(w)
    made["in_error"] = entries.mark_entered_in_error(
        session, worker, world.internal_entry_a.id, "Wrong family"
    )
    made["amended"] = entries.amend_entry(
        session, worker, world.shared_entry_a.id, EntryAmend(reason="Score was wrong", gas_score=0)
    )
    made["comment"] = comments.create_comment(
        session,
        Actor(world.parent_a),
        fam,
        CommentCreate(entry_id=made["amended"].id, stance="disagree", text="Not so"),
    )
    made["other_parent_comment"] = comments.create_comment(
        session, Actor(world.parent_a2), fam, CommentCreate(goal_id=world.goal_a.id, text="Fine")
    )
    return made


def test_staff_see_every_event_newest_first(session, world) -> None:
    made = populate(session, world)
    page = timeline.family_timeline(session, Actor(world.worker_a), world.family_a.id)
    kinds = [(i.kind, i.id) for i in page.items]
    ids = [i.id for i in page.items]
    assert page.total == len(ids) == 9
    assert page.has_more is False
    assert world.shared_entry_a.id not in ids  # superseded by its amendment
    assert ids[:2] in (
        [made["comment"].id, made["other_parent_comment"].id],
        [made["other_parent_comment"].id, made["comment"].id],
    )
    dates = [i.occurred_on for i in page.items]
    assert dates == sorted(dates, reverse=True)
    by_id = {i.id: i for i in page.items}
    assert by_id[made["amended"].id].amended is True
    assert by_id[made["in_error"].id].entered_in_error is True
    assert by_id[made["in_error"].id].entered_in_error_reason == "Wrong family"
    assert by_id[made["relapse"].id].significant is True
    assert by_id[made["rating"].id].motivation == 8
    assert by_id[made["review"].id].note == "Carry on"
    assert by_id[made["signed_off"].id].goal_title == world.goal_a.title
    assert by_id[made["comment"].id].goal_id == world.goal_a.id  # via the entry
    assert by_id[made["comment"].id].recorded_by_name == "Jo Ashdown"
    assert ("plan_event", made["unsigned_event"].id) in kinds
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "timeline", AuditEvent.action == "read")
    ).all()
    assert audit and audit[-1].family_id == world.family_a.id


def test_parents_see_only_shared_items_of_signed_off_goals(session, world) -> None:
    made = populate(session, world)
    page = timeline.family_timeline(session, Actor(world.parent_a), world.family_a.id)
    ids = {i.id for i in page.items}
    assert ids == {
        made["comment"].id,
        made["amended"].id,
        made["rating"].id,
        made["review"].id,
        made["signed_off"].id,
    }
    assert all(i.visibility == Visibility.shared for i in page.items)
    assert not any(i.entered_in_error for i in page.items)
    with pytest.raises(NotFound):
        timeline.family_timeline(session, Actor(world.parent_b), world.family_a.id)
    with pytest.raises(NotFound):
        timeline.family_timeline(session, Actor(world.worker_b), world.family_a.id)


def test_filters_and_paging(session, world) -> None:
    made = populate(session, world)
    worker = Actor(world.worker_a)
    significant = timeline.family_timeline(
        session, worker, world.family_a.id, significant_only=True
    )
    assert {i.id for i in significant.items} == {
        made["relapse"].id,
        made["review"].id,
        made["signed_off"].id,
        made["unsigned_event"].id,
        made["in_error"].id,
    }
    on_goal = timeline.family_timeline(session, worker, world.family_a.id, goal_id=world.goal_a.id)
    assert {i.kind for i in on_goal.items} == {"progress_entry", "plan_event", "parent_comment"}
    assert made["unsigned_event"].id not in {i.id for i in on_goal.items}
    window = timeline.family_timeline(
        session, worker, world.family_a.id, date_from=day(6), date_to=day(4)
    )
    assert {i.id for i in window.items} == {
        made["review"].id,
        made["rating"].id,
        made["relapse"].id,
    }
    first = timeline.family_timeline(session, worker, world.family_a.id, limit=4)
    second = timeline.family_timeline(session, worker, world.family_a.id, limit=4, offset=4)
    last = timeline.family_timeline(session, worker, world.family_a.id, limit=4, offset=8)
    assert first.has_more and second.has_more and not last.has_more
    seen = [i.id for p in (first, second, last) for i in p.items]
    assert len(seen) == len(set(seen)) == 9


def test_query_count_is_constant(session, world, count_queries) -> None:
    worker = Actor(world.worker_a)
    populate(session, world)

    def counted() -> int:
        with count_queries() as q:
            timeline.family_timeline(session, worker, world.family_a.id, limit=200)
        return q.count

    counted()
    small = counted()
    for i in range(200):
        factories.entry(session, world.goal_a, world.worker_a, days_ago=i % 50)
    session.commit()
    assert counted() == small
