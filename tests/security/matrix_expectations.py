"""What each role gets from each route.

One row per route, outcomes in the order of ROLES:
``ok`` allowed (2xx, or a redirect elsewhere than sign-in); ``away`` a redirect to
a parent's own plan (their home: instead of a staff page, or after success);
``404`` looks exactly like a missing record (and is audited), refusals by role
included;
``401`` the API without a token; ``signin`` a page's redirect to sign in.

``409``/``422`` for an allowed role mean "past the access rule, refused on the
record's state or the input": an open assessment already exists, an earlier
route in the walk withdrew the reward, the link token is unknown, and so on. The
roles without access still get their 404 on those rows.

Public routes (sign-in, one-time links, token request, API docs, language) give
every role the same answer. A page asked for by a role it is not for answers as
missing (404, audited): parents and admins on staff pages, social workers on a
team lead's pages, anyone but an admin on the accounts page. An admin manages
accounts and sees no case records.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

ROLES = (
    "worker",
    "worker_other",
    "lead",
    "lead_other",
    "parent",
    "parent_other",
    "admin",
    "anon",
    "parent_co",
)
SHORT = ("wkr", "wkr2", "lead", "leadB", "par", "parB", "admin", "anon", "parCo")
# ``parent_co`` is the other parent of family A (the father; ``parent`` is the mother).
# He gets what the mother gets (the rows of EXPECTED have no column of his), except:
CO_PARENT: dict[str, str] = {
    # the matrix world's stage-of-change rating is the mother's
    "GET /api/v1/stage-ratings/{rating_id}": "404",
    "POST /stage-ratings/{record_id}/amend": "404",
}

EVIDENCE_PARAMS = (
    "{entry_id}",
    "{rating_id}",
    "{review_id}",
    "/entries/{record_id}",
    "/stage-ratings/{record_id}",
    "/reviews/{record_id}",
    "{event_id}",
    "/events/{record_id}",
)

EXPECTED: dict[str, str] = {
    "POST /reset-requests/{request_id}": "404 404 ok 404 404 404 ok signin",
    "GET /reset-requests": "404 404 ok ok 404 404 ok signin",
    "GET /account/forgotten-password/sent": "ok ok ok ok ok ok ok ok",
    "POST /account/forgotten-password": "422 422 422 422 422 422 422 422",
    "GET /account/forgotten-password": "ok ok ok ok ok ok ok ok",
    "GET /contact": "ok ok ok ok ok ok ok ok",
    "GET /cookies": "ok ok ok ok ok ok ok ok",
    "GET /privacy": "ok ok ok ok ok ok ok ok",
    "GET /accessibility": "ok ok ok ok ok ok ok ok",
    "GET /": "ok ok ok ok away away ok signin",
    "GET /account/password": "ok ok ok ok ok ok ok signin",
    "POST /account/password": "ok ok ok ok away away ok signin",
    "GET /account/reset/{token}": "410 410 410 410 410 410 410 410",
    "POST /account/reset/{token}": "410 410 410 410 410 410 410 410",
    "GET /account/set-up/{token}": "410 410 410 410 410 410 410 410",
    "POST /account/set-up/{token}": "410 410 410 410 410 410 410 410",
    "GET /account/two-step": "signin signin signin signin signin signin signin signin",
    "POST /account/two-step": "signin signin signin signin signin signin signin signin",
    "GET /account/two-step/set-up": "ok ok ok ok ok ok ok signin",
    "POST /account/two-step/set-up": "422 422 422 422 422 422 422 signin",
    "POST /account/two-step/set-up/start": "ok ok ok ok ok ok ok signin",
    "GET /accounts": "404 404 404 404 404 404 ok signin",
    "GET /accounts/invite": "404 404 404 404 404 404 ok signin",
    "POST /accounts/invite": "404 404 404 404 404 404 ok signin",
    "GET /accounts/teams/new": "404 404 404 404 404 404 ok signin",
    "POST /accounts/teams": "404 404 404 404 404 404 ok signin",
    "GET /accounts/teams/{team_id}": "404 404 404 404 404 404 ok signin",
    "POST /accounts/teams/{team_id}": "404 404 404 404 404 404 ok signin",
    # the matrix world's team B has members: it cannot be deleted
    "POST /accounts/teams/{team_id}/delete": "404 404 404 404 404 404 422 signin",
    "GET /accounts/{user_id}": "404 404 404 404 404 404 ok signin",
    "POST /accounts/{user_id}/disable": "404 404 404 404 404 404 ok signin",
    "POST /accounts/{user_id}/enable": "404 404 404 404 404 404 ok signin",
    "POST /accounts/{user_id}/reset-link": "404 404 404 404 404 404 ok signin",
    "POST /accounts/{user_id}/role": "404 404 404 404 404 404 ok signin",
    "POST /accounts/{user_id}/two-step/reset": "404 404 404 404 404 404 ok signin",
    "GET /api/v1/users": "404 404 404 404 404 404 ok 401",
    "GET /api/v1/users/{user_id}": "404 404 404 404 404 404 ok 401",
    "PATCH /api/v1/users/{user_id}": "404 404 404 404 404 404 ok 401",
    "GET /api/v1/teams": "404 404 404 404 404 404 ok 401",
    "POST /api/v1/teams": "404 404 404 404 404 404 ok 401",
    "PATCH /api/v1/teams/{team_id}": "404 404 404 404 404 404 ok 401",
    "DELETE /api/v1/teams/{team_id}": "404 404 404 404 404 404 422 401",
    "POST /api/v1/account/password": "422 422 422 422 422 422 422 422",
    "POST /api/v1/allocations/{allocation_id}/end": "404 404 ok 404 404 404 404 401",
    "POST /api/v1/comments/{comment_id}/responses": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/assessments/{assessment_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/assessments/{assessment_id}": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/assessments/{assessment_id}/report": "ok 404 ok 404 404 404 404 401",
    "PUT /api/v1/assessments/{assessment_id}/report/sections/{section}": (
        "ok 404 ok 404 404 404 404 401"
    ),
    # only one section is written by then, so submitting is refused on the input
    "POST /api/v1/assessments/{assessment_id}/report/submit": "422 404 422 404 404 404 404 401",
    # nothing submitted, nothing to decide (409); a worker is refused by role (as missing)
    "POST /api/v1/assessments/{assessment_id}/report/approve": "404 404 409 404 404 404 404 401",
    "POST /api/v1/assessments/{assessment_id}/report/return": "404 404 409 404 404 404 404 401",
    "GET /api/v1/assessments/{assessment_id}/goals": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/assessments/{assessment_id}/goals": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/consequences/{consequence_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/consequences/{consequence_id}": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/consequences/{consequence_id}/decision": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/docs": "ok ok ok ok ok ok ok ok",
    "GET /api/v1/entries/{entry_id}": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/entries/{entry_id}/amendments": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/entries/{entry_id}/entered-in-error": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families": "ok ok ok ok ok ok ok 401",
    "POST /api/v1/families": "ok ok ok ok 404 404 404 401",
    "GET /api/v1/families/{family_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/families/{family_id}": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/allocations": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/families/{family_id}/allocations": "404 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/assessments": "ok 404 ok 404 ok 404 404 401",
    "GET /api/v1/families/{family_id}/timescale-extensions": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/families/{family_id}/timescale-extensions": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/timescale-extensions/{extension_id}/entered-in-error": (
        "ok 404 ok 404 404 404 404 401"
    ),
    "POST /api/v1/families/{family_id}/assessments": "409 404 409 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/audit": "404 404 ok 404 404 404 ok 401",
    "GET /api/v1/families/{family_id}/comments": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/comments": "404 404 404 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/comments/seen": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/consequences": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/consequences": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/entries": "ok 404 ok 404 ok 404 404 401",
    "GET /api/v1/families/{family_id}/members": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/members": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/reports/{kind}.{fmt}": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/reviews": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/reviews": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/rewards": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/rewards": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/scores": "ok 404 ok 404 ok 404 404 401",
    "GET /api/v1/families/{family_id}/scores/weekly": "ok 404 ok 404 ok 404 404 401",
    "GET /api/v1/families/{family_id}/stage-ratings": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/stage-ratings": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/timeline": "ok 404 ok 404 ok 404 404 401",
    "GET /api/v1/goals/{goal_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/goals/{goal_id}": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/goals/{goal_id}/entries": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/goals/{goal_id}/milestones": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/goals/{goal_id}/milestones": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/goals/{goal_id}/sign-off": "404 404 ok 404 404 404 404 401",
    "GET /api/v1/sign-in-failures": "404 404 404 404 404 404 ok 401",
    "GET /api/v1/me": "ok ok ok ok ok ok ok 401",
    "POST /api/v1/me/password": "ok ok ok ok ok ok ok 401",
    "GET /api/v1/members/{member_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/members/{member_id}": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/milestones/{milestone_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/milestones/{milestone_id}": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/milestones/{milestone_id}/outcome": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/openapi.json": "ok ok ok ok ok ok ok ok",
    "GET /api/v1/reviews/{review_id}": "ok 404 ok 404 ok 404 404 401",
    "GET /api/v1/events/{event_id}": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/events/{event_id}/amendments": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/events/{event_id}/entered-in-error": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/families/{family_id}/events": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/families/{family_id}/events": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/reviews/{review_id}/amendments": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/reviews/{review_id}/entered-in-error": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/rewards/{reward_id}": "ok 404 ok 404 ok 404 404 401",
    "PATCH /api/v1/rewards/{reward_id}": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/rewards/{reward_id}/decision": "ok 404 ok 404 404 404 404 401",
    "GET /api/v1/stage-ratings/{rating_id}": "ok 404 ok 404 ok 404 404 401",
    "POST /api/v1/stage-ratings/{rating_id}/amendments": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/stage-ratings/{rating_id}/entered-in-error": "ok 404 ok 404 404 404 404 401",
    "POST /api/v1/tokens": "401 401 401 401 401 401 401 401",
    "POST /api/v1/users": "404 404 ok 422 404 404 ok 401",
    "POST /api/v1/users/{user_id}/disable": "404 404 ok 404 404 404 ok 401",
    "POST /api/v1/users/{user_id}/enable": "404 404 ok 404 404 404 ok 401",
    "POST /api/v1/users/{user_id}/reset-link": "404 404 ok 404 404 404 ok 401",
    "DELETE /api/v1/users/{user_id}/two-step": "404 404 404 404 404 404 ok 401",
    "GET /assessments/{assessment_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /assessments/{assessment_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "GET /assessments/{assessment_id}/report": "ok 404 ok 404 404 404 404 signin",
    "GET /assessments/{assessment_id}/report/sections/{name}": "ok 404 ok 404 404 404 404 signin",
    "POST /assessments/{assessment_id}/report/sections/{name}": (
        "ok 404 ok 404 404 404 404 signin"
    ),
    # one section written by then: submitting is refused on the input
    "POST /assessments/{assessment_id}/report/submit": "422 404 422 404 404 404 404 signin",
    # nothing submitted to decide on (409); a social worker may not decide (as missing)
    "POST /assessments/{assessment_id}/report/decision": "404 404 409 404 404 404 404 signin",
    "GET /assessments/{assessment_id}/goals/new": "ok 404 ok 404 404 404 404 signin",
    "POST /assessments/{assessment_id}/goals/new": "ok 404 ok 404 404 404 404 signin",
    "GET /caseload": "ok ok ok ok 404 404 404 signin",
    "GET /comments/{comment_id}/response": "ok 404 ok 404 404 404 404 signin",
    "POST /comments/{comment_id}/response": "ok 404 ok 404 404 404 404 signin",
    "GET /consequences/{record_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /consequences/{record_id}/edit": "422 404 422 404 404 404 404 signin",
    "GET /consequences/{record_id}/{action}": "ok 404 ok 404 404 404 404 signin",
    "POST /consequences/{record_id}/{action}": "ok 404 ok 404 404 404 404 signin",
    "GET /entries/{entry_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "POST /entries/{entry_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "GET /entries/{record_id}": "ok 404 ok 404 404 404 404 signin",
    "GET /entries/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "POST /entries/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "GET /families/new": "ok ok ok ok 404 404 404 signin",
    "POST /families/new": "ok ok ok ok 404 404 404 signin",
    "GET /families/{family_id}": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/allocation": "404 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/allocation": "404 404 422 404 404 404 404 signin",
    "POST /families/{family_id}/allocation/end": "404 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/assessments/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/assessments/new": "422 404 422 404 404 404 404 signin",
    "POST /families/{family_id}/comments/seen": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/consequences/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/consequences/new": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/extensions/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/extensions/new": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/log": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/log": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/members/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/members/new": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/reports": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/reports/add-event": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/reports/leave-out": "422 404 422 404 404 404 404 signin",
    # the matrix posts no file: "Select a file to check"
    "POST /families/{family_id}/reports/check": "422 404 422 404 404 404 404 signin",
    "POST /families/{family_id}/reports/significance": "422 404 422 404 404 404 404 signin",
    "GET /families/{family_id}/reports/{kind}.{fmt}": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/reviews/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/reviews/new": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/rewards/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/rewards/new": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/stage-ratings/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/stage-ratings/new": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/timeline": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/plan": "ok 404 ok 404 404 404 404 signin",
    "GET /goals/{goal_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /goals/{goal_id}/edit": "422 404 422 404 404 404 404 signin",
    "GET /goals/{goal_id}/milestones/new": "ok 404 ok 404 404 404 404 signin",
    "POST /goals/{goal_id}/milestones/new": "ok 404 ok 404 404 404 404 signin",
    "GET /goals/{goal_id}/sign-off": "404 404 ok 404 404 404 404 signin",
    "POST /goals/{goal_id}/sign-off": "404 404 ok 404 404 404 404 signin",
    "POST /language": "ok ok ok ok ok ok ok ok",
    "GET /members/{member_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /members/{member_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "GET /milestones/{milestone_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /milestones/{milestone_id}/edit": "422 404 422 404 404 404 404 signin",
    "GET /milestones/{milestone_id}/outcome": "ok 404 ok 404 404 404 404 signin",
    "POST /milestones/{milestone_id}/outcome": "ok 404 ok 404 404 404 404 signin",
    "GET /reviews/{record_id}": "ok 404 ok 404 404 404 404 signin",
    "GET /families/{family_id}/events/new": "ok 404 ok 404 404 404 404 signin",
    "POST /families/{family_id}/events/new": "ok 404 ok 404 404 404 404 signin",
    "GET /events/{record_id}": "ok 404 ok 404 404 404 404 signin",
    "GET /events/{record_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "POST /events/{record_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "GET /events/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "POST /events/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "GET /reviews/{record_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "POST /reviews/{record_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "GET /reviews/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "POST /reviews/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "GET /rewards/{record_id}/edit": "ok 404 ok 404 404 404 404 signin",
    "POST /rewards/{record_id}/edit": "422 404 422 404 404 404 404 signin",
    "GET /rewards/{record_id}/{action}": "ok 404 ok 404 404 404 404 signin",
    "POST /rewards/{record_id}/{action}": "ok 404 ok 404 404 404 404 signin",
    "GET /sign-in": "ok ok ok ok away away ok ok",
    "POST /sign-in": "422 422 422 422 422 422 422 422",
    # single sign-on is not set up in the matrix: there is nothing there (tests/web/test_sso.py)
    "POST /sign-in/sso": "404 404 404 404 404 404 404 404",
    "GET /sign-in/sso/callback": "404 404 404 404 404 404 404 404",
    "POST /sign-out": "signin signin signin signin signin signin signin signin",
    "GET /stage-ratings/{record_id}": "ok 404 ok 404 404 404 404 signin",
    "GET /stage-ratings/{record_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "POST /stage-ratings/{record_id}/amend": "ok 404 ok 404 404 404 404 signin",
    "GET /stage-ratings/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "POST /stage-ratings/{record_id}/entered-in-error": "ok 404 ok 404 404 404 404 signin",
    "GET /team": "404 404 ok ok 404 404 404 signin",
    "GET /team/sign-off": "404 404 ok ok 404 404 404 signin",
    "GET /your-plan": "404 404 404 404 ok ok 404 signin",
    "GET /your-plan.pdf": "404 404 404 404 ok ok 404 signin",
    "GET /your-plan/goals/{goal_id}": "404 404 404 404 ok 404 404 signin",
    "POST /your-plan/goals/{goal_id}/your-view": "404 404 404 404 ok 404 404 signin",
    "GET /your-progress": "404 404 404 404 ok ok 404 signin",
    "GET /your-progress/entries/{entry_id}": "ok 404 ok 404 ok 404 404 signin",
    "POST /your-progress/entries/{entry_id}/your-view": "404 404 404 404 ok 404 404 signin",
}

QUERIES: dict[str, dict[str, str]] = {
    "GET /api/v1/families/{family_id}/scores/weekly": {
        "from": (date.today() - timedelta(weeks=8)).isoformat(),
        "to": date.today().isoformat(),
    },
}


def _spare(name: str) -> Callable[[Any], object]:
    return lambda c: c.mw.spare[name].id


def _reset_request(c: Any) -> object:
    """A fresh password reset request by a worker of team A, for each role to answer."""
    from app.models.credentials import ResetRequest

    request = ResetRequest(user_id=c.mw.w.worker_a2.id)
    c.session.add(request)
    c.session.commit()
    return request.id


# records other than the default, so one route's write does not spoil the next
PARAMS: dict[str, dict[str, Callable[[Any], object]]] = {
    "POST /reset-requests/{request_id}": {"request_id": _reset_request},
    "POST /api/v1/goals/{goal_id}/sign-off": {"goal_id": lambda c: c.mw.w.goal_a_unsigned.id},
    "GET /goals/{goal_id}/sign-off": {"goal_id": _spare("goal_unsigned")},
    "POST /goals/{goal_id}/sign-off": {"goal_id": _spare("goal_unsigned")},
    "POST /api/v1/entries/{entry_id}/entered-in-error": {
        "entry_id": lambda c: c.mw.w.internal_entry_a.id
    },
    "POST /api/v1/stage-ratings/{rating_id}/entered-in-error": {
        "rating_id": lambda c: c.mw.internal_rating_a.id
    },
    "POST /api/v1/reviews/{review_id}/entered-in-error": {
        "review_id": lambda c: c.mw.internal_review_a.id
    },
    "POST /entries/{entry_id}/amend": {"entry_id": _spare("entry_amend")},
    "POST /stage-ratings/{record_id}/amend": {"record_id": _spare("rating_amend")},
    "POST /reviews/{record_id}/amend": {"record_id": _spare("review_amend")},
    "POST /entries/{record_id}/entered-in-error": {"record_id": _spare("entry_error")},
    "POST /stage-ratings/{record_id}/entered-in-error": {"record_id": _spare("rating_error")},
    "POST /reviews/{record_id}/entered-in-error": {"record_id": _spare("review_error")},
    "POST /events/{record_id}/amend": {"record_id": _spare("event_amend")},
    "POST /events/{record_id}/entered-in-error": {"record_id": _spare("event_error_page")},
    "POST /api/v1/events/{event_id}/entered-in-error": {"event_id": _spare("event_error")},
    "GET /milestones/{milestone_id}/outcome": {"milestone_id": _spare("milestone")},
    "POST /milestones/{milestone_id}/outcome": {"milestone_id": _spare("milestone")},
    "GET /rewards/{record_id}/{action}": {"record_id": _spare("reward")},
    "POST /rewards/{record_id}/{action}": {"record_id": _spare("reward")},
    "GET /consequences/{record_id}/{action}": {"record_id": _spare("consequence")},
    "POST /consequences/{record_id}/{action}": {"record_id": _spare("consequence")},
    "POST /api/v1/allocations/{allocation_id}/end": {"allocation_id": _spare("allocation")},
}
HEADERS: dict[str, dict[str, str]] = {}
# run last, in this order, each with fresh sign-ins: they end sessions or retire records
LAST = [
    "POST /api/v1/entries/{entry_id}/entered-in-error",
    "POST /api/v1/stage-ratings/{rating_id}/entered-in-error",
    "POST /api/v1/reviews/{review_id}/entered-in-error",
    "POST /entries/{record_id}/entered-in-error",
    "POST /stage-ratings/{record_id}/entered-in-error",
    "POST /reviews/{record_id}/entered-in-error",
    "POST /api/v1/events/{event_id}/entered-in-error",
    "POST /events/{record_id}/entered-in-error",
    "POST /api/v1/allocations/{allocation_id}/end",
    "POST /families/{family_id}/allocation/end",
    "POST /api/v1/me/password",
    "POST /account/password",
    "POST /sign-out",
]
# 404s that name no record (an unknown link token, a page that is not for this role)
UNAUDITED_404: set[str] = {"POST /sign-in/sso", "GET /sign-in/sso/callback"}


def wanted(key: str, role: str, internal: bool = False, one_parent: bool = False) -> set[str]:
    """What the role may get; ``one_parent``: asked with the other parent's own records."""
    if internal:
        return {"404"}
    if role == "parent_co":
        column = CO_PARENT.get(key) or EXPECTED[key].split()[ROLES.index("parent")]
    else:
        column = EXPECTED[key].split()[ROLES.index(role)]
    found = set(column.split("|"))
    if one_parent and "ok" in found:
        # what a parent may reach with their own records answers as missing with the other's
        return {"404"}
    return found


def table(results: dict[str, dict[str, str]]) -> str:
    width = max(len(k) for k in results)
    lines = [f"{'route':<{width}}  " + " ".join(f"{s:>6}" for s in SHORT)]
    for key in sorted(results, key=lambda k: (k.split(" ", 1)[1], k)):
        row = results[key]
        lines.append(f"{key:<{width}}  " + " ".join(f"{row.get(r, '-'):>6}" for r in ROLES))
    return "\n".join(lines)
