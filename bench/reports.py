"""Report speed: chronology, review and assessment report, PDF and DOCX, at 100 and 2,000 entries,
and the parent's printed plan (a large one: a dozen goals, their steps and 60 answered views).

``main()`` (called by ``make bench``) seeds an invented case in a fresh SQLite
database at each size and prints the time split between gathering the data,
templating and the PDF engine (or the DOCX writer), with the query count.

``python -m bench.reports images`` renders the first and last pages of the
chronology and the first page of the assessment report of a small invented case
into docs/*.png (needs pdftoppm).
"""

import io
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(s) for s in os.environ.get("BENCH_REPORT_SIZES", "100,2000").split(",")]

OBSERVATIONS = [
    "Kitchen clean and the stair gate closed; both children had eaten breakfast.",
    "Bedrooms tidy; clothes put away; the smoke alarm tested together during the visit.",
    "Bins overflowing at the back door; the mother said the collection was missed.",
    "Unannounced visit: the home was safe and warm, and the children were settled.",
    "Broken glass left in the garden; it was cleared while the worker was there.",
    "The father showed the cleaning rota on the fridge and talked through the week.",
]


MEANINGS = [
    "Poppy's home was safe that day; the hazards that hurt her before were gone.",
    "Poppy went without breakfast again: the pattern the plan is meant to break.",
    "A safe, warm home for Poppy at an unannounced visit: the change is holding.",
]


def _database() -> str:
    folder = Path(tempfile.mkdtemp(prefix="cct-bench-reports-"))
    url = f"sqlite:///{folder / 'cct.db'}"
    os.environ["CCT_DATABASE_URL"] = url
    from alembic import command

    from app.cli.db import alembic_config
    from app.config import get_settings
    from app.db import get_engine

    get_settings.cache_clear()
    get_engine.cache_clear()
    command.upgrade(alembic_config(url), "head")
    return url


def seed(entries: int, *, today: date | None = None) -> tuple[object, object]:
    """An invented case with ``entries`` progress entries over about two years."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.models.account import Allocation, Role, Team, User
    from app.models.evidence import (
        ParentComment,
        PlanEvent,
        PlanEventKind,
        ProgressEntry,
        Significance,
        Source,
        Stage,
        StageRating,
        Stance,
        Visibility,
    )
    from app.models.family import Family, FamilyMember, LegalStatus, MemberRole
    from app.models.plan import Assessment, Goal, GoalLifecycle, GoalParent, Milestone
    from app.models.review import ReviewKind, ReviewMeeting

    rng = random.Random(7)
    today = today or date.today()
    start = today - timedelta(days=730)
    now = datetime.now(UTC)
    with Session(get_engine(), expire_on_commit=False) as s:
        tag = uuid.uuid4().hex[:6]
        team = Team(name=f"Northgate Team {tag}")
        s.add(team)
        s.flush()
        lead = User(
            email=f"lead{team.id.hex[:6]}@example.test",
            display_name="Nina Shore",
            role=Role.team_lead,
            team_id=team.id,
        )
        worker = User(
            email=f"worker{team.id.hex[:6]}@example.test",
            display_name="Amir Lowe",
            role=Role.social_worker,
            team_id=team.id,
        )
        fam = Family(
            case_reference=f"CCT-N-{tag}",
            family_name="Fenwick family",
            team_id=team.id,
            legal_status=LegalStatus.care_proceedings,
            proceedings_issued_on=today - timedelta(weeks=14),
            involved_since=start,
            court_name="Family Court sitting at Northgate",
            court_case_number=f"NG{today:%y}C{tag[:5].upper()}",
            local_authority="Northgate Borough Council",
        )
        s.add_all([lead, worker, fam])
        s.flush()
        s.add(Allocation(family_id=fam.id, user_id=worker.id))
        mum = FamilyMember(
            family_id=fam.id,
            role=MemberRole.parent,
            full_name="Tess Fenwick",
            relationship="mother",
        )
        dad = FamilyMember(
            family_id=fam.id, role=MemberRole.parent, full_name="Rob Fenwick", relationship="father"
        )
        child = FamilyMember(
            family_id=fam.id,
            role=MemberRole.child,
            full_name="Poppy Fenwick",
            relationship="daughter",
            date_of_birth=today - timedelta(days=1400),
        )
        s.add_all([mum, dad, child])
        a = Assessment(
            family_id=fam.id,
            started_on=start,
            decision_date=today + timedelta(weeks=12),
        )
        s.add(a)
        s.flush()
        _approved_report(s, a, worker, lead, now)
        goals = []
        for title, domain in (
            ("Keep the home safe and clean for Poppy", "Home conditions"),
            ("Get Poppy to nursery on time every day", "Routine"),
        ):
            g = Goal(
                assessment_id=a.id,
                family_id=fam.id,
                domain=domain,
                title=title,
                why_it_matters="Poppy needs a safe, predictable home to thrive.",
                level_minus_2="Rarely",
                level_minus_1="Sometimes",
                level_0="Usually",
                level_plus_1="Almost always",
                level_plus_2="Always, without prompting",
                baseline_level=-2,
                target_date=today + timedelta(weeks=8),
                lifecycle_status=GoalLifecycle.active,
                signed_off_at=now,
                signed_off_by_id=lead.id,
            )
            s.add(g)
            s.flush()
            s.add_all(
                [
                    GoalParent(goal_id=g.id, member_id=mum.id),
                    GoalParent(goal_id=g.id, member_id=dad.id),
                ]
            )
            goals.append(g)
        for i in range(entries):
            g = goals[i % 2]
            day = start + timedelta(days=int(730 * i / max(entries, 1)))
            level = max(-2, min(2, round(-2 + 2.5 * i / max(entries, 1) + rng.uniform(-0.8, 0.8))))
            s.add(
                ProgressEntry(
                    family_id=fam.id,
                    goal_id=g.id,
                    occurred_on=day,
                    recorded_by_id=worker.id,
                    gas_score=level,
                    observation=rng.choice(OBSERVATIONS),
                    source=Source.home_visit,
                    significance=Significance.significant if i % 8 == 0 else Significance.routine,
                    significance_for_child=MEANINGS[i % len(MEANINGS)] if i % 8 == 0 else "",
                    visibility=Visibility.internal if i % 11 == 0 else Visibility.shared,
                )
            )
        # a routine entry corrected and one entered in error: the chronology's annexes
        typed = ProgressEntry(
            family_id=fam.id,
            goal_id=goals[1].id,
            occurred_on=today - timedelta(days=20),
            recorded_by_id=worker.id,
            gas_score=-1,
            observation="Poppy arrived at nursery 10 minutes late.",
            source=Source.home_visit,
            visibility=Visibility.shared,
        )
        wrong = ProgressEntry(
            family_id=fam.id,
            goal_id=goals[0].id,
            occurred_on=today - timedelta(days=12),
            recorded_by_id=worker.id,
            gas_score=1,
            observation="Kitchen clean at the visit.",
            source=Source.home_visit,
            significance=Significance.significant,
            significance_for_child=MEANINGS[2],
            entered_in_error_at=now,
            entered_in_error_by_id=worker.id,
            entered_in_error_reason="Recorded against the wrong family",
        )
        s.add_all([typed, wrong])
        s.flush()
        s.add(
            ProgressEntry(
                family_id=fam.id,
                goal_id=goals[1].id,
                occurred_on=typed.occurred_on,
                recorded_by_id=worker.id,
                gas_score=0,
                observation="Poppy arrived at nursery on time.",
                source=Source.home_visit,
                visibility=Visibility.shared,
                amends_id=typed.id,
                amendment_reason="The nursery's register shows she was on time",
            )
        )
        for week in range(0, 104, 6):
            day = start + timedelta(weeks=week)
            s.add(
                ReviewMeeting(
                    family_id=fam.id,
                    assessment_id=a.id,
                    kind=ReviewKind.plo_review,
                    occurred_on=day,
                    recorded_by_id=lead.id,
                    visibility=Visibility.shared,
                    attendees="Tess, Rob, Amir, Nina",
                    summary="Progress on the plan reviewed.",
                    decisions="Carry on with weekly visits.",
                    significance_for_child="Poppy stays at home with support while the plan "
                    "continues; no change to her care.",
                )
            )
            stage = [Stage.contemplation, Stage.preparation, Stage.action, Stage.maintenance][
                min(3, week // 26)
            ]
            s.add(
                StageRating(
                    family_id=fam.id,
                    member_id=mum.id,
                    occurred_on=day,
                    recorded_by_id=worker.id,
                    stage=stage,
                    motivation=7,
                    ability=5,
                    visibility=Visibility.shared,
                )
            )
            s.add(
                ParentComment(
                    family_id=fam.id,
                    author_id=worker.id,
                    member_id=mum.id,
                    goal_id=goals[0].id,
                    stance=Stance.comment,
                    text="We are trying hard and the rota helps.",
                )
            )
        for n, g in enumerate(goals):
            m = Milestone(
                goal_id=g.id,
                family_id=fam.id,
                description="Four safe visits in a row",
                due_on=start + timedelta(weeks=20 + n),
            )
            s.add(m)
            s.flush()
            s.add(
                PlanEvent(
                    family_id=fam.id,
                    kind=PlanEventKind.milestone_achieved,
                    goal_id=g.id,
                    milestone_id=m.id,
                    occurred_on=m.due_on,
                    recorded_by_id=worker.id,
                    visibility=Visibility.shared,
                    summary=m.description,
                )
            )
        s.add(
            PlanEvent(
                family_id=fam.id,
                kind=PlanEventKind.plan_signed_off,
                occurred_on=start + timedelta(days=10),
                recorded_by_id=lead.id,
                visibility=Visibility.shared,
                summary="Plan signed off",
            )
        )
        s.commit()
        return lead, fam


WRITTEN = {
    "lived_experience": "Poppy says she likes it when the kitchen is tidy and her dad walks "
    "her to nursery.\n\nOn bad weeks she misses nursery and is anxious at drop-off.",
    "parents_views": "Tess says the cleaning rota helps. Rob disagrees that the home was "
    "ever unsafe, but accepts that the stair gate must stay shut.",
    "analysis": "Tess and Rob have engaged with every visit.\n\nThe home is safer "
    "than at the start, but standards slip when the family is under stress.",
    "recommendation": "Continue the plan to the decision date with weekly visits.",
}


def _approved_report(s: object, a: object, worker: object, lead: object, now: datetime) -> None:
    """The worker's four sections, submitted by the worker and approved by the team lead."""
    from app.models.report import (
        AssessmentReport,
        ReportAction,
        ReportDecision,
        ReportSection,
        ReportStatus,
        SectionDraft,
    )

    report = AssessmentReport(
        assessment_id=a.id,  # type: ignore[attr-defined]
        family_id=a.family_id,  # type: ignore[attr-defined]
        status=ReportStatus.approved,
        version=len(WRITTEN) + 2,
        author_id=worker.id,  # type: ignore[attr-defined]
        submitted_at=now - timedelta(days=2),
        approved_by_id=lead.id,  # type: ignore[attr-defined]
        approved_at=now - timedelta(days=1),
    )
    s.add(report)  # type: ignore[attr-defined]
    for section, text in WRITTEN.items():
        s.add(  # type: ignore[attr-defined]
            SectionDraft(
                report_id=report.id,
                family_id=report.family_id,
                section=ReportSection(section),
                number=1,
                text=text,
                written_by_id=worker.id,  # type: ignore[attr-defined]
            )
        )
    for n, (action, by) in enumerate(
        ((ReportAction.submitted, worker), (ReportAction.approved, lead)), start=1
    ):
        s.add(  # type: ignore[attr-defined]
            ReportDecision(
                report_id=report.id,
                family_id=report.family_id,
                action=action,
                report_version=len(WRITTEN) + n,
                decided_by_id=by.id,  # type: ignore[attr-defined]
            )
        )


# the size of the parent's plan measured: goals added to the case's two, steps each, views
PLAN_GOALS, PLAN_STEPS, PLAN_VIEWS = 10, 12, 60


def large_plan(fam: object, lead: object) -> object:
    """Make the seeded mother a parent user with a large plan; returns her user."""
    from sqlmodel import Session, select

    from app.db import get_engine
    from app.models.account import Role, User
    from app.models.evidence import ParentComment, Stance, ViewResponse
    from app.models.family import FamilyMember
    from app.models.plan import (
        Assessment,
        Consequence,
        Goal,
        GoalLifecycle,
        GoalParent,
        Milestone,
        MilestoneStatus,
        Reward,
    )

    today = date.today()
    now = datetime.now(UTC)
    with Session(get_engine(), expire_on_commit=False) as s:
        fid = fam.id  # type: ignore[attr-defined]
        mum = s.exec(
            select(FamilyMember).where(
                FamilyMember.family_id == fid, FamilyMember.full_name == "Tess Fenwick"
            )
        ).one()
        a = s.exec(select(Assessment).where(Assessment.family_id == fid)).one()
        parent = User(
            email=f"tess{fid.hex[:8]}@example.test",
            display_name="Tess Fenwick",
            role=Role.parent,
            family_member_id=mum.id,
        )
        s.add(parent)
        goals = []
        for n in range(PLAN_GOALS):
            g = Goal(
                assessment_id=a.id,
                family_id=fid,
                domain="Routine",
                title=f"Goal {n + 1}: keep to the family's weekly routine for Poppy",
                why_it_matters="Poppy needs to know what happens next to feel safe.",
                level_minus_2="Rarely",
                level_minus_1="Sometimes",
                level_0="Usually",
                level_plus_1="Almost always",
                level_plus_2="Always, without prompting",
                baseline_level=-1,
                target_date=today + timedelta(weeks=8 + n),
                lifecycle_status=GoalLifecycle.active,
                signed_off_at=now,
                signed_off_by_id=lead.id,  # type: ignore[attr-defined]
            )
            s.add(g)
            s.flush()
            s.add(GoalParent(goal_id=g.id, member_id=mum.id))
            goals.append(g)
            for k in range(PLAN_STEPS):
                done = k < PLAN_STEPS // 3
                s.add(
                    Milestone(
                        goal_id=g.id,
                        family_id=fid,
                        description=f"Step {k + 1}: the routine chart kept up for a week",
                        due_on=today + timedelta(weeks=k - PLAN_STEPS // 2),
                        status=MilestoneStatus.achieved if done else MilestoneStatus.pending,
                        achieved_on=today - timedelta(weeks=PLAN_STEPS - k) if done else None,
                    )
                )
            s.add(Reward(family_id=fid, goal_id=g.id, description="A day out at the park"))
            s.add(Consequence(family_id=fid, goal_id=g.id, description="Raised at the review"))
        s.flush()
        for n in range(PLAN_VIEWS):
            view = ParentComment(
                family_id=fid,
                author_id=parent.id,
                member_id=mum.id,
                goal_id=goals[n % PLAN_GOALS].id,
                stance=Stance.disagree if n % 3 else Stance.comment,
                text="The chart helps, but the school run is hard on the days I work late.",
            )
            s.add(view)
            s.flush()
            s.add(
                ViewResponse(
                    family_id=fid,
                    comment_id=view.id,
                    text="Thank you. We will look at the late days together at the next visit.",
                    recorded_by_id=lead.id,  # type: ignore[attr-defined]
                )
            )
        s.commit()
        return parent


def _count_queries() -> tuple[list[int], object]:
    from app.db import get_engine

    counter = [0]

    def on_execute(*_: object) -> None:
        counter[0] += 1

    sa.event.listen(get_engine(), "before_cursor_execute", on_execute)
    return counter, on_execute


def run() -> None:
    """Print the report timings at each size."""
    from pypdf import PdfReader
    from sqlmodel import Session

    from app.db import get_engine
    from app.models.report import ReportFormat, ReportKind
    from app.reports.typeset import Timings
    from app.services.context import Actor
    from app.services.reporting import exports, parent_plan

    _database()
    print(f"\nReports (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(
        f"{'entries':>8} {'report':<11} {'fmt':<5} {'total s':>8} {'gather':>7} "
        f"{'template':>9} {'engine':>7} {'queries':>8} {'pages/KB':>9}"
    )
    for size in SIZES:
        lead, fam = seed(size)
        for kind in (ReportKind.chronology, ReportKind.review, ReportKind.assessment):
            for fmt in (ReportFormat.pdf, ReportFormat.docx):
                timings = Timings()
                counter, hook = _count_queries()
                started = time.perf_counter()
                with Session(get_engine(), expire_on_commit=False) as s:
                    done = exports.export_report(
                        s,
                        Actor(lead),
                        fam.id,
                        kind,
                        fmt,  # type: ignore[attr-defined,arg-type]
                        timings=timings,
                    )
                total = time.perf_counter() - started
                sa.event.remove(get_engine(), "before_cursor_execute", hook)
                st = timings.stages
                engine = st.get("pdf engine", st.get("docx writer", 0.0))
                gather = total - st.get("templating", 0.0) - engine
                size_note = f"{len(done.built.content) // 1024}KB"
                if fmt == ReportFormat.pdf:
                    size_note = f"{len(PdfReader(io.BytesIO(done.built.content)).pages)}p"
                print(
                    f"{size:>8} {kind.value:<11} {fmt.value:<5} {total:>8.2f} {gather:>7.2f} "
                    f"{st.get('templating', 0.0):>9.2f} {engine:>7.2f} {counter[0]:>8} "
                    f"{size_note:>9}"
                )
        # the parent's printed plan, as she downloads it
        parent = large_plan(fam, lead)
        timings = Timings()
        counter, hook = _count_queries()
        started = time.perf_counter()
        with Session(get_engine(), expire_on_commit=False) as s:
            content = parent_plan.plan_pdf(s, Actor(parent), "en", timings=timings)  # type: ignore[arg-type]
            s.commit()
        total = time.perf_counter() - started
        sa.event.remove(get_engine(), "before_cursor_execute", hook)
        st = timings.stages
        print(
            f"{size:>8} {'parent plan':<11} {'pdf':<5} {total:>8.2f} "
            f"{st.get('gathering data', 0.0):>7.2f} {st.get('templating', 0.0):>9.2f} "
            f"{st.get('pdf engine', 0.0):>7.2f} {counter[0]:>8} "
            f"{str(len(PdfReader(io.BytesIO(content)).pages)) + 'p':>9}"
        )


def main() -> None:
    """The report measures of ``make bench`` (called after the throughput measures)."""
    run()


def images() -> None:
    """The chronology's first and last pages and the assessment report's first page into
    docs/ (needs pdftoppm)."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.models.report import ReportFormat, ReportKind
    from app.services.context import Actor
    from app.services.reporting.render import render_report

    _database()
    lead, fam = seed(120)
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    for kind, name, last in (
        (ReportKind.chronology, "chronology", True),
        (ReportKind.assessment, "assessment", False),
    ):
        with Session(get_engine(), expire_on_commit=False) as s:
            built = render_report(s, Actor(lead), fam.id, kind, ReportFormat.pdf)  # type: ignore[attr-defined,arg-type]
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "report.pdf"
            pdf.write_bytes(built.content)
            pages = [(1, "page1")]
            if last:
                from pypdf import PdfReader

                pages.append((len(PdfReader(io.BytesIO(built.content)).pages), "last"))
            for page, suffix in pages:
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "80",
                        "-f",
                        str(page),
                        "-l",
                        str(page),
                        "-singlefile",
                        str(pdf),
                        str(docs / f"{name}-{suffix}"),
                    ],
                    check=True,
                )
                print(f"wrote docs/{name}-{suffix}.png")


if __name__ == "__main__":
    images() if sys.argv[1:] == ["images"] else main()
