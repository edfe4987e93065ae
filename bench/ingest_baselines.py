"""The baselines of bench_ingest, as the issue names them, and CPU accounting for our side.

- bare ``trafilatura.extract`` on a sample of the farm's pages in one fresh process (pages per
  second of wall clock and per second of that process's CPU);
- a sequential ``feedparser.parse(url)`` loop (urllib fetches each feed, feedparser parses it);
- raw concurrent httpx GETs with the fetcher's conditional headers and connection limit, on
  httpx's own connection pool (the limit as the issue states it);
- the CPU seconds of a process by pid (``/proc/<pid>/stat``), for the extractor's workers.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import feedparser
import httpx
import trafilatura

from monitor.fetch import FetcherConfig

MAX_CONNECTIONS = 64
# The same options monitor.extract.extractor gives trafilatura, so the baseline does the same work.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "fast": True,
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "include_links": False,
    "include_images": False,
    "with_metadata": True,
}


@dataclass(frozen=True)
class Bare:
    """What bare trafilatura did with the sample: wall and CPU seconds, texts found."""

    pages: int
    seconds: float
    cpu_seconds: float
    texts: int
    page_bytes: int


def fetcher_config() -> FetcherConfig:
    """Realistic limits; one loopback host serves every feed, so per host = overall here.

    The timeouts are long because a 1,000-source first poll queues 4,000 pages at once and
    the fetcher's total timeout counts the wait for a connection slot."""
    return FetcherConfig(
        allow_private_networks=True,
        max_connections=MAX_CONNECTIONS,
        max_connections_per_host=MAX_CONNECTIONS,
        read_timeout=60.0,
        total_timeout=300.0,
    )


def cpu_seconds_of(pid: int) -> float:
    """User + system CPU seconds a live process has used (Linux ``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_extraction(pages: list[tuple[str, bytes]]) -> Bare:
    """``trafilatura.extract`` over ``pages`` in this process."""
    trafilatura.extract(pages[0][1], url=pages[0][0], **TRAFILATURA_OPTIONS)  # warm caches
    found = 0
    started, cpu = time.perf_counter(), time.process_time()
    for url, html in pages:
        found += bool(trafilatura.extract(html, url=url, **TRAFILATURA_OPTIONS))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Bare(len(pages), seconds, cpu, found, sum(len(html) for _, html in pages))


def sample_urls(base: str, feeds: int, items: int, count: int) -> list[str]:
    """``count`` article pages spread over the farm (a fixed random sample)."""
    rng = random.Random(11)
    picks = rng.sample(range(feeds * items), min(count, feeds * items))
    return [f"{base}/articles/{p // items}/{p % items}.html" for p in picks]


def fetch_and_extract(urls: list[str]) -> Bare:
    """Fetch ``urls`` (not timed), then :func:`bare_extraction` on them: run in the baseline's
    own process, so the pages never take memory in the benchmark's."""
    with httpx.Client(timeout=None) as client:
        pages = [(url, client.get(url).content) for url in urls]
    return bare_extraction(pages)


def time_in_processes(urls: list[str], processes: int) -> Bare:
    """:func:`fetch_and_extract` in ``processes`` fresh processes (spawn) at once, each on its
    share of ``urls``: with 1, one pool worker's view; with as many as the pipeline has
    workers, what a page costs when that many extractions share the machine.  Seconds are
    the slowest share's; CPU seconds and bytes are summed."""
    shares = [urls[n::processes] for n in range(processes)]
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
        list(pool.map(fetch_and_extract, [share[:2] for share in shares]))  # start them all
        done = list(pool.map(fetch_and_extract, shares))
    return Bare(
        sum(d.pages for d in done),
        max(d.seconds for d in done),
        sum(d.cpu_seconds for d in done),
        sum(d.texts for d in done),
        sum(d.page_bytes for d in done),
    )


def feedparser_loop(urls: Sequence[str]) -> tuple[float, int]:
    """Seconds for sequential ``feedparser.parse(url)`` (urllib fetch + parse); entries seen."""
    entries = 0
    started = time.perf_counter()
    for url in urls:
        entries += len(feedparser.parse(url).entries)
    return time.perf_counter() - started, entries


async def raw_conditional_gets(
    urls: Sequence[str],
    etags: dict[str, str | None],
    last_modified: dict[str, str | None],
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[float, int]:
    """Seconds for concurrent httpx GETs with the fetcher's headers and limit; 304s seen.

    At most ``MAX_CONNECTIONS`` requests are in flight, as in the fetcher: handing httpcore
    1,000 requests at once makes its pool's request assignment quadratic (slower, not a limit).
    ``transport`` replaces httpx's own (to show what the transport alone costs).
    """
    limits = httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
    )
    config = fetcher_config()
    base_headers = {"User-Agent": config.user_agent, "Accept": config.accept_feed}
    gate = asyncio.Semaphore(MAX_CONNECTIONS)

    async def get(client: httpx.AsyncClient, url: str) -> int:
        headers = dict(base_headers)
        if etags[url]:
            headers["If-None-Match"] = etags[url] or ""
        if last_modified[url]:
            headers["If-Modified-Since"] = last_modified[url] or ""
        async with gate:
            return (await client.get(url, headers=headers)).status_code

    async with httpx.AsyncClient(limits=limits, trust_env=False, transport=transport) as client:
        await get(client, urls[0])  # open the pool as the fetcher's is open
        started = time.perf_counter()
        statuses = await asyncio.gather(*(get(client, u) for u in urls))
        return time.perf_counter() - started, sum(s == 304 for s in statuses)
