"""Request plumbing both entry points share: the database session and where a request came from."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlmodel import Session

from app.db import get_session, new_session
from app.http import lanes
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


async def request_session(request: Request) -> AsyncIterator[Session]:
    """GET and HEAD read (alongside each other); every other method writes.

    A read's audit event is committed by the group writer before the answer.

    Async, so FastAPI does not hand it to a worker thread on the way in and again
    on the way out (two of a request's four thread hops; py-spy showed the hops'
    queueing and waking among the larger costs of a request under load). Opening a
    session does no I/O; closing one that still holds a transaction (a route that
    failed part way) rolls it back in a worker thread.
    """
    session = new_session(read_only=request.method in _READS)
    try:
        yield session
    finally:
        if session.in_transaction():
            await lanes.run_sync(session.close)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(request_session)]
# a page number in an address: bounded, so a huge one is a 422 rather than an overflow
PageNumber = Annotated[int, Query(ge=1, le=PAGE_NUMBER_MAX, description="Page number")]


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "")
