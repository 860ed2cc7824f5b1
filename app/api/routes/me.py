"""Who the token belongs to."""

from fastapi import APIRouter

from app.api.deps import ActorDep
from app.api.routes.evidence_common import answers
from app.http.routing import AuditedRoute
from app.models.account import UserRead

router = APIRouter(route_class=AuditedRoute, tags=["account"])


@router.get("/me", response_model=UserRead, responses=answers())
def read_me(actor: ActorDep) -> UserRead:
    return UserRead.model_validate(actor.user, from_attributes=True)
