"""The words for every coded value, for each audience: staff pages, the court, parents.

One word per value per audience. Staff and the court share a wording unless the
court's must differ: the court reads the stages of change by the model's own terms
("contemplation"). Parents' words are plain English marked for translation, and
translated into the request's language when asked for.

Values may arrive as enum members or as their stored strings (rows of a UNION read
the enum's value); a string needs its enum named, e.g. ``staff("drug_test", Source)``.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from app.i18n import N_, gettext
from app.models.account import Role
from app.models.credentials import LinkPurpose
from app.models.evidence import (
    EventSource,
    PlanEventKind,
    Significance,
    Source,
    Stage,
    Stance,
    Visibility,
)
from app.models.family import FamilyStatus, LegalStatus, MemberRole
from app.models.plan import (
    AssessmentStatus,
    ConsequenceStatus,
    GoalAchievement,
    GoalLifecycle,
    GoalTerm,
    MilestoneState,
    MilestoneStatus,
    RewardStatus,
    Trigger,
)
from app.models.report import (
    AdjustmentAction,
    Audience,
    ReportAction,
    ReportFormat,
    ReportKind,
    ReportSection,
    ReportStatus,
)
from app.models.review import ReviewKind

Reader = Literal["staff", "court", "parent"]
READERS: tuple[Reader, ...] = ("staff", "court", "parent")


@dataclass(frozen=True)
class Words:
    staff: str
    court: str
    parent: str  # the English message; translated by ``parent()``


def _same(staff_and_court: str, parent: str) -> Words:
    return Words(staff_and_court, staff_and_court, parent)


# fmt: off
TABLES: dict[type[enum.Enum], dict[str, Words]] = {
    Role: {
        Role.social_worker: _same("Social worker", N_("Social worker")),
        Role.team_lead: _same("Team lead", N_("Team lead")),
        Role.parent: _same("Parent or carer", N_("Parent or carer")),
        Role.admin: _same("Administrator", N_("Administrator")),
    },
    LinkPurpose: {
        LinkPurpose.set_up: _same("Account set-up link", N_("Set up your account")),
        LinkPurpose.reset: _same("Password reset link", N_("Reset your password")),
    },
    Visibility: {
        Visibility.shared: _same("Shared with the family", N_("Shared with you")),
        Visibility.internal: _same("Internal (staff only)", N_("Kept by staff only")),
    },
    Significance: {
        Significance.routine: _same("Routine", N_("Day to day")),
        Significance.significant: _same("Significant", N_("Important")),
    },
    Source: {
        Source.home_visit: _same("Home visit", N_("Home visit")),
        Source.drug_test: _same("Drug or alcohol test", N_("Test result")),
        Source.school_report: _same("School or nursery report", N_("School")),
        Source.agency_report: _same("Report from another agency", N_("Another service")),
        Source.parent_report: _same("What a parent told us", N_("What you told us")),
        Source.contact_session: _same("Contact session", N_("Family time")),
        Source.other: _same("Other", N_("Note")),
    },
    EventSource: {
        EventSource.police: _same("Police", N_("Police")),
        EventSource.health: _same("Health", N_("Health services")),
        EventSource.education: _same("Education", N_("School or college")),
        EventSource.probation: _same("Probation", N_("Probation")),
        EventSource.housing: _same("Housing", N_("Housing")),
        EventSource.other_agency: _same("Another agency", N_("Another service")),
        EventSource.family: _same("The family", N_("Your family")),
        EventSource.other: _same("Other", N_("Note")),
    },
    Stage: {
        Stage.precontemplation: Words(
            "Not thinking about change (precontemplation)", "precontemplation",
            N_("Not yet thinking about change"),
        ),
        Stage.contemplation: Words(
            "Thinking about change (contemplation)", "contemplation",
            N_("Thinking about change"),
        ),
        Stage.preparation: Words(
            "Getting ready to change (preparation)", "preparation",
            N_("Getting ready to change"),
        ),
        Stage.action: Words("Making changes (action)", "action", N_("Making changes")),
        Stage.maintenance: Words(
            "Keeping changes going (maintenance)", "maintenance", N_("Keeping changes going"),
        ),
        Stage.relapse: Words(
            "Gone back to an earlier stage (relapse)", "relapse", N_("Slipped back"),
        ),
    },
    PlanEventKind: {
        PlanEventKind.milestone_achieved: _same("Milestone achieved", N_("Step done")),
        PlanEventKind.milestone_missed: _same("Milestone missed", N_("Step missed")),
        PlanEventKind.milestone_cancelled: _same("Milestone cancelled", N_("Step stopped")),
        PlanEventKind.reward_earned: _same("Reward earned", N_("Reward earned")),
        PlanEventKind.reward_given: _same("Reward given", N_("Reward given")),
        PlanEventKind.reward_withdrawn: _same("Reward withdrawn", N_("Reward taken back")),
        PlanEventKind.consequence_due: _same("Consequence due", N_("Agreed action now due")),
        PlanEventKind.consequence_applied: _same(
            "Consequence applied", N_("Agreed action has happened"),
        ),
        PlanEventKind.consequence_waived: _same(
            "Consequence waived", N_("Agreed action not going ahead"),
        ),
        PlanEventKind.plan_signed_off: _same("Plan signed off by team lead", N_("Plan agreed")),
        PlanEventKind.plan_changes_requested: _same(
            "Team lead asked for changes to the plan", N_("Plan sent back for changes"),
        ),
        PlanEventKind.relapse: _same("Relapse", N_("Things slipped back")),
    },
    # the parent reads their own view: "You agreed"
    Stance: {
        Stance.agree: _same("Agrees", N_("You agreed")),
        Stance.disagree: _same("Disagrees", N_("You did not agree")),
        Stance.comment: _same("Comments", N_("Your comment")),
    },
    LegalStatus: {
        LegalStatus.child_in_need: _same("Child in need", N_("Child in need")),
        LegalStatus.child_protection_plan: _same(
            "Child protection plan", N_("Child protection plan"),
        ),
        LegalStatus.plo_pre_proceedings: _same(
            "Pre-proceedings (PLO)", N_("Pre-proceedings: before going to court"),
        ),
        LegalStatus.care_proceedings: _same("Care proceedings", N_("Care proceedings in court")),
    },
    FamilyStatus: {
        FamilyStatus.open: _same("Open", N_("Open")),
        FamilyStatus.closed: _same("Closed", N_("Closed")),
    },
    MemberRole: {
        MemberRole.parent: _same("Parent", N_("Parent")),
        MemberRole.carer: _same("Carer", N_("Carer")),
        MemberRole.child: _same("Child", N_("Child")),
    },
    AssessmentStatus: {
        AssessmentStatus.open: _same("Open", N_("Open")),
        AssessmentStatus.closed: _same("Closed", N_("Closed")),
    },
    GoalTerm: {
        GoalTerm.short: _same("Short term", N_("Short term")),
        GoalTerm.long: _same("Long term", N_("Long term")),
    },
    GoalLifecycle: {
        GoalLifecycle.proposed: _same("Proposed", N_("Suggested")),
        GoalLifecycle.planned: _same("Planned", N_("Planned")),
        GoalLifecycle.accepted: _same("Accepted", N_("Agreed")),
        GoalLifecycle.active: _same("Active", N_("Working on it")),
        GoalLifecycle.on_hold: _same("On hold", N_("Paused")),
        GoalLifecycle.completed: _same("Completed", N_("Done")),
        GoalLifecycle.cancelled: _same("Cancelled", N_("Stopped")),
        GoalLifecycle.entered_in_error: _same("Entered in error", N_("Added by mistake")),
        GoalLifecycle.rejected: _same("Rejected", N_("Not agreed")),
    },
    GoalAchievement: {
        GoalAchievement.in_progress: _same("In progress", N_("Working on it")),
        GoalAchievement.improving: _same("Improving", N_("Getting better")),
        GoalAchievement.worsening: _same("Worsening", N_("Getting worse")),
        GoalAchievement.no_change: _same("No change", N_("No change")),
        GoalAchievement.achieved: _same("Achieved", N_("Reached")),
        GoalAchievement.sustaining: _same("Sustaining", N_("Keeping it going")),
        GoalAchievement.not_achieved: _same("Not achieved", N_("Not reached")),
        GoalAchievement.no_progress: _same("No progress", N_("No progress yet")),
        GoalAchievement.not_attainable: _same("Not attainable", N_("Cannot be reached")),
    },
    MilestoneStatus: {
        MilestoneStatus.pending: _same("Pending", N_("Coming up")),
        MilestoneStatus.achieved: _same("Achieved", N_("Done")),
        MilestoneStatus.missed: _same("Missed", N_("Missed")),
        MilestoneStatus.cancelled: _same("Cancelled", N_("Stopped")),
    },
    MilestoneState: {
        MilestoneState.pending: _same("Pending", N_("Coming up")),
        MilestoneState.overdue: _same("Overdue", N_("Date passed")),
        MilestoneState.achieved: _same("Achieved", N_("Done")),
        MilestoneState.missed: _same("Missed", N_("Missed")),
        MilestoneState.cancelled: _same("Cancelled", N_("Stopped")),
    },
    Trigger: {
        Trigger.milestone_achieved: _same(
            "When the milestone is achieved", N_("When the step is done"),
        ),
        Trigger.milestone_missed: _same(
            "When the milestone is missed", N_("When the step is missed"),
        ),
        Trigger.relapse: _same(
            "If things go back to how they were (a relapse)", N_("If things slip back"),
        ),
        Trigger.manual: _same(
            "When the social worker decides", N_("When your social worker decides"),
        ),
    },
    RewardStatus: {
        RewardStatus.agreed: _same("Agreed", N_("Agreed")),
        RewardStatus.earned: _same("Earned", N_("Earned")),
        RewardStatus.given: _same("Given", N_("Given")),
        RewardStatus.withdrawn: _same("Withdrawn", N_("Taken back")),
    },
    ConsequenceStatus: {
        ConsequenceStatus.agreed: _same("Agreed", N_("Agreed")),
        ConsequenceStatus.due: _same("Due", N_("Now due")),
        ConsequenceStatus.applied: _same("Applied", N_("Has happened")),
        ConsequenceStatus.waived: _same("Waived", N_("Not going ahead")),
    },
    ReviewKind: {
        ReviewKind.core_group: _same("Core group meeting", N_("Core group meeting")),
        ReviewKind.child_protection_conference: _same(
            "Child protection conference", N_("Child protection conference"),
        ),
        ReviewKind.plo_review: _same("PLO review meeting", N_("Pre-proceedings review meeting")),
        ReviewKind.looked_after_review: _same(
            "Looked-after child review", N_("Looked-after child review"),
        ),
        ReviewKind.assessment_review: _same(
            "Assessment review meeting", N_("Assessment review meeting"),
        ),
        ReviewKind.other: _same("Other review meeting", N_("Review meeting")),
    },
    ReportKind: {
        ReportKind.chronology: _same("Court chronology", N_("Chronology")),
        ReportKind.review: _same("Review meeting report", N_("Review meeting report")),
        ReportKind.assessment: _same(
            "Capacity-to-change assessment report", N_("Assessment report"),
        ),
    },
    ReportFormat: {
        ReportFormat.pdf: _same("PDF", N_("PDF")),
        ReportFormat.docx: _same("Word document", N_("Word document")),
        ReportFormat.csv: _same("CSV spreadsheet", N_("CSV spreadsheet")),
    },
    Audience: {
        Audience.staff: _same("Staff copy", N_("Staff copy")),
        Audience.family: _same("Family copy", N_("Family copy")),
    },
    AdjustmentAction: {
        AdjustmentAction.omit: _same("Left out", N_("Left out")),
        AdjustmentAction.add: _same("Added", N_("Added")),
        AdjustmentAction.significance: _same(
            "What it means for the child", N_("What it means for the child")
        ),
    },
    ReportSection: {
        ReportSection.lived_experience: _same(
            "The child’s lived experience, wishes and feelings",
            N_("The child’s lived experience, wishes and feelings"),
        ),
        ReportSection.parents_views: _same("The parents’ views", N_("The parents’ views")),
        ReportSection.analysis: _same(
            "Analysis of capacity to change", N_("Analysis of capacity to change"),
        ),
        ReportSection.recommendation: _same("Recommendation", N_("Recommendation")),
    },
    ReportStatus: {
        ReportStatus.draft: _same("Draft", N_("Draft")),
        ReportStatus.submitted: _same(
            "With the team lead for approval", N_("With the team lead for approval"),
        ),
        ReportStatus.returned: _same("Returned with comments", N_("Returned with comments")),
        ReportStatus.approved: _same("Approved", N_("Approved")),
    },
    ReportAction: {
        ReportAction.submitted: _same("Submitted for approval", N_("Submitted for approval")),
        ReportAction.returned: _same("Returned with comments", N_("Returned with comments")),
        ReportAction.approved: _same("Approved", N_("Approved")),
    },
}
# fmt: on

# the enums by name, for templates: ``value | words("Source")``
BY_NAME: dict[str, type[enum.Enum]] = {cls.__name__: cls for cls in TABLES}

# Goal Attainment Scaling levels (staff and court; parents see "Step 2 of 5")
GAS_LEVEL_WORDS = {
    -2: "much less than expected",
    -1: "somewhat less than expected",
    0: "expected level",
    1: "somewhat more than expected",
    2: "much more than expected",
}

# the five levels as outcomes, for the goal form's questions ("What would … look like?")
GAS_LEVEL_OUTCOMES = {
    -2: "Much less than expected",
    -1: "Somewhat less than expected",
    0: "The expected outcome",
    1: "Somewhat more than expected",
    2: "Much more than expected",
}

# the kinds of record on a family's timeline (staff words)
# an account's status on the administrator's pages
ACCOUNT_STATUSES = {"active": "Active", "disabled": "Disabled"}

RECORD_KINDS = {
    "progress_entry": "Progress",
    "stage_rating": "Stage of change",
    "review_meeting": "Review meeting",
    "plan_event": "Plan",
    "case_event": "Event outside the plan",
    "parent_comment": "Parent’s view",
    "view_response": "Answer to a parent’s view",
}


def _entry(value: object, of: type[enum.Enum] | str | None) -> Words | None:
    if isinstance(of, str):
        of = BY_NAME[of]
    if of is None:
        if not isinstance(value, enum.Enum):
            raise TypeError(f"name the enum of {value!r}")
        of = type(value)
    key = str(getattr(value, "value", value))
    return TABLES[of].get(key)


def _fallback(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ").capitalize()


def words(value: object, of: type[enum.Enum] | str | None = None, reader: Reader = "staff") -> str:
    """The words for ``value`` for one audience; an unknown code reads as itself."""
    found = _entry(value, of)
    if found is None:
        return _fallback(value)
    if reader == "parent":
        return gettext(found.parent)
    return str(getattr(found, reader))


def staff(value: object, of: type[enum.Enum] | str | None = None) -> str:
    return words(value, of, "staff")


def court(value: object, of: type[enum.Enum] | str | None = None) -> str:
    return words(value, of, "court")


def parent(value: object, of: type[enum.Enum] | str | None = None) -> str:
    """A parent's words, in the request's language."""
    return words(value, of, "parent")


def choices(
    of: type[enum.Enum], reader: Reader = "staff", only: Iterable[enum.Enum] | None = None
) -> list[tuple[str, str]]:
    """(value, words) for each member (or only those given), in order: radios and selects."""
    return [(str(m.value), words(m, of, reader)) for m in (of if only is None else only)]


def in_sentence(text: str) -> str:
    """Words to run on in a sentence: 'Care proceedings' → 'care proceedings' (not 'PLO …')."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def gas_level(level: int) -> str:
    """'somewhat less than expected' (staff and court)."""
    return GAS_LEVEL_WORDS[level]
