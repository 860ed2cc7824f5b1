"""The route class of every router: requests take turns (``lanes``), and a read's audit
is committed before its answer goes out.

A route's services hand reads' audit events to the group writer and go on
(``audit.group.Pending``); the route's answer waits here, on the event loop,
until they are committed. If they could not be, the route fails with
``OperationalError`` and the application's handlers answer 503, as they would
for any database failure. A route that failed anyway still waits, so a denial's
event is committed before the refusal is answered.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.http import lanes
from app.services.audit import group


class AuditedRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer_once_audited(request: Request) -> Response:
            pending = group.Pending()
            token = group.pending_reads.set(pending)
            try:
                response = await lanes.take_turns(handler(request))
            except BaseException:
                await pending.settle()
                raise
            finally:
                group.pending_reads.reset(token)
            await pending.settle()
            return response

        return answer_once_audited
