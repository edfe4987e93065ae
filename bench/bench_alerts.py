"""Alert fan-out benchmark: one judged article, 10,000 webhook subscriptions, a local sink.

    python -m bench.bench_alerts [--subscriptions 10000] [--concurrency 64] [--batch 1000]

A SQLite log in a temporary directory gets ``--subscriptions`` webhook subscriptions (appended
500 to a transaction), then one judged article (``item.discovered``, ``article.extracted`` and
``article.matched`` for seed 003, judged by the shipped ruleset).  Figures, each beside a
baseline measured in the same run:

- ``routing.raise``: the first ``runner.catch_up_all()`` (the router raises every alert),
  against the raw sqlite3 INSERT of the same alert events and outbox rows in one transaction;
- ``routing.total``: that plus the second ``catch_up_all()`` (outbox and stream index take the
  alerts in), against the same raw INSERT;
- ``delivery``: ``Dispatcher.dispatch_due()`` rounds until every alert is delivered to
  ``bench.sink`` (``Dispatcher(concurrency=--concurrency, batch=--batch)``), against a raw
  ``httpx.AsyncClient`` loop POSTing the same signed bodies with the same concurrency;
- ``end_to_end``: routing plus delivery per alert (ms), against raw INSERT plus raw POST.

The sink runs in its own process and counts requests, distinct ``Idempotency-Key`` values,
bad signatures and TCP connections per path (``check.*`` lines); the run fails (exit 1)
unless every alert arrived exactly once with a valid signature.  Where the time goes and
what to change: docs/bench_alerts.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from alerts.channels import build_registry
from alerts.dispatcher import Dispatcher
from alerts.messages import to_message
from alerts.outbox import ALERTS
from alerts.payloads import alert_payload, to_json_bytes
from alerts.retry import RetryPolicy
from alerts.secrets import Keyring
from alerts.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from alerts.subscriptions import created_event, validate_spec
from bench.common import emit, timed
from bench.sink import running_sink
from monitor.events import (
    AlertRaised,
    ArticleExtracted,
    ArticleMatched,
    ItemDiscovered,
    subscription_stream,
)
from monitor.ingest.stories import fingerprint
from monitor.ingest.urls import article_stream_id
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge
from monitor.readmodels.registry import all_projections, processors
from store import Event, Metadata
from store.projections import ProjectionRunner
from store.sql import SqlEventLog

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "tests" / "fixtures" / "seeds").glob("003_*.txt"))
SECRET = "bench-webhook-secret"
ARTICLE_URL = "https://vov.vn/en/politics/13th-asean-us-summit"
SUBSCRIBE_BATCH = 500


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Setup:
    log: SqlEventLog
    runner: ProjectionRunner
    clock: Callable[[], datetime]
    keyring: Keyring = field(default_factory=Keyring.generate)
    """Seals the subscriptions' webhook secret (and opens it to send), as the daemon's key."""


def open_log(folder: Path) -> Setup:
    log = SqlEventLog(f"sqlite:///{folder / 'events.db'}")
    runner = ProjectionRunner(log, [*all_projections(), *processors(log, utc_now)])
    runner.prepare()
    return Setup(log, runner, utc_now)


def subscribe(setup: Setup, count: int, hook: str) -> None:
    """``count`` webhook subscriptions to every relevant article, appended in batches."""
    target = {"type": "webhook", "url": hook, "secret": SECRET}
    spec = validate_spec({"name": "bench", "filter": {}, "target": target})
    for start in range(0, count, SUBSCRIBE_BATCH):
        with setup.log.transaction() as tx:
            for n in range(start, min(count, start + SUBSCRIBE_BATCH)):
                sid = f"bench{n:07d}"
                named = spec.model_copy(update={"name": sid})
                event = created_event(sid, named, setup.clock(), keyring=setup.keyring)
                tx.append(subscription_stream(sid), [event])
    setup.runner.catch_up_all()


def judged_article(now: datetime) -> list[Event]:
    """Seed 003 as the pipeline records it: discovered, extracted, matched (a real judgement)."""
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    text = body.strip()
    verdict = RulesetJudge(load_ruleset())(text, title)
    if not verdict["relevant"]:
        raise RuntimeError(f"{SEED}: expected a relevant judgement, got {verdict}")
    digest = hashlib.sha256(text.encode()).hexdigest()
    return [
        ItemDiscovered(
            occurred_at=now, source_id="vov", url=ARTICLE_URL, canonical_url=ARTICLE_URL,
            guid=ARTICLE_URL, title=title, summary=text[:300], language="en",
        ),
        ArticleExtracted(
            occurred_at=now, url=ARTICLE_URL, final_url=ARTICLE_URL, canonical_url=ARTICLE_URL,
            title=title, text=text, text_sha256=digest, fingerprint=fingerprint(text),
            language="en", html_sha256=digest, duration_ms=1,
        ),
        ArticleMatched(occurred_at=now, **verdict),
    ]  # fmt: skip


def append_article(setup: Setup) -> None:
    events = judged_article(setup.clock())
    with setup.log.transaction() as tx:
        tx.append(article_stream_id(ARTICLE_URL), events, metadata=Metadata("bench"))


def outbox_count(setup: Setup, status: str | None = None) -> int:
    query = select(func.count()).select_from(ALERTS)
    if status is not None:
        query = query.where(ALERTS.c.status == status)
    with setup.log.reader.connect() as conn:
        return int(conn.execute(query).scalar_one())


def alert_rows(setup: Setup) -> tuple[list[tuple[Any, ...]], list[bytes]]:
    """The raised alerts as raw event rows (for the INSERT baseline) and as webhook bodies."""
    events = [e for e in setup.log.iter_all() if e.type == AlertRaised.type_name]
    with setup.log.reader.connect() as conn:
        outbox = conn.execute(select(ALERTS).order_by(ALERTS.c.alert_id)).all()
    bodies = [to_json_bytes(alert_payload(to_message(r, r.subscription_id))) for r in outbox]
    rows = [
        (e.position, e.stream_id, e.stream_version, e.type, e.version, e.event_id,
         e.occurred_at, e.recorded_at, e.data, e.metadata, e.hash)
        for e in events
    ]  # fmt: skip
    return rows, bodies


RAW_EVENTS = (
    "CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT, stream_version INTEGER, "
    "type TEXT, version INTEGER, event_id TEXT UNIQUE, occurred_at TEXT, recorded_at TEXT, "
    "data TEXT, metadata TEXT, hash TEXT, UNIQUE (stream_id, stream_version))"
)
RAW_OUTBOX = (
    "CREATE TABLE alerts (alert_id TEXT PRIMARY KEY, stream_id TEXT, status TEXT, "
    "next_attempt_at TEXT, payload TEXT)"
)


def raw_insert(path: Path, rows: list[tuple[Any, ...]]) -> float:
    """Seconds for sqlite3 to INSERT the alert events and their outbox rows in one transaction
    (WAL, synchronous=NORMAL, like the store): the floor under routing's writes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(RAW_EVENTS)
    conn.execute(RAW_OUTBOX)
    outbox = [(r[5], r[1], "pending", r[6], r[8]) for r in rows]

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO events VALUES ({','.join('?' * 11)})", rows)
        conn.executemany("INSERT INTO alerts VALUES (?, ?, ?, ?, ?)", outbox)
        conn.execute("COMMIT")

    seconds = timed(insert)
    conn.close()
    return seconds


def client(concurrency: int) -> httpx.AsyncClient:
    """The HTTP client both the dispatcher and the raw loop use: a pool as wide as the gate."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(trust_env=False, limits=limits, timeout=10.0)


async def raw_posts(url: str, bodies: list[bytes], concurrency: int) -> float:
    """Seconds for httpx to POST every body, signed, ``concurrency`` at a time."""
    gate = asyncio.Semaphore(concurrency)
    async with client(concurrency) as http:

        async def one(n: int, body: bytes) -> None:
            async with gate:
                stamp = int(time.time())
                headers = {
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"raw-{n}",
                    TIMESTAMP_HEADER: str(stamp),
                    SIGNATURE_HEADER: sign(SECRET, stamp, body),
                }
                response = await http.post(url, content=body, headers=headers)
                response.raise_for_status()

        await http.get(url)  # warm-up: httpx and anyio import parts of themselves on first use
        started = time.perf_counter()
        await asyncio.gather(*(one(n, b) for n, b in enumerate(bodies)))
        return time.perf_counter() - started


async def deliver(setup: Setup, total: int, concurrency: int, batch: int) -> tuple[float, int]:
    """Seconds and rounds of ``dispatch_due`` until ``total`` alerts are delivered (or a round
    finds nothing due)."""
    async with client(concurrency) as http:
        registry = build_registry(http_client=http, secrets=setup.keyring)
        dispatcher = Dispatcher(
            setup.runner, registry.channel_for, setup.clock, RetryPolicy(), random.Random(5),
            concurrency=concurrency, batch=batch,
        )  # fmt: skip
        delivered = rounds = 0
        started = time.perf_counter()
        while delivered < total:
            attempts = await dispatcher.dispatch_due()
            rounds += 1
            delivered += sum(a.delivered for a in attempts)
            if not attempts:
                break
        return time.perf_counter() - started, rounds


def sink_stats(base: str) -> dict[str, Any]:
    with httpx.Client(trust_env=False) as http:
        stats: dict[str, Any] = http.get(f"{base}/_stats").json()
    return stats


def check(name: str, counts: dict[str, int], total: int) -> bool:
    """Print whether every request arrived exactly once, signed; True when it did."""
    ok = counts.get("keys") == total and counts.get("requests") == total
    ok = ok and counts.get("bad_signatures") == 0 and counts.get("unsigned") == 0
    record = {"name": f"check.{name}", "exactly_once": ok, "expected": total, **counts}
    print(json.dumps(record), flush=True)
    return ok


def route(setup: Setup) -> tuple[float, float]:
    """Seconds of the catch-up that raises the alerts and of the one that projects them."""
    raise_s = timed(setup.runner.catch_up_all)
    project_s = timed(setup.runner.catch_up_all)
    return raise_s, project_s


def run(folder: Path, base: str, args: argparse.Namespace) -> bool:
    total = args.subscriptions
    setup = open_log(folder)
    subscribe(setup, total, f"{base}/hook")
    append_article(setup)
    raise_s, project_s = route(setup)
    if outbox_count(setup, "pending") != total:
        raise RuntimeError(f"expected {total} pending alerts, found {outbox_count(setup)}")
    rows, bodies = alert_rows(setup)
    insert_s = raw_insert(folder / "raw.db", rows)
    raw_s = asyncio.run(raw_posts(f"{base}/raw", bodies, args.concurrency))
    deliver_s, rounds = asyncio.run(deliver(setup, total, args.concurrency, args.batch))
    delivered = outbox_count(setup, "delivered")
    setup.log.close()
    size = sum(map(len, bodies)) // len(bodies)
    emit("alerts.routing.raise", total / raise_s, "alerts/s", total / insert_s, seconds=raise_s)
    routing_s = raise_s + project_s
    emit("alerts.routing.total", total / routing_s, "alerts/s", total / insert_s)
    emit(
        "alerts.delivery", delivered / deliver_s, "alerts/s", total / raw_s, rounds=rounds,
        concurrency=args.concurrency, batch=args.batch, body_bytes=size,
    )  # fmt: skip
    per_alert = (routing_s + deliver_s) / total * 1000
    emit("alerts.end_to_end", per_alert, "ms/alert", (insert_s + raw_s) / total * 1000)
    stats = sink_stats(base)
    return check("dispatcher", stats.get("/hook", {}), total) & check(
        "raw", stats.get("/raw", {}), total
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--batch", type=int, default=1000, help="Dispatcher(batch=...)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_sink(SECRET) as base:
        ok = run(Path(tmp), base, args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
