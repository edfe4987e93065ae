"""What a stopping daemon still owes the others while it finishes its work.

Between SIGTERM and letting go of its claims, a daemon drains (its work in flight finishes, or
is cut after the drain period) and records the sends whose record the database refused.  Two
things keep that from doing work twice:

- :func:`keep_claims`: its claims stay renewed all that time.  The scheduler that renews
  them in a running daemon has stopped; a claim that lapsed during the drain would be taken by
  another replica, which would do the work again (an alert sent by this one just before a
  database restart, its record still pending, would be sent a second time).
- :func:`fresh_executor`: after a drain's cut, the loop's default executor may still be
  running the calls of the tasks that were cut (a thread cannot be cancelled).  What the stop
  still has to do (record what was sent, let go of its claims and roles) would queue behind
  them, past the stop's bounds; it gets threads of its own.

Both run on threads of their own: the loop's executor is what the drain is waiting on.

The whole stop is bounded: the process exits within the drain period and ``STOP_MARGIN``
seconds.  Recording the refused sends gets what the drain left of that, less ``LET_GO`` for
letting go of claims and roles and for the teardown (:func:`record_window`); before, it had
half the drain period whatever the drain took, and a cut drain during a database restart
could run a stop past its bound (8 s + 4 s, then the teardown).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import structlog
from sqlalchemy.exc import SQLAlchemyError

from store.errors import StoreError
from store.leases import Leases

log = structlog.get_logger("monitor.daemon")
__all__ = ["LET_GO", "STOP_MARGIN", "fresh_executor", "keep_claims", "record_window"]

STOP_MARGIN = 5.0
"""Seconds past the drain period within which a stopping daemon's process has exited."""
LET_GO = 3.0
"""Of those, the seconds kept for letting go of claims and roles and for the teardown."""


def record_window(drain: float, elapsed: float) -> float:
    """Seconds to record the sends the database refused, when the stop began ``elapsed``
    seconds ago with a drain period of ``drain``: at most half the drain period, and never
    past what keeps the exit within ``drain + STOP_MARGIN`` (0: one try, no retries)."""
    return max(0.0, min(drain / 2, drain + STOP_MARGIN - LET_GO - elapsed))


async def keep_claims(leases: Leases, clock: Callable[[], datetime], every: float) -> None:
    """Renew the claims this process holds every ``every`` seconds, until cancelled."""
    loop = asyncio.get_running_loop()
    own = ThreadPoolExecutor(max_workers=1, thread_name_prefix="keep-claims")
    try:
        while True:
            await asyncio.sleep(every)
            try:
                lost = await loop.run_in_executor(own, leases.renew_held, clock())
            except (StoreError, SQLAlchemyError) as exc:  # tried again; else they expire
                log.warning("lease.renew_failed", error=str(exc)[:200])
                continue
            for lease in lost:
                log.warning("lease.lost", resource=lease.resource, token=lease.token)
    finally:
        own.shutdown(wait=False)  # a renewal in progress ends by itself; nothing waits on it


def fresh_executor(loop: asyncio.AbstractEventLoop) -> None:
    """Give ``loop`` a new default executor; the old one's threads end by themselves (the
    exit's watchdog bounds them: :mod:`monitor.shutdown`)."""
    loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="asean-monitor-stop"))
