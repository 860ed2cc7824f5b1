"""How to call each route: path parameters by name, and a minimal valid body.

Bodies are valid for a role that is allowed, so a refusal is the access rule
speaking, not validation. Versions are read fresh: earlier writes in the same
walk bump them.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models.family import Family, FamilyMember
from app.models.plan import Assessment, Consequence, Goal, Milestone, Reward
from app.models.report import AssessmentReport, SectionDraft
from tests.factories import PASSWORD
from tests.security.matrix_world import MatrixWorld

TODAY = date.today()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
LATER = (TODAY + timedelta(weeks=6)).isoformat()


def day_fields(name: str, day: date = TODAY - timedelta(days=1)) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


@dataclass
class Ctx:
    mw: MatrixWorld
    session: Session
    internal: bool = False  # fill evidence ids with family A's internal records
    # fill ids with the records of one parent alone ("mother" or "father")
    one_parent: str = ""

    def version(self, model: Any, record_id: uuid.UUID) -> int:
        # a plain select, then end the transaction: an open one would hold the
        # SQLite write lock (BEGIN IMMEDIATE) against the app
        found = self.session.exec(select(model.version).where(model.id == record_id)).one()
        self.session.commit()
        return int(found)

    def decision_date(self, assessment_id: uuid.UUID) -> date:
        found = self.session.exec(
            select(Assessment.decision_date).where(Assessment.id == assessment_id)
        ).one()
        self.session.commit()
        return found

    def report_version(self, assessment_id: uuid.UUID) -> int:
        found = self.session.exec(
            select(AssessmentReport.version).where(AssessmentReport.assessment_id == assessment_id)
        ).first()
        self.session.commit()
        return int(found or 0)

    def section_version(self, assessment_id: uuid.UUID) -> int:
        found = self.session.exec(
            select(sa.func.max(SectionDraft.number))
            .join(AssessmentReport, col(AssessmentReport.id) == SectionDraft.report_id)
            .where(AssessmentReport.assessment_id == assessment_id)
        ).one()
        self.session.commit()
        return int(found or 0)

    def param(self, name: str, path: str) -> str:
        w, mw = self.mw.w, self.mw
        kind = path.strip("/").split("/")[0] if name == "record_id" else ""
        entry = w.internal_entry_a if self.internal else w.shared_entry_a
        rating = mw.internal_rating_a if self.internal else mw.rating_a
        review = mw.internal_review_a if self.internal else mw.review_a
        event = mw.spare["internal_event" if self.internal else "event"]
        by_name: dict[str, object] = {
            "family_id": w.family_a.id,
            "goal_id": w.goal_a.id,
            "entry_id": entry.id,
            "rating_id": rating.id,
            "review_id": review.id,
            "member_id": w.mother_a.id,
            "comment_id": mw.comment_a.id,
            "assessment_id": w.assessment_a.id,
            "section": "analysis",
            "name": "analysis",
            "milestone_id": w.milestone_a.id,
            "reward_id": w.reward_a.id,
            "consequence_id": w.consequence_a.id,
            "user_id": w.worker_a2.id,
            "team_id": w.team_b.id,
            "allocation_id": mw.allocation_a.id,
            "event_id": event.id,
            "extension_id": mw.spare["extension"].id,
            "kind": "chronology",
            "fmt": "csv",
            "token": "not-a-real-link-token-0000",
            "action": "withdraw" if "/rewards/" in path else "waive",
        }
        by_kind = {
            "entries": entry.id,
            "stage-ratings": rating.id,
            "reviews": review.id,
            "events": event.id,
            "rewards": w.reward_a.id,
            "consequences": w.consequence_a.id,
        }
        if self.one_parent:
            theirs = mw.of_mother if self.one_parent == "mother" else mw.of_father
            by_name |= {
                "goal_id": theirs["goal"].id,
                "entry_id": theirs["entry"].id,
                "rating_id": theirs["rating"].id,
                "milestone_id": theirs["milestone"].id,
                "reward_id": theirs["reward"].id,
                "consequence_id": theirs["consequence"].id,
                "event_id": theirs["event"].id,
            }
            by_kind |= {
                "events": theirs["event"].id,
                "entries": theirs["entry"].id,
                "stage-ratings": theirs["rating"].id,
                "rewards": theirs["reward"].id,
                "consequences": theirs["consequence"].id,
            }
        if name == "record_id":
            return str(by_kind[kind])
        if name not in by_name:
            raise KeyError(f"no value for path parameter {name!r} of {path}: add one")
        return str(by_name[name])

    def fill(self, path: str, overrides: dict[str, Callable[["Ctx"], object]]) -> str:
        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in overrides:
                return str(overrides[name](self))
            return self.param(name, path)

        return re.sub(r"\{(\w+)\}", value, path)


Body = Callable[[Ctx], dict[str, Any]]


def _w(c: Ctx) -> Any:
    return c.mw.w


# --- JSON bodies ---------------------------------------------------------------------------

REASON: Body = lambda c: {"reason": "Typed against the wrong goal"}  # noqa: E731

API_BODIES: dict[str, Body] = {
    "POST /api/v1/goals/{goal_id}/entries": lambda c: {
        "occurred_on": YESTERDAY,
        "observation": "Matrix visit note",
        "source": "home_visit",
    },
    "POST /api/v1/entries/{entry_id}/amendments": REASON,
    "POST /api/v1/comments/{comment_id}/responses": lambda c: {"text": "Thank you."},
    "POST /api/v1/entries/{entry_id}/entered-in-error": REASON,
    "POST /api/v1/families/{family_id}/stage-ratings": lambda c: {
        "member_id": str(_w(c).mother_a.id),
        "occurred_on": YESTERDAY,
        "stage": "action",
        "motivation": 5,
        "ability": 5,
    },
    "POST /api/v1/stage-ratings/{rating_id}/amendments": REASON,
    "POST /api/v1/stage-ratings/{rating_id}/entered-in-error": REASON,
    "POST /api/v1/families/{family_id}/reviews": lambda c: {
        "occurred_on": YESTERDAY,
        "kind": "core_group",
        "summary": "Matrix review",
    },
    "POST /api/v1/reviews/{review_id}/amendments": REASON,
    "POST /api/v1/reviews/{review_id}/entered-in-error": REASON,
    "POST /api/v1/families/{family_id}/events": lambda c: {
        "occurred_on": YESTERDAY,
        "source": "police",
        "what_happened": "Matrix call-out",
        "significance_for_child": "Matrix significance",
    },
    "POST /api/v1/events/{event_id}/amendments": REASON,
    "POST /api/v1/events/{event_id}/entered-in-error": REASON,
    "POST /api/v1/families/{family_id}/comments": lambda c: {
        "goal_id": str(_w(c).goal_a.id),
        "text": "My view",
    },
    "POST /api/v1/families/{family_id}/comments/seen": lambda c: {},
    "POST /api/v1/families": lambda c: {
        "case_reference": f"CCT-M-{uuid.uuid4().hex[:6]}",
        "family_name": "Matrix family",
        "legal_status": "child_in_need",
    },
    "PATCH /api/v1/families/{family_id}": lambda c: {
        "version": c.version(Family, _w(c).family_a.id),
        "family_name": "Ashdown family",
    },
    "POST /api/v1/families/{family_id}/members": lambda c: {
        "role": "carer",
        "full_name": "Pat Ashdown",
    },
    "PATCH /api/v1/members/{member_id}": lambda c: {
        "version": c.version(FamilyMember, _w(c).mother_a.id),
        "relationship": "mother",
    },
    "POST /api/v1/families/{family_id}/allocations": lambda c: {
        "user_id": str(_w(c).worker_a2.id),
        "is_primary": False,
    },
    "POST /api/v1/families/{family_id}/assessments": lambda c: {"started_on": YESTERDAY},
    "POST /api/v1/families/{family_id}/timescale-extensions": lambda c: {
        "granted_on": YESTERDAY,
        "weeks": 4,
        "reason": "Awaiting an expert report",
    },
    "POST /api/v1/timescale-extensions/{extension_id}/entered-in-error": REASON,
    "PATCH /api/v1/assessments/{assessment_id}": lambda c: {
        "version": c.version(Assessment, _w(c).assessment_a.id),
        "review_interval_weeks": 6,
    },
    "PUT /api/v1/assessments/{assessment_id}/report/sections/{section}": lambda c: {
        "text": "Both parents engage; the home is safer.",
        "version": c.section_version(_w(c).assessment_a.id),
    },
    "POST /api/v1/assessments/{assessment_id}/report/submit": lambda c: {
        "version": c.report_version(_w(c).assessment_a.id)
    },
    "POST /api/v1/assessments/{assessment_id}/report/approve": lambda c: {
        "version": c.report_version(_w(c).assessment_a.id)
    },
    "POST /api/v1/assessments/{assessment_id}/report/return": lambda c: {
        "version": c.report_version(_w(c).assessment_a.id),
        "comment": "Say more about the father.",
    },
    "POST /api/v1/assessments/{assessment_id}/goals": lambda c: {
        "domain": "Routines",
        "title": "Children at school on time",
        "why_it_matters": "Learning and friendships",
        "level_minus_2": "Rarely",
        "level_minus_1": "Some days",
        "level_0": "Most days",
        "level_plus_1": "Nearly every day",
        "level_plus_2": "Every day",
        "target_date": LATER,
        "parent_ids": [str(_w(c).mother_a.id)],
    },
    "PATCH /api/v1/goals/{goal_id}": lambda c: {
        "version": c.version(Goal, _w(c).goal_a.id),
        "weight": 1.0,
    },
    "POST /api/v1/goals/{goal_id}/sign-off": lambda c: {
        "version": c.version(Goal, _w(c).goal_a_unsigned.id),
        "decision": "approve",
    },
    "POST /api/v1/goals/{goal_id}/milestones": lambda c: {
        "description": "Matrix milestone",
        "due_on": LATER,
    },
    "PATCH /api/v1/milestones/{milestone_id}": lambda c: {
        "version": c.version(Milestone, _w(c).milestone_a.id),
        "description": "Bedrooms safe at two visits in a row",
    },
    "POST /api/v1/milestones/{milestone_id}/outcome": lambda c: {
        "version": c.version(Milestone, _w(c).milestone_a.id),
        "status": "achieved",
        "occurred_on": YESTERDAY,
    },
    "POST /api/v1/families/{family_id}/rewards": lambda c: {
        "description": "Trip to the zoo",
        "goal_id": str(_w(c).goal_a.id),
    },
    "PATCH /api/v1/rewards/{reward_id}": lambda c: {
        "version": c.version(Reward, _w(c).reward_a.id),
        "description": "Extra contact session at the park",
    },
    "POST /api/v1/rewards/{reward_id}/decision": lambda c: {
        "version": c.version(Reward, _w(c).reward_a.id),
        "status": "withdrawn",
        "occurred_on": YESTERDAY,
        "note": "No longer possible",
    },
    "POST /api/v1/families/{family_id}/consequences": lambda c: {
        "description": "Raised at the next meeting",
        "goal_id": str(_w(c).goal_a.id),
    },
    "PATCH /api/v1/consequences/{consequence_id}": lambda c: {
        "version": c.version(Consequence, _w(c).consequence_a.id),
        "description": "Home conditions raised at the next PLO meeting",
    },
    "POST /api/v1/consequences/{consequence_id}/decision": lambda c: {
        "version": c.version(Consequence, _w(c).consequence_a.id),
        "status": "waived",
        "occurred_on": YESTERDAY,
        "note": "Things improved",
    },
    "POST /api/v1/users": lambda c: {
        "email": f"new.{uuid.uuid4().hex[:6]}@example.test",
        "display_name": "Nia Worker",
        "role": "social_worker",
        "team_id": str(_w(c).team_a.id),
    },
    "PATCH /api/v1/users/{user_id}": lambda c: {
        "role": "social_worker",
        "team_id": str(_w(c).team_a.id),
    },
    "POST /api/v1/teams": lambda c: {"name": f"Matrix Team {uuid.uuid4().hex[:6]}"},
    "PATCH /api/v1/teams/{team_id}": lambda c: {"name": f"Renamed Team {uuid.uuid4().hex[:6]}"},
    "POST /api/v1/account/password": lambda c: {
        "token": "not-a-real-link-token-0000",
        "password": "a-long-enough-new-passphrase",
    },
    "POST /api/v1/me/password": lambda c: {
        "current_password": PASSWORD,
        "new_password": "a-long-enough-new-passphrase",
    },
    "POST /api/v1/tokens": lambda c: {"email": _w(c).worker_a.email, "password": "wrong-password"},
}

# --- page forms ----------------------------------------------------------------------------

PAGE_FORMS: dict[str, Body] = {
    "POST /accounts/invite": lambda c: {
        "email": f"new.{uuid.uuid4().hex[:6]}@example.test",
        "display_name": "Nia Worker",
        "role": "social_worker",
        "team_id": str(_w(c).team_a.id),
    },
    "POST /accounts/teams": lambda c: {"name": f"Matrix Team {uuid.uuid4().hex[:6]}"},
    "POST /accounts/teams/{team_id}": lambda c: {"name": f"Renamed Team {uuid.uuid4().hex[:6]}"},
    "POST /accounts/{user_id}/role": lambda c: {
        "role": "social_worker",
        "team_id": str(_w(c).team_a.id),
    },
    "POST /sign-in": lambda c: {"email": "nobody@example.test", "password": "wrong-password"},
    "POST /account/reset/{token}": lambda c: {"password": "x", "confirm": "x"},
    "POST /account/set-up/{token}": lambda c: {"password": "x", "confirm": "x"},
    "POST /account/two-step": lambda c: {"code": "000000"},
    "POST /account/two-step/set-up": lambda c: {"code": "000000"},
    "POST /account/password": lambda c: {
        "current_password": PASSWORD,
        "new_password": "a-long-enough-new-passphrase",
        "confirm": "a-long-enough-new-passphrase",
    },
    "POST /families/new": lambda c: {
        "case_reference": f"CCT-M-{uuid.uuid4().hex[:6]}",
        "family_name": "Matrix family",
        "legal_status": "child_in_need",
    },
    "POST /families/{family_id}/edit": lambda c: {
        "family_name": "Ashdown family",
        "status": "open",
        "legal_status": "care_proceedings",
        **day_fields("proceedings_issued_on", TODAY - timedelta(weeks=8)),
        "version": str(c.version(Family, _w(c).family_a.id)),
    },
    "POST /families/{family_id}/members/new": lambda c: {
        "role": "carer",
        "full_name": "Pat Ashdown",
    },
    "POST /members/{member_id}/edit": lambda c: {
        "full_name": "Jo Ashdown",
        "relationship": "mother",
        "version": str(c.version(FamilyMember, _w(c).mother_a.id)),
    },
    "POST /families/{family_id}/assessments/new": lambda c: {
        **day_fields("started_on"),
        "review_interval_weeks": "6",
    },
    "POST /families/{family_id}/extensions/new": lambda c: {
        **day_fields("granted_on"),
        "weeks": "4",
        "reason": "Awaiting an expert report",
    },
    "POST /assessments/{assessment_id}/edit": lambda c: {
        # the date as it stands (in care proceedings the statute and extensions set it)
        **day_fields("decision_date", c.decision_date(_w(c).assessment_a.id)),
        "review_interval_weeks": "6",
        "status": "open",
        "version": str(c.version(Assessment, _w(c).assessment_a.id)),
    },
    "POST /assessments/{assessment_id}/goals/new": lambda c: {
        "title": "Children at school on time",
        "why_it_matters": "Learning and friendships",
        "parent_ids": str(_w(c).mother_a.id),
        "domain": "Routines",
        "term": "short",
        "level_minus_2": "Rarely",
        "level_minus_1": "Some days",
        "level_0": "Most days",
        "level_plus_1": "Nearly every day",
        "level_plus_2": "Every day",
        "baseline_level": "-1",
        "weight": "1",
        **day_fields("target_date", TODAY + timedelta(weeks=6)),
    },
    "POST /goals/{goal_id}/milestones/new": lambda c: {
        "description": "Matrix milestone",
        **day_fields("due_on", TODAY + timedelta(weeks=6)),
    },
    "POST /families/{family_id}/rewards/new": lambda c: {
        "link": f"goal:{_w(c).goal_a.id}",
        "description": "Trip to the zoo",
        "trigger": "manual",
    },
    "POST /families/{family_id}/consequences/new": lambda c: {
        "link": f"goal:{_w(c).goal_a.id}",
        "description": "Raised at the next meeting",
        "trigger": "manual",
    },
    "POST /rewards/{record_id}/edit": lambda c: {
        "description": "Extra contact session at the park",
        "version": str(c.version(Reward, _w(c).reward_a.id)),
    },
    "POST /consequences/{record_id}/edit": lambda c: {
        "description": "Home conditions raised at the next PLO meeting",
        "version": str(c.version(Consequence, _w(c).consequence_a.id)),
    },
    "POST /goals/{goal_id}/sign-off": lambda c: {
        "decision": "approve",
        "version": str(c.version(Goal, c.mw.spare["goal_unsigned"].id)),
    },
    "POST /families/{family_id}/allocation": lambda c: {
        "access": "extra",
        "extra_worker": str(_w(c).worker_a2.id),
    },
    "POST /families/{family_id}/allocation/end": lambda c: {
        "allocation_id": str(c.mw.spare["allocation_web"].id)
    },
    "POST /families/{family_id}/comments/seen": lambda c: {"comment_id": str(c.mw.comment_a.id)},
    "POST /comments/{comment_id}/response": lambda c: {"text": "Thank you for telling us."},
    "POST /families/{family_id}/log": lambda c: {
        "goal_id": str(_w(c).goal_a.id),
        f"score-{_w(c).goal_a.id}": "0",
        "observation": "Matrix visit note",
        "source": "home_visit",
        "visibility": "internal",
        **day_fields("occurred-on"),
    },
    "POST /entries/{entry_id}/amend": lambda c: {
        "goal_id": str(_w(c).goal_a.id),
        f"score-{_w(c).goal_a.id}": "0",
        "observation": "Matrix visit note, corrected",
        "source": "home_visit",
        "visibility": "shared",
        "reason": "Wrong score",
        **day_fields("occurred-on"),
    },
    "POST /reviews/{record_id}/entered-in-error": REASON,
    "POST /events/{record_id}/entered-in-error": REASON,
    "POST /stage-ratings/{record_id}/entered-in-error": REASON,
    "POST /entries/{record_id}/entered-in-error": REASON,
    "POST /families/{family_id}/stage-ratings/new": lambda c: {
        "member_id": str(_w(c).mother_a.id),
        "stage": "action",
        "motivation": "5",
        "ability": "5",
        "visibility": "internal",
        **day_fields("occurred-on"),
    },
    "POST /families/{family_id}/reviews/new": lambda c: {
        "kind": "core_group",
        "summary": "Matrix review",
        "visibility": "internal",
        **day_fields("occurred-on"),
    },
    "POST /stage-ratings/{record_id}/amend": lambda c: {
        "member_id": str(_w(c).mother_a.id),
        "stage": "maintenance",
        "motivation": "6",
        "ability": "6",
        "visibility": "shared",
        "reason": "Wrong stage",
        **day_fields("occurred-on"),
    },
    "POST /families/{family_id}/events/new": lambda c: {
        **day_fields("occurred_on"),
        "source": "health",
        "what_happened": "Matrix hospital attendance",
        "significance_for_child": "Matrix significance",
        "visibility": "internal",
    },
    "POST /events/{record_id}/amend": lambda c: {
        **day_fields("occurred_on"),
        "source": "education",
        "what_happened": "Matrix exclusion, corrected",
        "significance_for_child": "Matrix significance",
        "visibility": "shared",
        "reason": "Wrong date",
    },
    "POST /reviews/{record_id}/amend": lambda c: {
        "kind": "core_group",
        "summary": "Matrix review, corrected",
        "visibility": "shared",
        "reason": "Wrong summary",
        **day_fields("occurred-on"),
    },
    "POST /milestones/{milestone_id}/outcome": lambda c: {
        "status": "achieved",
        "note": "Seen at two visits",
        "version": str(c.version(Milestone, c.mw.spare["milestone"].id)),
        **day_fields("occurred-on"),
    },
    "POST /rewards/{record_id}/{action}": lambda c: {
        "note": "No longer possible",
        "version": str(c.version(Reward, c.mw.spare["reward"].id)),
        **day_fields("occurred-on"),
    },
    "POST /consequences/{record_id}/{action}": lambda c: {
        "note": "Things improved",
        "version": str(c.version(Consequence, c.mw.spare["consequence"].id)),
        **day_fields("occurred-on"),
    },
    "POST /your-plan/goals/{goal_id}/your-view": lambda c: {"stance": "agree", "text": "Yes"},
    "POST /your-progress/entries/{entry_id}/your-view": lambda c: {
        "stance": "comment",
        "text": "Noted",
    },
    "POST /assessments/{assessment_id}/report/sections/{name}": lambda c: {
        "text": "The home is safer; both parents engage.",
        "version": str(c.section_version(_w(c).assessment_a.id)),
    },
    "POST /assessments/{assessment_id}/report/submit": lambda c: {
        "version": str(c.report_version(_w(c).assessment_a.id))
    },
    "POST /assessments/{assessment_id}/report/decision": lambda c: {
        "decision": "approve",
        "version": str(c.report_version(_w(c).assessment_a.id)),
    },
    "POST /families/{family_id}/reports/leave-out": lambda c: {
        "target_key": f"entry:{_w(c).shared_entry_a.id}",
        "reason": "Not significant for the child",
    },
    "POST /families/{family_id}/reports/add-event": lambda c: {
        **day_fields("occurred_on"),
        "event": "Police welfare visit",
        "source": "Police log",
        "significance": "Shows the home was calm",
        "reason": "Missing from the records",
    },
    "POST /language": lambda c: {"language": "cy", "next": "/"},
}
