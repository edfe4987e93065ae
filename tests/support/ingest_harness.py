"""The real ingest pipeline wired for tests: a SQLite log, the real fetcher against the
loopback test server, the real extractor (process pool) and the shipped matching rules."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from monitor.config import Source, SourceKind
from monitor.extract.extractor import Extractor
from monitor.fetch import Fetcher, FetcherConfig
from monitor.ingest.polling import Pipeline, PollOutcome
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge
from monitor.readmodels.articles import ARTICLES
from monitor.readmodels.registry import all_projections, processors
from monitor.readmodels.sources import SOURCE_HEALTH
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
START = datetime(2026, 5, 3, 8, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Harness:
    server: HTTPTestServer
    log: SqlEventLog
    runner: ProjectionRunner
    pipeline: Pipeline
    clock: Clock
    seen: int = field(default=0)

    def source(self, path: str, source_id: str = "wire", **extra: Any) -> Source:
        values: dict[str, Any] = {
            "id": source_id,
            "name": source_id,
            "kind": SourceKind.FEED,
            "url": self.server.url(path),
            "interval": timedelta(minutes=30),
            "language": "en",
            **extra,
        }
        return Source(**values)

    async def poll(self, source: Source) -> PollOutcome:
        outcome = await self.pipeline.poll(source, "corr-test")
        self.runner.catch_up_all()
        return outcome

    def new_events(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Events appended since the last call: (stream, type, data)."""
        events = list(self.log.iter_all(self.seen))
        if events:
            self.seen = events[-1].position
        return [(e.stream_id, e.type, e.data_dict()) for e in events]

    def health(self, source_id: str = "wire") -> dict[str, Any]:
        with self.log.reader.connect() as conn:
            row = conn.execute(
                select(SOURCE_HEALTH).where(SOURCE_HEALTH.c.source_id == source_id)
            ).one()
        return dict(row._mapping)

    def articles(self) -> list[dict[str, Any]]:
        with self.log.reader.connect() as conn:
            rows = conn.execute(select(ARTICLES).order_by(ARTICLES.c.discovered_at, ARTICLES.c.url))
            return [dict(r._mapping) for r in rows]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def fetcher_config(**overrides: Any) -> FetcherConfig:
    values: dict[str, Any] = {
        "allow_private_networks": True,
        "read_timeout": 5.0,
        "total_timeout": 15.0,
        "max_body_bytes": 2 * 2**20,
        "max_decoded_bytes": 4 * 2**20,
        **overrides,
    }
    return FetcherConfig(**values)


async def loopback(host: str, port: int) -> list[str]:
    """A resolver for tests: every name is this machine (``m.wire.test`` included)."""
    return ["127.0.0.1"]


@asynccontextmanager
async def harness(
    server: HTTPTestServer, tmp: Path, extractor: Extractor, **config: Any
) -> AsyncIterator[Harness]:
    log = SqlEventLog(sqlite_url_for(tmp / "events.db"))
    clock = Clock()
    runner = ProjectionRunner(log, [*all_projections(), *processors(log, clock)])
    runner.prepare()
    judge = RulesetJudge(load_ruleset())
    async with Fetcher(fetcher_config(**config), resolver=loopback) as fetcher:
        pipeline = Pipeline(log, fetcher, extractor, clock, judge, rng=random.Random(7))
        yield Harness(server, log, runner, pipeline, clock)
    log.close()


def rss(items: list[tuple[str, str, str]], ttl: int | None = None) -> bytes:
    """An RSS 2.0 document; items are (guid, link, title)."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{g}</guid><link>{link}</link><title>{t}</title>"
        f"<description>{t} (summary)</description>"
        "<pubDate>Sun, 26 Oct 2025 19:05:00 +0700</pubDate></item>"
        for g, link, t in items
    )
    channel_ttl = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Wire</title><link>http://127.0.0.1/</link>{channel_ttl}{entries}"
        "</channel></rss>"
    ).encode()


def types_by_stream(events: list[tuple[str, str, dict[str, Any]]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for stream, type_name, _ in events:
        grouped.setdefault(stream, []).append(type_name)
    return grouped


def only(
    events: Iterator[tuple[str, str, dict[str, Any]]] | list[Any], type_name: str
) -> list[dict[str, Any]]:
    return [data for _, t, data in events if t == type_name]
