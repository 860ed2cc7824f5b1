"""Wires the web pages into the application: routers, static files, protections."""

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from app.web import (
    account,
    accounts,
    assessment_report,
    auth,
    errors,
    event_forms,
    evidence_forms,
    family,
    family_forms,
    family_timeline,
    forgotten,
    goal_forms,
    incentive_forms,
    info,
    language,
    pages,
    parent,
    plan_actions,
    records,
    reports,
    sso,
    stage_review_forms,
    team_actions,
    teams,
)
from app.web.security import CsrfMiddleware
from app.web.templating import STATIC_DIR

__all__ = ["install"]


class _AssetFiles(StaticFiles):
    """Static files that answer 404, not an error, until `make assets` has copied them."""

    async def check_config(self) -> None:
        if self.directory is not None and Path(self.directory).is_dir():
            await super().check_config()


def install(app: FastAPI) -> None:
    errors.install(app)
    # the app starts (and pages render) before `make assets` has copied the vendor files
    app.mount("/static", _AssetFiles(directory=STATIC_DIR, check_dir=False), name="static")
    # GOV.UK Frontend's stylesheet asks for its fonts and images under /assets
    app.mount(
        "/assets",
        _AssetFiles(directory=STATIC_DIR / "vendor" / "govuk" / "assets", check_dir=False),
        name="govuk-assets",
    )
    app.include_router(auth.router)
    app.include_router(sso.router)
    app.include_router(account.router)
    # before accounts: /accounts/teams/… must not be read as an account's id
    app.include_router(teams.router)
    app.include_router(accounts.router)
    app.include_router(forgotten.router)
    app.include_router(info.router)
    # before pages: /families/new must not be read as a family id
    app.include_router(family_forms.router)
    app.include_router(goal_forms.router)
    app.include_router(incentive_forms.router)
    app.include_router(team_actions.router)
    app.include_router(pages.router)
    app.include_router(family.router)
    app.include_router(family_timeline.router)
    app.include_router(evidence_forms.router)
    app.include_router(event_forms.router)
    app.include_router(records.router)
    app.include_router(stage_review_forms.router)
    # after the plan forms: /rewards/{id}/edit is theirs
    app.include_router(plan_actions.router)
    app.include_router(parent.router)
    app.include_router(reports.router)
    app.include_router(assessment_report.router)
    app.include_router(language.router)
    app.add_middleware(CsrfMiddleware, refuse=errors.csrf_refused)
