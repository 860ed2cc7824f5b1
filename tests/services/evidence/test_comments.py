import pytest
from sqlmodel import select

from app.models.evidence import ParentComment, Stance
from app.services.context import Actor
from app.services.errors import Invalid, NotFound
from app.services.evidence import comments
from app.services.evidence.comments import CommentCreate


def test_parent_comments_on_goal_and_shared_entry(session, world) -> None:
    parent = Actor(world.parent_a)
    on_goal = comments.create_comment(
        session,
        parent,
        world.family_a.id,
        CommentCreate(goal_id=world.goal_a.id, stance=Stance.agree, text="I agree with this goal."),
    )
    assert on_goal.author_name == "Jo Ashdown"
    assert on_goal.member_id == world.mother_a.id
    assert on_goal.seen_at is None
    on_entry = comments.create_comment(
        session,
        parent,
        world.family_a.id,
        CommentCreate(
            entry_id=world.shared_entry_a.id,
            stance=Stance.disagree,
            text="The stair gate was fitted the week before.",
        ),
    )
    assert on_entry.stance == Stance.disagree
    mine = comments.list_comments(session, parent, world.family_a.id)
    assert {c.id for c in mine.items} == {on_goal.id, on_entry.id}
    # the other parent's comments are theirs alone
    assert comments.list_comments(session, Actor(world.parent_a2), world.family_a.id).items == []
    staff = comments.list_comments(session, Actor(world.worker_a), world.family_a.id)
    assert staff.total == 2


def test_comment_rules(session, world) -> None:
    parent = Actor(world.parent_a)
    for data in (
        CommentCreate(text="Both", goal_id=world.goal_a.id, entry_id=world.shared_entry_a.id),
        CommentCreate(text="Neither"),
    ):
        with pytest.raises(Invalid) as exc:
            comments.create_comment(session, parent, world.family_a.id, data)
        assert exc.value.field == "goal_id"
    with pytest.raises(Invalid) as exc:  # not signed off: the parent cannot see it
        comments.create_comment(
            session,
            parent,
            world.family_a.id,
            CommentCreate(goal_id=world.goal_a_unsigned.id, text="x"),
        )
    assert exc.value.field == "goal_id"
    with pytest.raises(Invalid) as exc:  # internal entry
        comments.create_comment(
            session,
            parent,
            world.family_a.id,
            CommentCreate(entry_id=world.internal_entry_a.id, text="x"),
        )
    assert exc.value.field == "entry_id"
    with pytest.raises(Invalid):  # another family's goal
        comments.create_comment(
            session, parent, world.family_a.id, CommentCreate(goal_id=world.goal_b.id, text="x")
        )
    with pytest.raises(NotFound):  # another family
        comments.create_comment(
            session, parent, world.family_b.id, CommentCreate(goal_id=world.goal_b.id, text="x")
        )
    for staff in (world.worker_a, world.lead_a):
        with pytest.raises(NotFound):
            comments.create_comment(
                session,
                Actor(staff),
                world.family_a.id,
                CommentCreate(goal_id=world.goal_a.id, text="Written for the parent"),
            )
    assert session.exec(select(ParentComment)).all() == []


def test_mark_seen_and_unseen_counts(session, world) -> None:
    parent = Actor(world.parent_a)
    made = [
        comments.create_comment(
            session, parent, world.family_a.id, CommentCreate(goal_id=world.goal_a.id, text=t)
        )
        for t in ("one", "two", "three")
    ]
    worker = Actor(world.worker_a)
    assert comments.unseen_counts(session, worker) == {world.family_a.id: 3}
    assert comments.unseen_counts(session, Actor(world.worker_b)) == {}
    assert comments.mark_seen(session, worker, world.family_a.id, [made[0].id]).marked == 1
    unseen = comments.list_comments(session, worker, world.family_a.id, unseen_only=True)
    assert {c.id for c in unseen.items} == {made[1].id, made[2].id}
    assert comments.mark_seen(session, worker, world.family_a.id, None).marked == 2
    assert comments.unseen_counts(session, worker) == {}
    with pytest.raises(NotFound):
        comments.mark_seen(session, parent, world.family_a.id, None)
    with pytest.raises(NotFound):
        comments.mark_seen(session, Actor(world.worker_b), world.family_a.id, None)
    # text never changes
    session.expire_all()
    assert session.get_one(ParentComment, made[0].id).text == "one"
