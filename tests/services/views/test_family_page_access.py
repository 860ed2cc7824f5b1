"""The family page checks access once, then hands the authorised family to its parts."""

import pytest

from app.services import access
from app.services.context import Actor
from app.services.errors import NotFound
from app.services.measuring import scores
from app.services.views import family_page


def test_the_family_page_asks_the_database_about_access_once(
    session, world, monkeypatch, count_queries
) -> None:
    asked: list[object] = []
    real = access.rule_params

    def counting(actor: Actor):  # type: ignore[no-untyped-def]
        asked.append(actor)
        return real(actor)

    # every access check binds the actor's ids into the one family rule
    monkeypatch.setattr(access, "rule_params", counting)
    actor = Actor(world.worker_a)
    view = family_page.family_page(session, actor, world.family_a.id)
    assert view.summary.family.id == world.family_a.id
    # get_family is the only access check on this page
    assert len(asked) == 1
    # and on the Plan and Timeline pages
    family_page.plan_page(session, actor, world.family_a.id)
    assert len(asked) == 2
    family_page.timeline_page(
        session, actor, world.family_a.id, family_page.TimelineFilter(), limit=20, offset=0
    )
    assert len(asked) == 3


def test_an_authorised_family_is_only_for_that_actor_and_family(session, world) -> None:
    worker_a, worker_b = Actor(world.worker_a), Actor(world.worker_b)
    family = access.get_family(session, worker_a, world.family_a.id)
    with access.authorised(session, worker_a, family):
        assert access.get_family(session, worker_a, world.family_a.id) is family
        # another actor, or another family, is checked against the database as ever
        for actor, family_id in ((worker_b, world.family_a.id), (worker_a, world.family_b.id)):
            with pytest.raises(NotFound):
                access.get_family(session, actor, family_id)


def test_a_read_two_parts_of_the_page_make_is_made_once(session, world, monkeypatch) -> None:
    from app.services.cases import assessments
    from app.services.measuring import measures

    calls: list[str] = []
    for module, name in ((measures, "_stage_reviews_due"), (assessments, "_open_assessment")):
        real = getattr(module, name)

        def counting(*args, _real=real, _name=name):  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _real(*args)

        monkeypatch.setattr(module, name, counting)
    actor = Actor(world.worker_a)
    family_page.family_page(session, actor, world.family_a.id)
    # the plan, the summary and the measures each ask; the database is asked once
    assert sorted(calls) == ["_open_assessment", "_stage_reviews_due"]
    # outside a composed page, every read is made afresh
    measures.family_stage_reviews_due(session, world.family_a.id)
    measures.family_stage_reviews_due(session, world.family_a.id)
    assert calls.count("_stage_reviews_due") == 3


def test_the_page_reads_the_goals_and_their_parents_once(session, world, count_queries) -> None:
    actor = Actor(world.worker_a)
    with count_queries() as q:
        view = family_page.family_page(session, actor, world.family_a.id)
    goal_reads = [s for s in q.statements if s.lstrip().startswith("SELECT goal.")]
    parent_reads = [s for s in q.statements if s.lstrip().startswith("SELECT goalparent.")]
    # the plan, the scores and the measures share one read of each (the goal parents are
    # the whole family's, every assessment's, which the stage reviews need)
    assert len(goal_reads) == 1
    assert len(parent_reads) == 1
    # and each part still sees what it saw: the unsigned goal is in the plan and scored
    titles = {g.goal.title for g in view.plan.goals}
    assert world.goal_a_unsigned.title in titles
    assert {s.goal_id for s in view.scores.goals} >= {world.goal_a.id, world.goal_a_unsigned.id}


def test_each_page_reads_the_family_members_once(session, world, count_queries) -> None:
    actor = Actor(world.worker_a)
    family_id = world.family_a.id
    pages = (
        lambda: family_page.family_page(session, actor, family_id),
        lambda: family_page.plan_page(session, actor, family_id),
        lambda: family_page.timeline_page(
            session, actor, family_id, family_page.TimelineFilter(), limit=20, offset=0
        ),
    )
    for page in pages:
        with count_queries() as q:
            page()
        member_reads = [s for s in q.statements if s.lstrip().startswith("SELECT familymember.")]
        assert len(member_reads) == 1
    # the summary lists parents and carers before children, by name; the stages of change
    # list only parents and carers, by name
    view = family_page.family_page(session, actor, family_id)
    roles = [m.role.value for m in view.summary.members]
    assert roles == sorted(roles)
    assert [s.member.full_name for s in view.plan.stages] == sorted(
        m.full_name for m in view.summary.members if m.role.value != "child"
    )


def test_the_page_reads_the_progress_entries_once(session, world, count_queries) -> None:
    actor = Actor(world.worker_a)
    with count_queries() as q:
        view = family_page.family_page(session, actor, world.family_a.id)
    entry_reads = [s for s in q.statements if "FROM progressentry" in s]
    # the scores and the measures share one read; the family's scores do not ask which
    # parents each entry is about (only one parent's scores do)
    assert len(entry_reads) == 1
    assert not [s for s in q.statements if "progressentryparent" in s]
    # and the scores are what the scores service says on its own
    alone = scores.family_scores(session, actor, world.family_a.id)
    assert view.scores == alone
