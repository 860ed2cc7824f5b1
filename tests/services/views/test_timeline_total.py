"""The timeline's total comes with its page, and stays right past the last page."""

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
