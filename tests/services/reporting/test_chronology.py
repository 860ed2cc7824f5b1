"""The chronology's rows: sources, order, amendments, entries in error, adjustments, scope."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlmodel import Session

from app.models.evidence import ViewResponse
from app.models.report import AdjustmentAction
from app.reports.chronology import Chronology
from app.services.context import Actor
from app.services.errors import Invalid, NotFound
from app.services.reporting import chronology, exports
from app.services.reporting.case_record import gather
from tests.factories import World
from tests.reports import case as case_builder
from tests.reports.case import TODAY


def rows_of(session: Session, actor: Actor, world: World) -> Chronology:
    return chronology.build(gather(session, actor, world.family_a.id), None, None, TODAY)


def test_rows_come_from_every_kind_of_record_in_date_order(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    # the worker judged the parent's view significant when answering it
    session.add(
        ViewResponse(
            family_id=world.family_a.id,
            comment_id=built.comment.id,
            text="We will check the kitchen again.",
            significant=True,
            recorded_by_id=world.worker_a.id,
        )
    )
    session.commit()
    chron = rows_of(session, Actor(world.lead_a), world)
    texts = [r.event for r in chron.rows]
    assert [r.number for r in chron.rows] == list(range(1, len(chron.rows) + 1))
    assert [r.on for r in chron.rows] == sorted(r.on for r in chron.rows)
    joined = "\n".join(texts)
    assert "Plan signed off by team lead" in joined  # management oversight
    assert "Milestone achieved: Bedrooms safe" in joined
    assert "PLO review meeting: Home conditions discussed" in joined
    assert "Jo Ashdown disagrees" in joined  # the parent's view, answered
    assert "Answered by Sam Okoro" in joined
    assert "Stair gate fitted" in joined
    assert "Neighbour reported shouting" in joined  # internal, but staff see it
    # stage of change: the first rating and the change, not the repeat
    stages = [t for t in texts if "Jo Ashdown first assessed" in t or "moved from" in t]
    assert len(stages) == 2 and "moved from contemplation to action" in stages[1]
    # routine entries stay out
    assert "Kitchen and bedrooms tidy" not in joined
    assert all(r.source for r in chron.rows)


def test_amended_entry_shows_final_text_and_says_so(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    chron = rows_of(session, Actor(world.lead_a), world)
    row = next(r for r in chron.rows if r.key == f"entry:{built.amended_original.id}")
    assert "front bedroom" in row.event and "back bedroom" not in row.event
    assert row.notes == [
        f"Amended on {TODAY.day} {TODAY:%B %Y} by Sam Okoro: Wrong room named in the first version"
    ]
    assert "Amended on" in row.cells()[2]


def test_entered_in_error_goes_to_the_annex(session: Session, world: World) -> None:
    case_builder.build(session, world)
    chron = rows_of(session, Actor(world.lead_a), world)
    assert not any("wrong family" in r.event for r in chron.rows)
    assert [a.text for a in chron.in_error] == ["Recorded against the wrong family by mistake."]
    assert "Belongs to another case" in chron.in_error[0].reason


def test_summary_of_involvement(session: Session, world: World) -> None:
    case_builder.build(session, world)
    summary = rows_of(session, Actor(world.lead_a), world).summary
    assert any("involved with the family since" in s and "(57 weeks)" in s for s in summary)
    assert any(s.endswith("is in week 9 of 26.") for s in summary)
    assert any("26 weeks beginning with that day, so the decision is due by" in s for s in summary)


def test_worker_leaves_out_and_adds_events_with_reasons(session: Session, world: World) -> None:
    built = case_builder.build(session, world)
    worker = Actor(world.worker_a)
    key = f"review:{built.review.id}"
    exports.add_adjustment(
        session,
        worker,
        world.family_a.id,
        AdjustmentAction.omit,
        "Duplicate of the minutes",
        target_key=key,
    )
    exports.add_adjustment(
        session,
        worker,
        world.family_a.id,
        AdjustmentAction.add,
        "Not recorded in CCT at the time",
        occurred_on=TODAY - timedelta(days=100),
        event="Referral from the health visitor",
        source="Referral form HV-12",
        significance="First concern about home conditions",
    )
    chron = rows_of(session, Actor(world.lead_a), world)
    assert key not in {r.key for r in chron.rows}
    assert next(a.reason for a in chron.left_out).endswith("Duplicate of the minutes")
    first = chron.rows[0]
    assert first.event == "Referral from the health visitor" and first.number == 1
    assert first.source == "Referral form HV-12"
    assert "Not recorded in CCT at the time" in first.notes[0]
    # the evidence itself is untouched
    session.refresh(built.review)
    assert built.review.entered_in_error_at is None


def test_adjustment_needs_a_reason_and_access(session: Session, world: World) -> None:
    with pytest.raises(Invalid):
        exports.add_adjustment(
            session,
            Actor(world.worker_a),
            world.family_a.id,
            AdjustmentAction.omit,
            " ",
            target_key="entry:x",
        )
    with pytest.raises(NotFound):
        exports.add_adjustment(
            session,
            Actor(world.worker_b),
            world.family_a.id,
            AdjustmentAction.omit,
            "why",
            target_key="entry:x",
        )


def test_parent_sees_no_internal_entry_and_no_other_parents_data(
    session: Session, world: World
) -> None:
    case_builder.build(session, world)
    chron = rows_of(session, Actor(world.parent_a2), world)  # the father
    joined = "\n".join(r.event for r in chron.rows)
    assert "Neighbour reported shouting" not in joined
    assert "Stair gate fitted" in joined
    assert "Jo Ashdown" not in joined  # the mother's stage ratings and comments


def test_date_range(session: Session, world: World) -> None:
    case_builder.build(session, world)
    case = gather(session, Actor(world.lead_a), world.family_a.id)
    chron = chronology.build(case, TODAY - timedelta(days=22), TODAY - timedelta(days=10), TODAY)
    assert chron.rows and all(
        TODAY - timedelta(days=22) <= r.on <= TODAY - timedelta(days=10) for r in chron.rows
    )


def test_query_count_does_not_grow_with_the_record(
    session: Session, world: World, count_queries: Callable[[], object]
) -> None:
    def count(extra: int) -> int:
        with count_queries() as q:  # type: ignore[attr-defined]
            case = gather(session, Actor(world.lead_a), world.family_a.id)
            chronology.build(case, None, None, TODAY)
        return int(q.count)

    case_builder.build(session, world, extra_entries=10)
    small = count(10)
    case_builder.build(session, world, extra_entries=200)
    assert count(200) == small
