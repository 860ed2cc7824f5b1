"""The database session a request works in (routers get it through ``SessionDep``)."""

from app.db import get_session

__all__ = ["get_session"]
