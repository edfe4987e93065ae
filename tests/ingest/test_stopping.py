"""A stopping daemon keeps its claims until it lets go of them, and what the stop still has to
record does not queue behind the calls of the work its drain cut (monitor/stopping.py)."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from monitor.stopping import LET_GO, STOP_MARGIN, fresh_executor, keep_claims, record_window
from store.leases import Lease, Leases
from store.sql import SqlEventLog

TTL = timedelta(seconds=1.5)


def now() -> datetime:
    return datetime.now(UTC)


async def drain_while_keeping(holder: Leases, other: Leases, seconds: float) -> list[Lease]:
    """A drain of ``seconds`` with the claims kept; what ``other`` could claim meanwhile."""
    keeper = asyncio.create_task(keep_claims(holder, now, every=TTL.total_seconds() / 4))
    await asyncio.sleep(seconds)
    taken = await asyncio.to_thread(other.claim, ["alert:x"], now(), limit=1)
    keeper.cancel()
    await asyncio.gather(keeper, return_exceptions=True)
    return taken


@pytest.mark.parametrize("backend", ["sqlite_url", "postgres_url"])
def test_a_drain_longer_than_a_claim_keeps_the_claim(
    backend: str, request: pytest.FixtureRequest
) -> None:
    log = SqlEventLog(request.getfixturevalue(backend))
    holder, other = Leases(log, "stopping", TTL), Leases(log, "other", TTL)
    holder.offer({"alert:x": None})
    (held,) = holder.claim(["alert:x"], now(), limit=1)
    taken = asyncio.run(drain_while_keeping(holder, other, 2 * TTL.total_seconds()))
    assert taken == [], "another replica took a claim the stopping daemon still holds"
    assert holder.valid(held, now()), "the claim was kept valid for a send's record"
    # Once nothing renews it (the daemon let go, or died), it runs out and is taken over.
    time.sleep(TTL.total_seconds() + 0.2)
    (taken_over,) = other.claim(["alert:x"], now(), limit=1)
    assert (taken_over.owner, taken_over.token) == ("other", 2)
    log.close()


def test_after_a_cut_drain_the_stop_gets_threads_of_its_own() -> None:
    async def record_after_a_cut() -> float:
        loop = asyncio.get_running_loop()
        cut = ThreadPoolExecutor(max_workers=2)
        loop.set_default_executor(cut)
        gate = threading.Event()
        stuck = [loop.run_in_executor(None, gate.wait, 10) for _ in range(2)]  # calls of cut tasks
        fresh_executor(loop)
        began = time.monotonic()
        await asyncio.to_thread(time.sleep, 0)  # the record of a send
        took = time.monotonic() - began
        gate.set()
        await asyncio.gather(*stuck)
        cut.shutdown()
        return took

    assert asyncio.run(record_after_a_cut()) < 1.0


@pytest.mark.parametrize(
    ("elapsed", "window"),
    [
        (0.5, 4.0),  # a quick drain: half the drain period to record, as before
        (7.0, 3.0),  # what is left keeps the exit within the bound
        (8.2, 1.8),  # a cut drain: the rest of the bound, less the letting go
        (11.0, 0.0),  # past it: one try, no retries
    ],
)
def test_recording_at_stop_gets_what_keeps_the_exit_within_its_bound(
    elapsed: float, window: float
) -> None:
    drain = 8.0
    assert record_window(drain, elapsed) == pytest.approx(window)
    assert elapsed + record_window(drain, elapsed) + LET_GO <= max(
        drain + STOP_MARGIN, elapsed + LET_GO
    )
