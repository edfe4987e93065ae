"""Fetching runs ahead of extraction only as far as ``pages_in_flight`` allows: a page is
fetched only when fewer than that many fetched pages wait for (or are in) extraction."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Source, SourceKind
from monitor.extract.extractor import Extractor
from monitor.extract.model import Extracted
from monitor.fetch import Fetcher
from monitor.ingest.polling import Pipeline
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import Clock, fetcher_config, loopback, page, rss

pytestmark = pytest.mark.anyio

SEED = "003_6026261d9c1d940c.html"


class Held:
    """Pages between the start of their fetch and the end of their extraction."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0


class CountingFetcher:
    def __init__(self, fetcher: Fetcher, held: Held) -> None:
        self.fetcher, self.held = fetcher, held

    async def fetch(self, url: str, **kwargs: Any) -> Any:
        if kwargs.get("kind") == "page":
            self.held.now += 1
            self.held.most = max(self.held.most, self.held.now)
        return await self.fetcher.fetch(url, **kwargs)


class SlowCountingExtractor:
    def __init__(self, extractor: Extractor, held: Held) -> None:
        self.extractor, self.held = extractor, held

    async def extract(self, html: bytes, url: str, **kwargs: Any) -> Extracted:
        try:
            await asyncio.sleep(0.05)  # extraction is the slow side
            return await self.extractor.extract(html, url, **kwargs)
        finally:
            self.held.now -= 1


def source(server: HTTPTestServer, name: str) -> Source:
    return Source(
        id=name,
        name=name,
        kind=SourceKind.FEED,
        url=server.url(f"/{name}.xml"),
        interval=timedelta(minutes=30),
        language="en",
    )


async def test_pages_in_flight_bounds_the_fetched_pages_waiting_for_extraction(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    items = [(f"g{n}", http_server.url(f"/a/{n}.html"), f"Story {n}") for n in range(8)]
    for n in range(8):
        http_server.add(f"/a/{n}.html", page(SEED), headers={"Content-Type": "text/html"})
    http_server.add("/one.xml", rss(items[:4]))
    http_server.add("/two.xml", rss(items[4:]))
    log, held = SqlEventLog(sqlite_url_for(tmp_path / "events.db")), Held()
    async with Fetcher(fetcher_config(), resolver=loopback) as fetcher:
        pipeline = Pipeline(
            log,
            CountingFetcher(fetcher, held),
            SlowCountingExtractor(extractor, held),
            Clock(),
            rng=random.Random(7),
            page_concurrency=4,
            pages_in_flight=2,
        )
        one, two = source(http_server, "one"), source(http_server, "two")
        outcomes = await asyncio.gather(pipeline.poll(one), pipeline.poll(two))
    log.close()
    assert [o.items_new for o in outcomes] == [4, 4]
    assert sum(o.extracted for o in outcomes) == 8
    assert held.most == 2
