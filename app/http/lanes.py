"""Requests take turns: one request's work runs at a time in each process, by default.

Routes run in worker threads, but Python runs one thread at a time, and SQLite's
driver lets go of the interpreter lock at every step of a statement: two
requests of mostly-Python work side by side hand the lock back and forth and
each costs far more CPU than run one after the other. Under 20 connections at
100 families, one at a time cut the server's CPU per JSON timeline 6.6–7.0 →
4.5 ms and per family page 14.9–20.8 → 10.7 ms, and creating an entry
4.9 → 3.3 ms, while two, four or eight at a time measured alike.

So a request's handler (its dependencies, the route and the answer's rendering)
runs in a lane that ``CCT_REQUESTS_AT_ONCE`` requests may hold at once: one by
default on SQLite. The audit wait comes after the handler, outside the lane. A
request still running after ``HOLD_SECONDS`` (a report's PDF, a password check)
gives up its place and finishes alongside the next, so a slow request holds the
others up for no longer than that.

While a read (GET or HEAD) holds its place in a one-wide lane, its sync work (the
sign-in check, the route, the rendering) runs on the event loop itself
(``run_sync``) rather than in a worker thread: nothing else would run meanwhile
anyway, and each hop to a thread and back, with the interpreter lock passing
between the two threads, cost more than the work of a small read. A write's
route still runs in a worker thread, so that several can wait for one flush of
the ``-wal`` file together (``app.wal``), but its sign-in check, one indexed
read, runs on the loop too (``run_brief``). The few reads marked
``in_a_thread`` (reports, the sign-in callback, anything slow or waiting on the
network) run in worker threads, since they would stop the loop for their whole
length.

On PostgreSQL a request waits on the server's round trips, and two processes
with the lane served fewer reads and writes than without it (reads 63–70
against 105–130 req/s), so there the default is no lane (0), as it is wherever
``CCT_REQUESTS_AT_ONCE`` is 0.
"""

import asyncio
import weakref
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from app.config import get_settings

T = TypeVar("T")
P = ParamSpec("P")

# how long a request may hold its place before the next one starts alongside
HOLD_SECONDS = 0.1

# one lane per event loop (the test client runs a loop of its own per client)
_lanes: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


# set while a read holds its place in a one-wide lane: its sync work runs on the loop
_on_the_loop: ContextVar[bool] = ContextVar("cct_on_the_loop", default=False)
# set while any request holds its place in a one-wide lane
_alone: ContextVar[bool] = ContextVar("cct_alone", default=False)
# marks a read route to run in a worker thread even in a one-wide lane
_IN_A_THREAD = "_cct_in_a_thread"


def in_a_thread(endpoint: Callable[P, T]) -> Callable[P, T]:
    """Mark a read route whose work is slow or waits on the network: it runs in a
    worker thread, so the event loop goes on serving others meanwhile."""
    setattr(endpoint, _IN_A_THREAD, True)
    return endpoint


def wants_a_thread(endpoint: Callable[..., Any]) -> bool:
    return bool(getattr(endpoint, _IN_A_THREAD, False))


async def run_sync(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run sync work: on the event loop while a read holds a one-wide lane, else in
    a worker thread (as FastAPI runs a sync route)."""
    if _on_the_loop.get():
        return func(*args, **kwargs)
    return await run_in_threadpool(func, *args, **kwargs)


async def run_brief(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a short read that any request makes first (the sign-in check): on the event
    loop while the request holds a one-wide lane, a write's included, else in a worker
    thread. Nothing else would run meanwhile, and for a write the hop to a thread and
    back cost more than the check itself (callgrind)."""
    if _alone.get():
        return func(*args, **kwargs)
    return await run_in_threadpool(func, *args, **kwargs)


def _lane(width: int) -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    lane = _lanes.get(loop)
    if lane is None:
        lane = _lanes[loop] = asyncio.Semaphore(width)
    return lane


async def take_turns(work: Coroutine[Any, Any, T], *, on_the_loop: bool = False) -> T:
    """Run ``work`` once a place in the lane is free; give the place up when it
    ends or after ``HOLD_SECONDS``, whichever comes first.

    ``on_the_loop``: the work is a read whose sync parts may run on the event loop
    (``run_sync``), which they do if the lane is one wide.

    ``work`` runs in the caller's task (FastAPI ends a request's dependencies in
    the task that started them), so a timer, not a second task, gives up the place.
    """
    width = get_settings().lane_width
    if width == 0:
        return await work
    lane = _lane(width)
    try:
        await lane.acquire()
    except BaseException:
        work.close()  # never started
        raise
    held = True

    def give_up() -> None:
        nonlocal held
        if held:
            held = False
            lane.release()

    timer = asyncio.get_running_loop().call_later(HOLD_SECONDS, give_up)
    token = _on_the_loop.set(on_the_loop and width == 1)
    alone = _alone.set(width == 1)
    try:
        return await work
    finally:
        _alone.reset(alone)
        _on_the_loop.reset(token)
        timer.cancel()
        give_up()
