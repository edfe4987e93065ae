"""The thread-free worker pool: answers, failures, timeouts, dead workers, queueing, closing."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.errors import WorkerDiedError, WorkerTimeoutError
from monitor.extract.worker_pool import WorkerPool
from tests.support.worker_targets import work


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    made = WorkerPool(work, workers=2)
    yield made
    made.close()


@pytest.fixture
def lone() -> Iterator[WorkerPool]:
    """A pool of one worker: which worker serves a call is then known."""
    made = WorkerPool(work, workers=1)
    yield made
    made.close()


@pytest.mark.anyio
async def test_a_call_returns_what_the_target_returns(pool: WorkerPool) -> None:
    assert await pool.call("hello", timeout=30) == "HELLO"
    assert await pool.call("pid", timeout=30) in pool.pids
    assert os.getpid() not in pool.pids


@pytest.mark.anyio
async def test_what_the_target_raises_is_raised_in_the_caller(pool: WorkerPool) -> None:
    with pytest.raises(KeyError, match="no such key"):
        await pool.call("fail", timeout=30)
    with pytest.raises(RuntimeError, match=r"cannot be pickled.*kept here"):
        await pool.call("unpicklable", timeout=30)
    assert await pool.call("still", timeout=30) == "STILL"


@pytest.mark.anyio
async def test_arguments_that_cannot_be_pickled_cost_no_worker(pool: WorkerPool) -> None:
    before = sorted(pool.pids)
    with pytest.raises((TypeError, AttributeError, pickle.PicklingError)):
        await pool.call(lambda: None, timeout=30)
    assert sorted(pool.pids) == before
    assert await pool.call("after", timeout=30) == "AFTER"


@pytest.mark.anyio
async def test_a_worker_that_dies_is_replaced(lone: WorkerPool) -> None:
    before = lone.pids
    with pytest.raises(WorkerDiedError, match=f"worker {before[0]} died"):
        await lone.call("die", timeout=30)
    assert lone.pids != before
    assert len(lone.pids) == 1
    assert await lone.call("after", timeout=30) == "AFTER"


@pytest.mark.anyio
async def test_a_worker_that_died_while_idle_costs_no_call(lone: WorkerPool) -> None:
    await lone.call("warm", timeout=30)
    (dead,) = lone.pids
    os.kill(dead, signal.SIGKILL)  # as the kernel's OOM killer would
    deadline = time.monotonic() + 30
    while _alive(dead) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert await lone.call("pid", timeout=30) not in (dead, os.getpid())


@pytest.mark.anyio
async def test_a_call_past_its_timeout_kills_and_replaces_its_worker(lone: WorkerPool) -> None:
    await lone.call("warm", timeout=30)  # the spawn cost is not the call's
    before = lone.pids
    started = time.monotonic()
    with pytest.raises(WorkerTimeoutError, match=r"longer than 0\.5s"):
        await lone.call("slow", 30.0, timeout=0.5)
    assert time.monotonic() - started < 5
    assert lone.pids != before
    assert await lone.call("after", timeout=30) == "AFTER"


@pytest.mark.anyio
async def test_calls_run_in_parallel_and_waiting_is_not_timed(pool: WorkerPool) -> None:
    await asyncio.gather(pool.call("warm", timeout=30), pool.call("warm", timeout=30))
    pids = await asyncio.gather(*(pool.call("pid", 0.6, timeout=1.0) for _ in range(4)))
    assert set(pids) == set(pool.pids)  # two calls waited 0.6 s for a worker, not timed
    assert len(set(pids)) == 2


@pytest.mark.anyio
async def test_a_cancelled_waiting_call_does_not_lose_its_worker(lone: WorkerPool) -> None:
    running = asyncio.ensure_future(lone.call("first", 0.5, timeout=30))
    await asyncio.sleep(0.05)
    waiting = asyncio.ensure_future(lone.call("second", timeout=30))
    await asyncio.sleep(0.05)
    waiting.cancel()
    assert await running == "FIRST"
    assert await asyncio.wait_for(lone.call("third", timeout=30), 30) == "THIRD"


@pytest.mark.anyio
async def test_the_pool_adds_no_thread(pool: WorkerPool) -> None:
    threads = threading.active_count()
    await asyncio.gather(*(pool.call("x", timeout=30) for _ in range(10)))
    assert threading.active_count() == threads


@pytest.mark.anyio
async def test_a_busy_worker_finishes_its_call_through_sigterm_and_sigint(lone: WorkerPool) -> None:
    await lone.call("warm", timeout=30)  # past start-up: the worker's handlers are set
    (pid,) = lone.pids
    running = asyncio.ensure_future(lone.call("through", 0.5, timeout=30))
    await asyncio.sleep(0.1)
    os.kill(pid, signal.SIGTERM)  # as a service manager stopping the whole group does
    os.kill(pid, signal.SIGINT)
    assert await running == "THROUGH"
    assert lone.pids == [pid]


def test_one_pool_serves_event_loops_in_turn(pool: WorkerPool) -> None:
    assert asyncio.run(pool.call("one", timeout=30)) == "ONE"
    assert asyncio.run(pool.call("two", timeout=30)) == "TWO"


@pytest.mark.anyio
async def test_closing_stops_the_workers_and_refuses_calls() -> None:
    pool = WorkerPool(work, workers=2)
    await pool.call("warm", timeout=30)
    processes = [worker.process for worker in pool._idle]  # what close() must stop
    pool.close()
    assert all(not process.is_alive() for process in processes)
    assert all(process.exitcode == 0 for process in processes)  # asked, not killed
    with pytest.raises(WorkerDiedError, match="closed"):
        await pool.call("late", timeout=30)


@pytest.mark.anyio
async def test_shutting_cancels_waiting_calls_and_lets_running_ones_finish() -> None:
    pool = WorkerPool(work, workers=1)
    running = asyncio.ensure_future(pool.call("running", 0.5, timeout=30))
    await asyncio.sleep(0.05)
    waiting = asyncio.ensure_future(pool.call("waiting", timeout=30))
    await asyncio.sleep(0.05)
    (busy,) = pool.pids
    assert pool.shut() == []  # the only worker is busy: nothing to ask yet
    assert await running == "RUNNING"
    with pytest.raises(asyncio.CancelledError):
        await waiting
    deadline = time.monotonic() + 30
    while _alive(busy) and time.monotonic() < deadline:  # told to exit when its call ended
        await asyncio.sleep(0.05)
    assert not _alive(busy)


def test_a_pool_needs_a_worker() -> None:
    with pytest.raises(ValueError, match="workers >= 1"):
        WorkerPool(work, workers=0)


ORPHANING = """
import asyncio, os
from monitor.extract.worker_pool import WorkerPool
from tests.support.worker_targets import work
pool = WorkerPool(work, workers=2)
async def serve_both():
    await asyncio.gather(pool.call("a", 0.3, timeout=30), pool.call("b", 0.3, timeout=30))
asyncio.run(serve_both())  # both workers are up and waiting for the next call
print(" ".join(map(str, pool.pids)), flush=True)
os._exit(0)  # no close(), no atexit: as if the daemon were killed
"""


@pytest.mark.slow  # a parent process killed, its workers waited for
def test_workers_exit_when_their_parent_dies() -> None:
    parent = subprocess.run(
        [sys.executable, "-c", ORPHANING], capture_output=True, text=True, timeout=60, check=True
    )
    pids = [int(pid) for pid in parent.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


@pytest.mark.anyio
async def test_a_cancelled_busy_call_kills_its_worker_and_starts_none_until_needed(
    lone: WorkerPool,
) -> None:
    """A stop cancels every call in flight; starting a worker for each (imports, a judge)
    would hold the process's exit for seconds, so a new one starts when a call needs it."""
    await lone.call("warm", timeout=30)
    (pid,) = lone.pids
    running = asyncio.ensure_future(lone.call("long", 5.0, timeout=30))
    await asyncio.sleep(0.2)
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert not _alive(pid), "the worker of the cancelled call was killed"
    assert lone.pids == [], "and none started in its place yet"
    assert await lone.call("next", timeout=30) == "NEXT"
    assert len(lone.pids) == 1
