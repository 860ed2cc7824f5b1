"""The route class of every router: requests take turns (``lanes``), and a read's audit
is committed before its answer goes out.

A route's services hand reads' audit events to the group writer and go on
(``audit.group.Pending``); the route's answer waits here, on the event loop,
until they are committed. If they could not be, the route fails with
``OperationalError`` and the application's handlers answer 503, as they would
for any database failure. A route that failed anyway still waits, so a denial's
event is committed before the refusal is answered.

A sync route is given to FastAPI as a coroutine that runs it through
``lanes.run_sync``: a read in a one-wide lane runs on the event loop, anything
else in a worker thread. Either way its response model is then checked on the
event loop, rather than in a further worker thread (for a write, one hop to a
thread and back fewer).
"""

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.http import lanes
from app.services.audit import group

_READS = frozenset({"GET", "HEAD"})


def _through_run_sync(endpoint: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def read(**values: Any) -> Any:
        return await lanes.run_sync(endpoint, **values)

    # FastAPI reads the parameters, the return type (the response model), the name
    # (the operation id) and the docstring from the route; no ``__wrapped__``, or it
    # would look through to the sync function and run this in a thread after all
    read.__signature__ = inspect.signature(endpoint, eval_str=True)  # type: ignore[attr-defined]
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(read, name, getattr(endpoint, name))
    return read


class AuditedRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = {m.upper() for m in kwargs.get("methods") or ("GET",)}
        self.reads_on_the_loop = methods <= _READS and not lanes.wants_a_thread(endpoint)
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _through_run_sync(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        on_the_loop = self.reads_on_the_loop

        async def answer_once_audited(request: Request) -> Response:
            pending = group.Pending()
            token = group.pending_reads.set(pending)
            try:
                response = await lanes.take_turns(handler(request), on_the_loop=on_the_loop)
            except BaseException:
                await pending.settle()
                raise
            finally:
                group.pending_reads.reset(token)
            await pending.settle()
            return response

        return answer_once_audited
