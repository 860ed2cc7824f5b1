"""All tables, imported here so SQLModel.metadata knows every one of them."""

from app.models.account import Allocation, ApiToken, Role, Team, User, WebSession
from app.models.audit import AuditChainHead, AuditEvent
from app.models.credentials import (
    LinkPurpose,
    OneTimeLink,
    PendingSignIn,
    RecoveryCode,
    SsoAttempt,
    ThrottleHit,
    TotpEnrolment,
)
from app.models.evidence import (
    CaseEvent,
    ParentComment,
    PlanEvent,
    ProgressEntry,
    ProgressEntryParent,
    StageRating,
    ViewResponse,
)
from app.models.family import Family, FamilyMember, TimescaleExtension
from app.models.plan import Assessment, Consequence, Goal, GoalParent, Milestone, Reward
from app.models.report import (
    AssessmentReport,
    ChronologyAdjustment,
    Export,
    ReportDecision,
    SectionDraft,
)
from app.models.review import ReviewMeeting

__all__ = [
    "Allocation",
    "ApiToken",
    "Assessment",
    "AssessmentReport",
    "AuditChainHead",
    "AuditEvent",
    "CaseEvent",
    "ChronologyAdjustment",
    "Consequence",
    "Export",
    "Family",
    "FamilyMember",
    "Goal",
    "GoalParent",
    "LinkPurpose",
    "Milestone",
    "OneTimeLink",
    "ParentComment",
    "PendingSignIn",
    "PlanEvent",
    "ProgressEntry",
    "ProgressEntryParent",
    "RecoveryCode",
    "ReportDecision",
    "ReviewMeeting",
    "Reward",
    "Role",
    "SectionDraft",
    "SsoAttempt",
    "StageRating",
    "Team",
    "ThrottleHit",
    "TimescaleExtension",
    "TotpEnrolment",
    "User",
    "ViewResponse",
    "WebSession",
]
