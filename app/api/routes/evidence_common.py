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
    401: {"model": Message, "description": "No valid API token"},
    # the only refusal that is not a 404: the caller may see the record, and is told why
    403: {
        "model": Message,
        "description": "Not this way: the reason is in `detail` (your own account, "
        "or a report you submitted yourself)",
    },
    404: {
        "model": Message,
        "description": "No such record, or one you may not see or act on (the same answer, "
        "audited in the family's trail)",
    },
    409: {
        "model": ConflictMessage,
        "description": "Clashes with the record's current state (a stale `version`, or a "
        "record saved meanwhile): nothing was written; `current` holds the record as it is",
    },
}

# FastAPI's own 422 (bad JSON, a value out of range) and a service's ``Invalid`` alike
INVALID = "Not valid: each problem names its field (`loc`) and the reason (`msg`)"


def answers(*codes: int, signed_in: bool = True) -> dict[int | str, dict[str, Any]]:
    """The error answers a route declares in its OpenAPI, besides 422 (every route with
    a parameter or a body) and 503 (every route), which the API adds itself.

    401 unless the route is for callers without a token (``signed_in=False``); 403 only
    where a service raises ``NotAllowed``: every other refusal is a 404.
    """
    wanted = {*codes, 401} if signed_in else set(codes)
    return {code: _ANSWERS[code] for code in sorted(wanted)}


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
