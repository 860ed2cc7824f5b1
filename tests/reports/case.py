"""A small invented case with every kind of chronology event, for report tests."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from app.models.base import utcnow
from app.models.evidence import (
    ParentComment,
    PlanEvent,
    PlanEventKind,
    ProgressEntry,
    Significance,
    Stage,
    StageRating,
    Stance,
    Visibility,
)
from app.models.report import ReportSection
from app.models.review import ReviewKind, ReviewMeeting
from app.services.context import Actor
from app.services.reporting import assessment_report
from tests import factories
from tests.factories import World

TODAY = date.today()


@dataclass
class Case:
    world: World
    amended_original: ProgressEntry
    amended_final: ProgressEntry
    in_error: ProgressEntry
    milestone_event: PlanEvent
    review: ReviewMeeting
    comment: ParentComment


def build(session: Session, world: World, extra_entries: int = 0) -> Case:
    w = world
    g = w.goal_a
    sig = Significance.significant
    original = factories.entry(
        session,
        g,
        w.worker_a,
        score=-2,
        days_ago=40,
        significance=sig,
        observation="Broken glass in the back bedroom; nappies on the floor.",
    )
    final = factories.entry(
        session,
        g,
        w.worker_a,
        score=-2,
        days_ago=40,
        significance=sig,
        observation="Broken glass in the front bedroom; nappies on the floor.",
    )
    final.amends_id = original.id
    final.amendment_reason = "Wrong room named in the first version"
    wrong = factories.entry(
        session,
        g,
        w.worker_a,
        score=1,
        days_ago=30,
        significance=sig,
        observation="Recorded against the wrong family by mistake.",
    )
    wrong.entered_in_error_at = utcnow()
    wrong.entered_in_error_by_id = w.worker_a.id
    wrong.entered_in_error_reason = "Belongs to another case"
    factories.entry(
        session,
        g,
        w.worker_a,
        score=-1,
        days_ago=20,
        significance=sig,
        observation="Stair gate fitted; kitchen clean at an unannounced visit.",
    )
    for i in range(extra_entries):
        factories.entry(
            session,
            g,
            w.worker_a,
            score=(i % 3) - 1,
            days_ago=60 - (i % 55),
            significance=sig if i % 5 == 0 else Significance.routine,
            observation=f"Routine visit number {i}.",
        )
    milestone_event = PlanEvent(
        family_id=w.family_a.id,
        kind=PlanEventKind.milestone_achieved,
        goal_id=g.id,
        milestone_id=w.milestone_a.id,
        occurred_on=TODAY - timedelta(days=15),
        recorded_by_id=w.worker_a.id,
        visibility=Visibility.shared,
        summary="Bedrooms safe at two visits in a row",
    )
    signed = PlanEvent(
        family_id=w.family_a.id,
        kind=PlanEventKind.plan_signed_off,
        occurred_on=TODAY - timedelta(days=50),
        recorded_by_id=w.lead_a.id,
        visibility=Visibility.shared,
        summary="Plan signed off by Lena Marsh",
    )
    # the worker marked the first rating and the change significant, not the repeat
    for stage, days, marked in (
        (Stage.contemplation, 45, sig),
        (Stage.contemplation, 35, Significance.routine),
        (Stage.action, 12, sig),
    ):
        session.add(
            StageRating(
                family_id=w.family_a.id,
                member_id=w.mother_a.id,
                occurred_on=TODAY - timedelta(days=days),
                recorded_by_id=w.worker_a.id,
                stage=stage,
                motivation=6,
                ability=5,
                visibility=Visibility.shared,
                significance=marked,
                significance_for_child="Jo sees the risk to Ellie more clearly.",
            )
        )
    review = ReviewMeeting(
        family_id=w.family_a.id,
        assessment_id=w.assessment_a.id,
        kind=ReviewKind.plo_review,
        occurred_on=TODAY - timedelta(days=25),
        recorded_by_id=w.lead_a.id,
        visibility=Visibility.shared,
        attendees="Jo Ashdown, Sam Okoro, Lena Marsh",
        summary="Home conditions discussed",
        decisions="Weekly unannounced visits to continue",
    )
    comment = ParentComment(
        family_id=w.family_a.id,
        author_id=w.parent_a.id,
        member_id=w.mother_a.id,
        goal_id=g.id,
        stance=Stance.disagree,
        text="The glass was swept up before the visit ended.",
    )
    session.add_all([milestone_event, signed, review, comment])
    session.commit()
    worker = Actor(w.worker_a)
    for section, text in (
        (ReportSection.analysis, "Jo has engaged well.\n\nHome conditions are improving slowly."),
        (ReportSection.recommendation, "Continue the assessment to the decision date."),
    ):
        state = assessment_report.report_state(session, worker, w.assessment_a.id)
        current = state.current(section)  # built twice in one test: save over what is there
        based_on = current.number if current else 0
        assessment_report.save_section(session, worker, w.assessment_a.id, section, text, based_on)
    session.commit()  # end the read the service left open: SQLite writers wait on it
    return Case(w, original, final, wrong, milestone_event, review, comment)
