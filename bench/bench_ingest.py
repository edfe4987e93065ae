"""Ingest benchmarks against a local feed farm (bench/farm.py, a separate process on 127.0.0.1).

    python -m bench.bench_ingest [--feeds 1000] [--items 20] [--workers 2] [--cycles 3]

In one run, each figure beside its baseline measured in the same run:

1. new articles: the first poll of every feed (all items new) through ``Pipeline.poll``:
   fetch feed, discover, fetch page, extract (process pool), judge, append; articles/s per
   extractor worker, against bare ``trafilatura.extract`` on a sample of the same pages in one
   process (pages/s);
2. unchanged cycle: every source polled again (ETags known, the farm answers 304), all polls
   at once with ``asyncio.gather``, against a sequential ``feedparser.parse(url)`` loop (timed
   on a sample and scaled) and against raw concurrent httpx GETs with the same conditional
   headers and connection limit (the limit);
3. peak RSS of this process during the unchanged cycles (VmHWM, reset just before them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import feedparser
import httpx
import trafilatura

from bench.common import emit
from bench.farm import running_farm
from monitor.config import Source, SourceKind
from monitor.extractor import Extractor
from monitor.fetch import Fetcher, FetcherConfig
from monitor.judging import RulesetJudge
from monitor.matching import load_ruleset
from monitor.pipeline import Pipeline, PollOutcome
from store.sql import SqlEventLog

MAX_CONNECTIONS = 64
# The same options monitor.extractor gives trafilatura, so the baseline does the same work.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "fast": True,
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "include_links": False,
    "include_images": False,
    "with_metadata": True,
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def farm_sources(base: str, feeds: int) -> list[Source]:
    return [
        Source(
            id=f"farm-{n}",
            name=f"Farm feed {n}",
            url=f"{base}/feeds/{n}.xml",
            kind=SourceKind.FEED,
            interval=timedelta(minutes=30),
            language="en",
        )
        for n in range(feeds)
    ]


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


# -- memory ----------------------------------------------------------------------------------


def status_kib(field: str) -> int:
    """A ``kB`` line of /proc/self/status (VmRSS, VmHWM), or ru_maxrss when there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ``clear_refs`` 5); False where unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# -- ours ------------------------------------------------------------------------------------


async def poll_all(
    pipeline: Pipeline, sources: Sequence[Source], label: str
) -> tuple[float, list[PollOutcome]]:
    started = time.perf_counter()
    outcomes = await asyncio.gather(*(pipeline.poll(s, f"bench-{label}") for s in sources))
    return time.perf_counter() - started, list(outcomes)


def summarise(outcomes: Sequence[PollOutcome]) -> dict[str, int]:
    return {
        "polls_failed": sum(not o.ok for o in outcomes),
        "not_modified": sum(o.not_modified for o in outcomes),
        "items_new": sum(o.items_new for o in outcomes),
        "extracted": sum(o.extracted for o in outcomes),
        "extraction_failed": sum(o.extraction_failed for o in outcomes),
    }


async def warm_up(extractor: Extractor, base: str, workers: int) -> None:
    """Start the extractor's workers (spawn + imports) before anything is timed."""
    async with httpx.AsyncClient() as client:
        page = (await client.get(f"{base}/articles/0/0.html")).content
    await asyncio.gather(*(extractor.extract(page, f"{base}/warm") for _ in range(workers * 4)))


# -- baselines -------------------------------------------------------------------------------


def bare_extraction(pages: list[tuple[str, bytes]]) -> tuple[float, int]:
    """Seconds for ``trafilatura.extract`` over ``pages`` in this process; texts found."""
    trafilatura.extract(pages[0][1], url=pages[0][0], **TRAFILATURA_OPTIONS)  # warm caches
    found = 0
    started = time.perf_counter()
    for url, html in pages:
        found += bool(trafilatura.extract(html, url=url, **TRAFILATURA_OPTIONS))
    return time.perf_counter() - started, found


async def sample_pages(base: str, feeds: int, items: int, count: int) -> list[tuple[str, bytes]]:
    """``count`` article pages spread over the farm, fetched once (not timed)."""
    rng = random.Random(11)
    picks = rng.sample(range(feeds * items), min(count, feeds * items))
    urls = [f"{base}/articles/{p // items}/{p % items}.html" for p in picks]
    limits = httpx.Limits(max_connections=MAX_CONNECTIONS)
    async with httpx.AsyncClient(limits=limits, timeout=None) as client:
        answers = await asyncio.gather(*(client.get(u) for u in urls))
    return [(u, a.content) for u, a in zip(urls, answers, strict=True)]


def time_in_one_process(pages: list[tuple[str, bytes]]) -> tuple[float, int]:
    """Run :func:`bare_extraction` in a fresh single process (spawn), like one pool worker."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(bare_extraction, pages).result()


def feedparser_loop(urls: Sequence[str]) -> tuple[float, int]:
    """Seconds for sequential ``feedparser.parse(url)`` (urllib fetch + parse); entries seen."""
    entries = 0
    started = time.perf_counter()
    for url in urls:
        entries += len(feedparser.parse(url).entries)
    return time.perf_counter() - started, entries


async def raw_conditional_gets(
    urls: Sequence[str], etags: dict[str, str | None], last_modified: dict[str, str | None]
) -> tuple[float, int]:
    """Seconds for concurrent httpx GETs with the fetcher's headers and limit; 304s seen.

    At most ``MAX_CONNECTIONS`` requests are in flight, as in the fetcher: handing httpcore
    1,000 requests at once makes its pool's request assignment quadratic (slower, not a limit).
    """
    limits = httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
    )
    config = fetcher_config()
    base_headers = {"User-Agent": config.user_agent, "Accept": config.accept_feed}

    gate = asyncio.Semaphore(MAX_CONNECTIONS)  # as the fetcher's: httpcore queues badly

    async def get(client: httpx.AsyncClient, url: str) -> int:
        headers = dict(base_headers)
        if etags[url]:
            headers["If-None-Match"] = etags[url] or ""
        if last_modified[url]:
            headers["If-Modified-Since"] = last_modified[url] or ""
        async with gate:
            return (await client.get(url, headers=headers)).status_code

    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
        await get(client, urls[0])  # open the pool as the fetcher's is open
        started = time.perf_counter()
        statuses = await asyncio.gather(*(get(client, u) for u in urls))
        return time.perf_counter() - started, sum(s == 304 for s in statuses)


async def farm_stats(base: str) -> dict[str, int]:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{base}/_stats")
    return {k: int(v) for k, v in answer.json().items()}


# -- the run ---------------------------------------------------------------------------------


async def best_of(
    runs: int, measure: Callable[[], Awaitable[tuple[float, Any]]]
) -> tuple[float, list[Any]]:
    results = [await measure() for _ in range(runs)]
    return min(seconds for seconds, _ in results), [extra for _, extra in results]


async def measure_new_articles(
    pipeline: Pipeline, sources: list[Source], args: argparse.Namespace, base: str
) -> None:
    seconds, outcomes = await poll_all(pipeline, sources, "first")
    counts = summarise(outcomes)
    print(f"# first poll: {seconds:.1f} s, {counts}", flush=True)
    ours = counts["extracted"] / seconds / args.workers
    pages = await sample_pages(base, args.feeds, args.items, args.extract_sample)
    bare_seconds, found = await asyncio.to_thread(time_in_one_process, pages)
    emit(
        "ingest.new_articles_per_core",
        ours,
        "articles/s/core",
        len(pages) / bare_seconds,
        goal=0.8,
        workers=args.workers,
        cores=os.cpu_count(),
        seconds=round(seconds, 2),
        baseline_pages=len(pages),
        baseline_texts=found,
        **counts,
    )


async def cycles_ours(
    pipeline: Pipeline, sources: list[Source], cycles: int, base: str
) -> dict[str, Any]:
    """Best-of unchanged cycles, with the peak RSS during them and what the farm saw."""
    before = await farm_stats(base)
    rss_before = status_kib("VmRSS")
    reset = reset_peak_rss()
    seconds, runs = await best_of(cycles, lambda: poll_all(pipeline, sources, "cycle"))
    peak = status_kib("VmHWM")
    after = await farm_stats(base)
    return {
        "seconds": seconds,
        "peak_kib": peak,
        "rss_before_kib": rss_before,
        "hwm_reset": reset,
        "farm_304": after.get("304", 0) - before.get("304", 0),
        "farm_connections": after.get("connections", 0) - before.get("connections", 0),
        "counts": summarise([o for run in runs for o in run]),
    }


async def cycle_baselines(
    pipeline: Pipeline, sources: list[Source], args: argparse.Namespace
) -> dict[str, Any]:
    """The limit (raw httpx, best of) and the feedparser loop (sample, scaled to all)."""
    urls = [s.url for s in sources]
    etags = {s.url: pipeline.states[s.id].etag for s in sources}
    modified = {s.url: pipeline.states[s.id].last_modified for s in sources}
    limit, raw_304 = await best_of(args.cycles, lambda: raw_conditional_gets(urls, etags, modified))
    sample = urls[:: max(1, len(urls) // args.loop_sample)][: args.loop_sample]
    loop_seconds, entries = await asyncio.to_thread(feedparser_loop, sample)
    return {
        "limit_seconds": limit,
        "raw_304": raw_304,
        "loop_scaled": loop_seconds * len(urls) / len(sample),
        "loop_sample": len(sample),
        "loop_entries": entries,
    }


async def measure_unchanged(
    pipeline: Pipeline, sources: list[Source], args: argparse.Namespace, base: str
) -> None:
    ours = await cycles_ours(pipeline, sources, args.cycles, base)
    base_line = await cycle_baselines(pipeline, sources, args)
    n, seconds = len(sources), ours["seconds"]
    common = {
        "feeds": n,
        "cycles": args.cycles,
        "best_seconds": round(seconds, 3),
        **ours["counts"],
    }
    emit(
        "ingest.unchanged_cycle_vs_feedparser_loop",
        n / seconds,
        "feeds/s",
        n / base_line["loop_scaled"],
        goal=20,
        loop_sample=base_line["loop_sample"],
        loop_entries=base_line["loop_entries"],
        loop_seconds_scaled=round(base_line["loop_scaled"], 2),
        **common,
    )
    emit(
        "ingest.unchanged_cycle_vs_raw_httpx",
        n / seconds,
        "feeds/s",
        n / base_line["limit_seconds"],
        goal=0.6,
        farm_304=ours["farm_304"],
        farm_connections=ours["farm_connections"],
        raw_304=base_line["raw_304"],
        raw_best_seconds=round(base_line["limit_seconds"], 3),
        **common,
    )
    emit(
        "ingest.unchanged_cycle_peak_rss",
        ours["peak_kib"] / 1024,
        "MiB",
        300,
        goal="<= 300 MiB",
        rss_before_cycles_mib=round(ours["rss_before_kib"] / 1024, 1),
        hwm_reset=ours["hwm_reset"],
    )


async def run(args: argparse.Namespace, base: str, tmp: Path) -> None:
    log = SqlEventLog(f"sqlite:///{tmp / 'events.db'}")
    judge = RulesetJudge(load_ruleset())
    sources = farm_sources(base, args.feeds)
    async with (
        Extractor(workers=args.workers, timeout=300.0) as extractor,
        Fetcher(fetcher_config()) as fetcher,
    ):
        await warm_up(extractor, base, args.workers)
        pipeline = Pipeline(log, fetcher, extractor, utc_now, judge, rng=random.Random(7))
        print(f"# rss at start {status_kib('VmRSS') / 1024:.1f} MiB", flush=True)
        await measure_new_articles(pipeline, sources, args, base)
        await measure_unchanged(pipeline, sources, args, base)
    log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="extractor processes")
    parser.add_argument("--cycles", type=int, default=3, help="unchanged cycles (best of)")
    parser.add_argument("--loop-sample", type=int, default=100, help="feeds in the loop sample")
    parser.add_argument("--extract-sample", type=int, default=2000, help="pages, bare baseline")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="emulated round trip per answer, seconds (0: bare loopback)",
    )
    args = parser.parse_args()
    print(f"# python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    print(f"# farm latency {args.latency * 1000:.0f} ms per answer", flush=True)
    with (
        running_farm(args.feeds, args.items, args.latency) as base,
        tempfile.TemporaryDirectory() as tmp,
    ):
        asyncio.run(run(args, base, Path(tmp)))


if __name__ == "__main__":
    main()
