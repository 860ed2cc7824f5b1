"""The timeline's total comes with its page, and stays right past the last page; its
``backdated`` flag."""

from datetime import UTC, date, datetime

from app.models.evidence import ProgressEntry, Source
from app.services.context import Actor
from app.services.views import timeline


def test_the_total_is_the_same_on_every_page_and_past_the_end(session, world) -> None:
    actor = Actor(world.worker_a)
    everything = timeline.family_timeline(session, actor, world.family_a.id, limit=500)
    total = len(everything.items)
    assert total >= 2 and everything.total == total and not everything.has_more
    first = timeline.family_timeline(session, actor, world.family_a.id, limit=1)
    assert first.total == total and first.has_more and len(first.items) == 1
    beyond = timeline.family_timeline(session, actor, world.family_a.id, limit=5, offset=total)
    assert beyond.items == [] and beyond.total == total and not beyond.has_more


def test_backdated_is_by_the_uk_day_it_was_written(session, world) -> None:
    def written(occurred_on: date, at: datetime) -> ProgressEntry:
        entry = ProgressEntry(
            family_id=world.family_a.id,
            goal_id=world.goal_a.id,
            occurred_on=occurred_on,
            recorded_at=at,
            recorded_by_id=world.worker_a.id,
            observation="Visit",
            source=Source.home_visit,
        )
        session.add(entry)
        return entry

    # 23:30 UTC on 1 June is 00:30 on 2 June in the UK (BST); in January, the same day
    late = written(date(2026, 6, 1), datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    winter = written(date(2026, 1, 1), datetime(2026, 1, 1, 23, 30, tzinfo=UTC))
    same_day = written(date(2026, 6, 2), datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    session.commit()
    page = timeline.family_timeline(session, Actor(world.worker_a), world.family_a.id, limit=500)
    backdated = {i.id: i.backdated for i in page.items}
    assert backdated[late.id] is True
    assert backdated[winter.id] is False
    assert backdated[same_day.id] is False
