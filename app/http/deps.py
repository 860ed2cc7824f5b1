"""Request plumbing both entry points share: the database session and where a request came from."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlmodel import Session

from app.db import get_session, read_session
from app.services.inputs import PAGE_NUMBER_MAX

__all__ = [
    "PageNumber",
    "SessionDep",
    "client_address",
    "get_session",
    "request_id",
    "request_session",
]

_READS = frozenset({"GET", "HEAD"})


def request_session(request: Request) -> Iterator[Session]:
    """GET and HEAD read (alongside each other); every other method writes.

    A read's audit event is committed by the group writer before the answer.
    """
    yield from (read_session() if request.method in _READS else get_session())


SessionDep = Annotated[Session, Depends(request_session)]
# a page number in an address: bounded, so a huge one is a 422 rather than an overflow
PageNumber = Annotated[int, Query(ge=1, le=PAGE_NUMBER_MAX, description="Page number")]


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "")
