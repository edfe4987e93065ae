"""Group commit: concurrent appends share transactions; each caller gets its own outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from store import NO_STREAM, ConcurrencyError
from store.committer import Append, GroupCommitter
from store.errors import BackendError
from store.log import AppendTransaction
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.store_events import noted

pytestmark = pytest.mark.anyio


class CountingLog(SqlEventLog):
    transactions = 0
    broken = False

    @contextmanager
    def transaction(self) -> Iterator[AppendTransaction]:
        if self.broken:
            raise BackendError("database error: disk I/O error")
        type(self).transactions += 1
        with super().transaction() as tx:
            yield tx


async def test_concurrent_appends_share_a_few_transactions(tmp_path: Path) -> None:
    log = CountingLog(sqlite_url_for(tmp_path / "events.db"))
    CountingLog.transactions = 0
    committer = GroupCommitter(log)
    log.append("taken", [noted(0)])
    before = CountingLog.transactions
    calls = [committer.append(Append(f"s-{n}", [noted(n)], NO_STREAM)) for n in range(200)]
    calls.append(committer.append(Append("taken", [noted(1)], NO_STREAM)))
    outcomes = await asyncio.gather(*calls)
    assert CountingLog.transactions - before <= 3
    positions = [o[0].positions[0] for o in outcomes[:200]]  # type: ignore[union-attr]
    assert sorted(positions) == list(range(2, 202))
    assert isinstance(outcomes[200][0], ConcurrencyError), "refused for that caller alone"
    assert [e.stream_id for e in log.read_stream("s-7")] == ["s-7"]
    log.close()


async def test_a_database_failure_reaches_every_caller_of_the_batch(tmp_path: Path) -> None:
    log = CountingLog(sqlite_url_for(tmp_path / "events.db"))
    log.broken = True
    committer = GroupCommitter(log)
    results = await asyncio.gather(
        *(committer.append(Append(f"s-{n}", [noted(n)])) for n in range(5)),
        return_exceptions=True,
    )
    assert all(isinstance(r, BackendError) for r in results)
    log.broken = False
    assert log.head().position == 0
    log.close()
