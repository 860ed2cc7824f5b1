"""Every /api/v1 router, in one list."""

from fastapi import APIRouter

from app.api.routes import me

api_router = APIRouter()
api_router.include_router(me.router)
