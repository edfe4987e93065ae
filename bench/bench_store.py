"""Event-store benchmarks: append (1 and 100 per transaction), replay and verify.

Each figure stands beside the raw driver doing the same work in the same run (sqlite3 or
psycopg: INSERT in the same transaction sizes with executemany, a plain SELECT of all rows).

    python -m bench.bench_store [--events 50000] [--postgres URL | --no-postgres]

Without ``--postgres`` a throwaway PostgreSQL cluster is started when initdb is available.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg

from bench.common import emit, timed
from store import Event, event_type
from store.audit import verify_log
from store.sql import SqlEventLog

TEXT = "13th ASEAN–US Summit, Kuala Lumpur: leaders adopt a joint vision statement"


@event_type("bench.noted")
class Noted(Event):
    n: int
    text: str


def batches(total: int, size: int) -> Iterator[list[Noted]]:
    now = datetime.now(UTC)
    for start in range(0, total, size):
        yield [Noted(occurred_at=now, n=i, text=TEXT) for i in range(start, start + size)]


def raw_rows(total: int, first: int = 1, prefix: str = "s") -> list[tuple[Any, ...]]:
    now = "2026-05-03T08:00:00.000000Z"
    return [
        (first + i, f"{prefix}-{i // 100}", i % 100 + 1, "bench.noted", 1, str(uuid4()), now, now,
         f'{{"n":{i},"text":"{TEXT}"}}', '{"software_version":"0"}', "0" * 64)
        for i in range(total)
    ]  # fmt: skip


INSERT = (
    "INSERT INTO raw_events (position, stream_id, stream_version, type, version, event_id, "
    "occurred_at, recorded_at, data, metadata, hash) VALUES ({})"
)
CREATE = (
    "CREATE TABLE raw_events (position BIGINT PRIMARY KEY, stream_id TEXT, stream_version "
    "INTEGER, type TEXT, version INTEGER, event_id TEXT UNIQUE, occurred_at TEXT, "
    "recorded_at TEXT, data TEXT, metadata TEXT, hash TEXT, UNIQUE (stream_id, stream_version))"
)


def raw_sqlite(path: Path) -> Callable[[list[tuple[Any, ...]], int], None]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(CREATE)
    sql = INSERT.format(",".join("?" * 11))

    def insert(rows: list[tuple[Any, ...]], size: int) -> None:
        for start in range(0, len(rows), size):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, rows[start : start + size])
            conn.execute("COMMIT")

    return insert


def raw_postgres(dsn: str) -> Callable[[list[tuple[Any, ...]], int], None]:
    conn = psycopg.connect(dsn, autocommit=True)
    conn.execute("DROP TABLE IF EXISTS raw_events")
    conn.execute(CREATE)
    sql = INSERT.format(",".join(["%s"] * 11))

    def insert(rows: list[tuple[Any, ...]], size: int) -> None:
        for start in range(0, len(rows), size):
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(sql, rows[start : start + size])

    return insert


def raw_select(backend: str, target: str) -> Callable[[], None]:
    def select() -> None:
        if backend == "sqlite":
            with sqlite3.connect(target) as conn:
                for _row in conn.execute("SELECT * FROM raw_events ORDER BY position"):
                    pass
        else:
            with psycopg.connect(target) as conn, conn.cursor() as cur:
                cur.execute("SELECT * FROM raw_events ORDER BY position")
                for _row in cur:
                    pass

    return select


def run_backend(backend: str, url: str, raw_target: str, events: int) -> None:
    raw_insert = raw_sqlite(Path(raw_target)) if backend == "sqlite" else raw_postgres(raw_target)
    single = min(events // 10, 2000)
    log = SqlEventLog(url)

    ours = timed(lambda: [log.append(f"one-{b[0].n}", b) for b in batches(single, 1)])
    base = timed(lambda: raw_insert(raw_rows(single, 1, "one"), 1))
    emit(f"{backend}.append_1_per_tx", single / ours, "events/s", single / base)

    rows = raw_rows(events, single + 1, "batch")
    ours = timed(lambda: [log.append(f"s-{b[0].n}", b) for b in batches(events, 100)])
    base = timed(lambda: raw_insert(rows, 100))
    emit(f"{backend}.append_100_per_tx", events / ours, "events/s", events / base)

    total = log.head().position
    base = timed(raw_select(backend, raw_target))
    ours = timed(lambda: [e.decode() for e in log.iter_all(page_size=5000)])
    emit(f"{backend}.replay_typed", total / ours, "events/s", total / base)
    ours = timed(lambda: list(log.iter_all(page_size=5000)))
    emit(f"{backend}.replay_records", total / ours, "events/s", total / base)
    ours = timed(lambda: verify_log(log))
    emit(f"{backend}.verify", total / ours, "events/s", total / base)
    log.close()


@contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    if url:
        yield url
        return
    from tests.support.postgres import PostgresUnavailable, throwaway_cluster

    try:
        with throwaway_cluster() as started:
            yield started
    except PostgresUnavailable as exc:
        print(f"# PostgreSQL skipped: {exc}")
        yield None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--postgres", help="server URL (postgresql+psycopg://…)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_backend("sqlite", f"sqlite:///{tmp}/events.db", f"{tmp}/raw.db", args.events)
    context = nullcontext(None) if args.no_postgres else postgres(args.postgres)
    with context as pg_url:
        if pg_url:
            from tests.support.postgres import fresh_database

            ours, raw = fresh_database(pg_url), fresh_database(pg_url)
            dsn = raw.replace("postgresql+psycopg://", "postgresql://")
            run_backend("postgresql", ours, dsn, args.events)


if __name__ == "__main__":
    main()
