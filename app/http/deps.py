"""Request plumbing both entry points share: the database session and where a request came from."""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.db import get_session

__all__ = ["SessionDep", "client_address", "get_session", "request_id"]

SessionDep = Annotated[Session, Depends(get_session)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "")
