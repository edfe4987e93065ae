"""Projections: checkpoint and rows in one transaction; a rebuild equals the live read model."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select

from store.projections import Projection, ProjectionRunner, digest, upsert
from store.records import RecordedEvent
from store.sql import SqlEventLog
from store.stream_index import STREAM_INDEX, StreamIndexProjection
from tests.support.store_events import noted

COUNTS = Table(
    "test_counts",
    MetaData(),
    Column("stream_id", String, primary_key=True),
    Column("total", Integer, nullable=False),
    Column("applied", Integer, nullable=False),
)


class CountingProjection(Projection):
    """Sums ``n`` per stream and counts applications: a double apply would show."""

    name = "counts"
    tables = (COUNTS,)
    fail_at: ClassVar[int | None] = None

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        if event.position == self.fail_at:
            raise RuntimeError(f"boom at {event.position}")
        row = conn.execute(select(COUNTS).where(COUNTS.c.stream_id == event.stream_id)).first()
        total, applied = (row.total, row.applied) if row else (0, 0)
        values = {
            "stream_id": event.stream_id,
            "total": total + event.data_dict()["n"],
            "applied": applied + 1,
        }
        upsert(conn, COUNTS, values, ["stream_id"])


def fill(log: SqlEventLog, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        log.append(f"s-{i % 7}", [noted(i)])


@pytest.mark.slow  # 600 appends under a live follower, then a rebuild (fast: a new version)
def test_a_rebuild_gives_the_live_digest(sql_url: str) -> None:
    log = SqlEventLog(sql_url)
    projections = [CountingProjection(), StreamIndexProjection()]
    live = ProjectionRunner(log, projections, page=50)
    stop = threading.Event()
    follower = threading.Thread(target=live.follow, args=(stop, 0.1))
    follower.start()
    fill(log, 600)
    while any(live.position(p) < 600 for p in projections):
        log.wait_for(10**9, 0.05)
    stop.set()
    follower.join(timeout=30)
    before = [digest(log, p) for p in projections]
    for projection in projections:
        live.reset(projection)
        assert live.position(projection) == 0
        live.catch_up(projection)
    after = [digest(log, p) for p in projections]
    assert before == after
    assert before[0][0].rows == 7
    assert before[1][0].rows == 7
    with log.reader.connect() as conn:
        assert conn.execute(select(COUNTS.c.applied)).scalars().all() != []
        total = sum(conn.execute(select(COUNTS.c.applied)).scalars())
        query = select(STREAM_INDEX.c.stream_id, STREAM_INDEX.c.version)
        versions = {row[0]: row[1] for row in conn.execute(query)}
    assert total == 600
    assert versions["s-0"] == 86


def test_a_failing_page_moves_neither_rows_nor_checkpoint(sql_url: str) -> None:
    log = SqlEventLog(sql_url)
    fill(log, 30)
    projection = CountingProjection()
    runner = ProjectionRunner(log, [projection], page=10)
    runner.prepare()
    projection.fail_at = 15
    with pytest.raises(RuntimeError, match="boom at 15"):
        runner.catch_up(projection)
    assert runner.position(projection) == 10
    with log.reader.connect() as conn:
        assert sum(conn.execute(select(COUNTS.c.applied)).scalars()) == 10
    projection.fail_at = None
    assert runner.catch_up(projection) == 30
    with log.reader.connect() as conn:
        assert sum(conn.execute(select(COUNTS.c.applied)).scalars()) == 30
        assert sum(conn.execute(select(COUNTS.c.total)).scalars()) == sum(range(30))


def test_a_new_projection_version_rebuilds_it(sql_url: str) -> None:
    log = SqlEventLog(sql_url)
    fill(log, 20)
    runner = ProjectionRunner(log, [CountingProjection()])
    runner.prepare()
    runner.catch_up_all()
    bumped = CountingProjection()
    bumped.version = 2
    again = ProjectionRunner(log, [bumped])
    again.prepare()
    assert again.position(bumped) == 0
    again.catch_up_all()
    with log.reader.connect() as conn:
        assert sum(conn.execute(select(COUNTS.c.applied)).scalars()) == 20


class SlowCountingProjection(CountingProjection):
    """A counting projection that takes 20 ms an event: a long catch-up, as under load."""

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        time.sleep(0.02)
        super().apply(conn, event)


def test_a_halt_ends_a_catch_up_in_another_thread_after_its_page(sql_url: str) -> None:
    """A stopping daemon halts its runner: a catch-up running in a thread (whose task the drain
    cancelled) ends after its page instead of holding the process's exit; the next process
    applies the rest, each event once."""
    log = SqlEventLog(sql_url)
    fill(log, 300)
    projection = SlowCountingProjection()
    runner = ProjectionRunner(log, [projection], page=10)
    runner.prepare()
    catching_up = threading.Thread(target=runner.catch_up_all)
    catching_up.start()
    time.sleep(0.5)
    halted_at = time.monotonic()
    runner.halt()
    catching_up.join(timeout=30)
    assert not catching_up.is_alive()
    assert time.monotonic() - halted_at < 2.0, "a halt waits for one page, not the whole log"
    reached = runner.position(projection)
    assert 0 < reached < 300
    assert runner.catch_up(projection) == reached, "a halted runner stays halted"
    again = ProjectionRunner(log, [CountingProjection()], page=100)
    again.catch_up_all()
    with log.reader.connect() as conn:
        assert sum(conn.execute(select(COUNTS.c.applied)).scalars()) == 300
