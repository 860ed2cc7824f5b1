"""A team lead's actions: signing off the plan's goals, and allocating families to workers."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app.http.deps import SessionDep
from app.http.routing import AuditedRoute
from app.models.plan import Goal
from app.services.cases import allocations, families
from app.services.cases.allocations import AllocationCreate
from app.services.context import Actor
from app.services.plan import goals
from app.services.plan.goals import GoalSignOff, SignOffDecision
from app.services.reporting import assessment_report
from app.services.views import oversight
from app.web.deps import TeamLeadDep
from app.web.forms import F, Form, FormDep, Parsed, form_context
from app.web.goal_forms import LEVELS
from app.web.templating import done, render

router = APIRouter(route_class=AuditedRoute, include_in_schema=False)


SIGN_OFF = Form(
    F(
        "decision",
        "Decision",
        "choice",
        required="Select whether to sign off the goal or ask for changes",
    ),
    F("comment", "Comment"),
    whole="comment",
)
ALLOCATE = Form(
    F("worker", "Social worker", "choice", required="Select a social worker"),
    aliases={"user_id": "worker"},
    whole="worker",
)
GRANT = Form(
    F("extra_worker", "Social worker", "choice", required="Select a social worker"),
    aliases={"user_id": "extra_worker"},
    whole="extra_worker",
)

# --- plan sign-off -----------------------------------------------------------------------


@router.get("/team/sign-off")
def sign_off_list(request: Request, session: SessionDep, actor: TeamLeadDep) -> Response:
    waiting = oversight.awaiting_sign_off(session, actor)
    reports = assessment_report.awaiting_approval(session, actor)
    context = {"waiting": waiting, "reports": reports, "levels": LEVELS, "nav": "team"}
    return render(request, "plan/sign_off.html", context, fragment="waiting")


def _goal_page(
    request: Request,
    session: Session,
    actor: Actor,
    goal_id: uuid.UUID,
    parsed: Parsed,
    status: int = 200,
) -> Response:
    goal = goals.get_goal(session, actor, goal_id)
    members = {m.id: m.full_name for m in families.list_members(session, actor, goal.family_id)}
    parents = [members.get(p, "") for p in goal.parent_ids]
    context = form_context(parsed, goal=goal, parents=parents, levels=LEVELS, nav="team")
    context["values"].setdefault("version", goal.version)
    return render(request, "plan/sign_off_goal.html", context, status_code=status)


@router.get("/goals/{goal_id}/sign-off")
def sign_off_page(
    request: Request, session: SessionDep, actor: TeamLeadDep, goal_id: uuid.UUID
) -> Response:
    return _goal_page(request, session, actor, goal_id, Parsed())


@router.post("/goals/{goal_id}/sign-off")
def sign_off(
    request: Request, session: SessionDep, actor: TeamLeadDep, form: FormDep, goal_id: uuid.UUID
) -> Response:
    parsed = SIGN_OFF.parse(form)
    decision = SIGN_OFF.validate(GoalSignOff, parsed)
    if decision is not None:
        result = SIGN_OFF.attempt(
            session, parsed, lambda: goals.sign_off_goal(session, actor, goal_id, decision)
        )
        if result is not None:
            approved = decision.decision == SignOffDecision.approve
            words = "Goal signed off" if approved else "Changes asked for"
            return done("/team/sign-off", f"{words}: {result.title}")
        if parsed.stale_refusal is not None:
            SIGN_OFF.stale(session, actor, parsed, Goal, goal_id, "goal", decision)
    return _goal_page(request, session, actor, goal_id, parsed, parsed.status)


# --- allocation --------------------------------------------------------------------------


def _allocation_page(
    request: Request,
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    parsed: Parsed | None = None,
    status: int = 200,
) -> Response:
    family = families.get_family(session, actor, family_id)
    held = allocations.list_allocations(session, actor, family_id)
    workers = oversight.team_workers(session, actor)
    current = [a for a in held if a.ended_at is None]
    context: dict[str, Any] = form_context(parsed or Parsed()) | {
        "family": family,
        "workers": workers,
        "allocated": next((a for a in current if a.is_primary), None),
        "extra": [a for a in current if not a.is_primary],
        "ended": [a for a in held if a.ended_at is not None],
        "nav": "team",
    }
    return render(request, "plan/allocation.html", context, status_code=status)


@router.get("/families/{family_id}/allocation")
def allocation_page(
    request: Request, session: SessionDep, actor: TeamLeadDep, family_id: uuid.UUID
) -> Response:
    return _allocation_page(request, session, actor, family_id)


@router.post("/families/{family_id}/allocation")
def allocate(
    request: Request, session: SessionDep, actor: TeamLeadDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    primary = form.get("access") != "extra"
    chooser = ALLOCATE if primary else GRANT
    parsed = chooser.parse(form)
    chosen = parsed.data.get("worker" if primary else "extra_worker")
    data = chooser.validate(AllocationCreate, parsed, user_id=chosen, is_primary=primary)
    if data is not None:
        made = chooser.attempt(
            session, parsed, lambda: allocations.allocate(session, actor, family_id, data)
        )
        if made is not None:
            message = (
                f"Family allocated to {made.user_name}"
                if primary
                else f"{made.user_name} can now see this family"
            )
            return done(f"/families/{family_id}/allocation", message)
    return _allocation_page(request, session, actor, family_id, parsed, parsed.status)


@router.post("/families/{family_id}/allocation/end")
def end_access(
    request: Request, session: SessionDep, actor: TeamLeadDep, form: FormDep, family_id: uuid.UUID
) -> Response:
    parsed = Parsed()
    try:
        allocation_id = uuid.UUID(str(form.get("allocation_id") or ""))
    except ValueError:
        parsed.errors.append({"text": "Choose whose access to end"})
        return _allocation_page(request, session, actor, family_id, parsed, 422)
    ended = GRANT.attempt(
        session, parsed, lambda: allocations.end_access(session, actor, allocation_id)
    )
    if ended is not None:
        return done(f"/families/{ended.family_id}/allocation", f"{ended.user_name}’s access ended")
    return _allocation_page(request, session, actor, family_id, parsed, parsed.status)
