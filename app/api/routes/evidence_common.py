"""What the evidence routers share: declared error answers and paging parameters."""

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from app.services.evidence.corrections import EARLIEST, LATEST, OFFSET_MAX, PAGE_MAX, CaseDate


class Message(BaseModel):
    detail: str


class ConflictMessage(BaseModel):
    detail: str
    # the record as it is now, so nothing typed is lost
    current: dict[str, Any]


_ANSWERS: dict[int, dict[str, Any]] = {
    400: {"model": Message, "description": "The request body is not valid JSON"},
    401: {"model": Message, "description": "No valid API token"},
    403: {"model": Message, "description": "Signed in, but not allowed to do this"},
    404: {"model": Message, "description": "No such record, or one you may not see"},
    409: {"model": ConflictMessage, "description": "Clashes with the record's current state"},
}


def answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers a route declares in its OpenAPI, besides FastAPI's own 422.

    A service's ``Invalid`` answers in the same shape as FastAPI's validation errors.
    """
    return {code: _ANSWERS[code] for code in sorted({401, *codes})}


Limit = Annotated[int, Query(ge=1, le=PAGE_MAX, description="How many items at most")]
Offset = Annotated[int, Query(ge=0, le=OFFSET_MAX, description="How many items to skip")]
DateFrom = Annotated[
    CaseDate | None,
    Query(alias="from", description=f"On or after this date ({EARLIEST} to {LATEST})"),
]
DateTo = Annotated[
    CaseDate | None,
    Query(alias="to", description=f"On or before this date ({EARLIEST} to {LATEST})"),
]
