"""The timeline's statements are compiled once and then found by identity."""

from app.services.context import Actor
from app.services.views import timeline, timeline_sql
from app.services.views.compiled_cache import SameStatementCache


def test_a_repeated_page_reuses_its_compiled_statements(session, world) -> None:
    cache = timeline_sql.BUILT_ONCE["compiled_cache"]
    cache.clear()
    actor = Actor(world.worker_a)
    timeline.family_timeline(session, actor, world.family_a.id)
    timeline.family_timeline(session, actor, world.family_a.id, offset=10_000)
    compiled = len(cache)
    for _ in range(3):
        timeline.family_timeline(session, actor, world.family_a.id)
        timeline.family_timeline(session, actor, world.family_a.id, offset=10_000)
    assert len(cache) == compiled
    timeline.family_timeline(session, actor, world.family_a.id, significant_only=True)
    assert len(cache) > compiled  # another shape: its own statements


def test_an_equal_key_that_is_another_object_is_not_a_hit() -> None:
    cache = SameStatementCache(size=4)
    dialect = object()
    n = 1

    def statement_key() -> tuple[object, ...]:  # a new tuple at each call, equal each time
        return ("select", n)

    key = (dialect, statement_key(), ("a",), False, False)
    cache[key] = "compiled"
    assert cache.get(key) == "compiled"
    assert statement_key() == key[1]
    assert cache.get((dialect, statement_key(), ("a",), False, False)) is None
    assert cache.get((object(), key[1], ("a",), False, False)) is None
    assert cache.get((dialect, key[1], ("a", "b"), False, False)) is None
