"""Ingest benchmarks against a local feed farm (bench/farm.py, a separate process on 127.0.0.1).

    python -m bench.bench_ingest [--feeds 1000] [--items 20] [--workers 2] [--cycles 3]
                                 [--page-size realistic|small] [--latency 0.05]

In one run, each figure beside its baseline measured in the same run (bench/ingest_baselines.py):

1. new articles: the first poll of every feed (all items new) through ``Pipeline.poll``:
   fetch feed, discover, fetch page, extract, fingerprint and judge (in the extractor's worker
   processes), append.  Judged per CPU-second: articles per second of CPU used by our processes
   (this one, all its threads, and the extractor's workers), against pages per CPU-second of
   bare ``trafilatura.extract`` on a sample of the same pages in one process.  Also per core
   by the wall clock (articles/s ÷ workers against pages/s), as earlier runs reported it;
2. unchanged cycle: every source polled again (ETags known, the farm answers 304), all polls at
   once with ``asyncio.gather``, against a sequential ``feedparser.parse(url)`` loop (timed on
   a sample and scaled) and against raw concurrent httpx GETs with the same conditional
   headers and connection limit; first on bare loopback, then with the farm waiting
   ``--latency`` seconds (an emulated round trip) before each answer;
3. peak RSS of this process for 1,000 sources: over the first poll (VmHWM from the start) and
   over the unchanged cycles (VmHWM reset just before them); the baselines' pages are fetched
   and extracted in their own processes and take no memory here.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.common import emit
from bench.farm import PAGE_SIZES, running_farm
from bench.ingest_baselines import (
    MAX_CONNECTIONS,
    Bare,
    cpu_seconds_of,
    feedparser_loop,
    fetcher_config,
    raw_conditional_gets,
    sample_urls,
    time_in_processes,
)
from monitor.config import Source, SourceKind
from monitor.extract.extractor import Extractor
from monitor.fetch import Fetcher
from monitor.fetch.pool import PoolTransport
from monitor.ingest.polling import Pipeline, PollOutcome
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge
from store.sql import SqlEventLog


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


# -- memory and CPU --------------------------------------------------------------------------


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


def cpu_now(extractor: Extractor) -> tuple[float, dict[int, float]]:
    """CPU seconds of this process (every thread) and of each live extractor worker."""
    return time.process_time(), {pid: cpu_seconds_of(pid) for pid in extractor.worker_pids}


def cpu_since(extractor: Extractor, before: tuple[float, dict[int, float]]) -> dict[str, Any]:
    main, workers = cpu_now(extractor)
    used = sum(seconds - before[1].get(pid, 0.0) for pid, seconds in workers.items())
    return {
        "main": main - before[0],
        "workers": used,
        "same_workers": set(workers) == set(before[1]),
    }


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
    """Start the extractor's workers (spawn, imports, the ruleset) before anything is timed."""
    async with httpx.AsyncClient() as client:
        page = (await client.get(f"{base}/articles/0/0.html")).content
    await asyncio.gather(*(extractor.extract(page, f"{base}/warm") for _ in range(workers * 4)))


async def farm_get(base: str, path: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{base}{path}")
    return dict(answer.json())


async def best_of(
    runs: int, measure: Callable[[], Awaitable[tuple[float, Any]]]
) -> tuple[float, list[Any]]:
    results = [await measure() for _ in range(runs)]
    return min(seconds for seconds, _ in results), [extra for _, extra in results]


# -- 1. new articles -------------------------------------------------------------------------


async def measure_new_articles(
    pipeline: Pipeline, extractor: Extractor, args: argparse.Namespace, base: str
) -> int:
    """Emit the new-article figures; returns the peak RSS (KiB) of the first poll."""
    sources = farm_sources(base, args.feeds)
    before = cpu_now(extractor)
    seconds, outcomes = await poll_all(pipeline, sources, "first")
    cpu = cpu_since(extractor, before)
    first_peak = status_kib("VmHWM")
    counts = summarise(outcomes)
    print(f"# first poll: {seconds:.1f} s, {counts}, cpu {cpu}", flush=True)
    urls = sample_urls(base, args.feeds, args.items, args.extract_sample)
    tries = [await asyncio.to_thread(time_in_processes, urls, 1) for _ in range(2)]
    shared = await asyncio.to_thread(time_in_processes, urls, args.workers)
    emit_new_articles(args, seconds, cpu, counts, tries, shared)
    return first_peak


def emit_new_articles(
    args: argparse.Namespace,
    seconds: float,
    cpu: dict[str, Any],
    counts: dict[str, int],
    tries: list[Bare],
    shared: Bare,
) -> None:
    """The judged CPU figure, the same against parallel bare processes, and the wall clock."""
    bare = min(tries, key=lambda b: b.cpu_seconds)  # the faster baseline: the harder test
    n, used = counts["extracted"], cpu["main"] + cpu["workers"]
    common = {
        "page_size": args.page_size,
        "page_kib": round(bare.page_bytes / bare.pages / 1024, 1),
        "workers": args.workers,
        "cores": os.cpu_count(),
        "baseline_pages": bare.pages,
        "baseline_texts": bare.texts,
        **counts,
    }
    emit("ingest.new_articles_per_cpu_second", n / used, "articles/CPU-s",
         bare.pages / bare.cpu_seconds, goal=0.8, judged_on="cpu",
         cpu_main_s=round(cpu["main"], 2), cpu_workers_s=round(cpu["workers"], 2),
         cpu_ms_per_article=round(used / n * 1000, 2),
         cpu_main_ms_per_article=round(cpu["main"] / n * 1000, 2),
         baseline_cpu_ms_per_page=round(bare.cpu_seconds / bare.pages * 1000, 2),
         baseline_tries_cpu_ms=[round(b.cpu_seconds / b.pages * 1000, 2) for b in tries],
         same_workers=cpu["same_workers"], **common)  # fmt: skip
    emit("ingest.new_articles_per_cpu_second_vs_parallel_bare", n / used, "articles/CPU-s",
         shared.pages / shared.cpu_seconds, baseline_processes=args.workers,
         baseline_cpu_ms_per_page=round(shared.cpu_seconds / shared.pages * 1000, 2),
         **common)  # fmt: skip
    emit("ingest.new_articles_per_core_wall", n / seconds / args.workers, "articles/s/core",
         bare.pages / bare.seconds, seconds=round(seconds, 2), **common)  # fmt: skip


# -- 2. unchanged cycles ---------------------------------------------------------------------


async def cycles_ours(pipeline: Pipeline, sources: list[Source], cycles: int, base: str) -> Any:
    """Best-of unchanged cycles, CPU per poll, and what the farm saw."""
    before = await farm_get(base, "/_stats")
    cpu = time.process_time()
    seconds, runs = await best_of(cycles, lambda: poll_all(pipeline, sources, "cycle"))
    cpu = time.process_time() - cpu
    after = await farm_get(base, "/_stats")
    return {
        "seconds": seconds,
        "cpu_ms_per_poll": round(cpu / (cycles * len(sources)) * 1000, 3),
        "farm_304": after.get("304", 0) - before.get("304", 0),
        "farm_connections": after.get("connections", 0) - before.get("connections", 0),
        "counts": summarise([o for run in runs for o in run]),
    }


async def cycle_baselines(
    pipeline: Pipeline, sources: list[Source], args: argparse.Namespace
) -> dict[str, Any]:
    """The limit (raw httpx, best of; also on our pool, for reference) and the feedparser loop
    (a sample, scaled to all)."""
    urls = [s.url for s in sources]
    etags = {s.url: pipeline.states[s.id].etag for s in sources}
    modified = {s.url: pipeline.states[s.id].last_modified for s in sources}
    limit, raw_304 = await best_of(args.cycles, lambda: raw_conditional_gets(urls, etags, modified))
    limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=None)

    async def own_pool() -> tuple[float, int]:
        return await raw_conditional_gets(urls, etags, modified, PoolTransport(limits))

    pooled, _ = await best_of(args.cycles, own_pool)
    sample = urls[:: max(1, len(urls) // args.loop_sample)][: args.loop_sample]
    loop_seconds, entries = await asyncio.to_thread(feedparser_loop, sample)
    return {
        "limit_seconds": limit,
        "raw_304": raw_304,
        "raw_own_pool_seconds": pooled,
        "loop_scaled": loop_seconds * len(urls) / len(sample),
        "loop_sample": len(sample),
        "loop_entries": entries,
    }


async def cycles_at(
    pipeline: Pipeline, args: argparse.Namespace, base: str, latency: float
) -> dict[str, Any]:
    await farm_get(base, f"/_latency?seconds={latency}")
    sources = farm_sources(base, args.feeds)
    ours = await cycles_ours(pipeline, sources, args.cycles, base)
    return {**ours, **(await cycle_baselines(pipeline, sources, args)), "latency": latency}


def emit_cycle(run: dict[str, Any], args: argparse.Namespace, judged: str) -> None:
    """The cycle against the loop and against raw httpx; ``judged`` names the comparison
    whose goal this latency decides (the other is reported with the latency in its name)."""
    n, seconds, ms = args.feeds, run["seconds"], round(run["latency"] * 1000)
    common = {
        "latency_ms": ms,
        "feeds": n,
        "cycles": args.cycles,
        "best_seconds": round(seconds, 3),
        "cpu_ms_per_poll": run["cpu_ms_per_poll"],
        **run["counts"],
    }

    def named(figure: str, goal: float) -> tuple[str, dict[str, float]]:
        if figure == judged:
            return f"ingest.unchanged_cycle_vs_{figure}", {"goal": goal}
        return f"ingest.unchanged_cycle_vs_{figure}_{ms}ms", {}

    name, goal = named("feedparser_loop", 20)
    emit(
        name,
        n / seconds,
        "feeds/s",
        n / run["loop_scaled"],
        **goal,
        loop_sample=run["loop_sample"],
        loop_entries=run["loop_entries"],
        loop_seconds_scaled=round(run["loop_scaled"], 2),
        **common,
    )
    name, goal = named("raw_httpx", 0.6)
    emit(
        name,
        n / seconds,
        "feeds/s",
        n / run["limit_seconds"],
        **goal,
        farm_304=run["farm_304"],
        farm_connections=run["farm_connections"],
        raw_304=run["raw_304"],
        raw_best_seconds=round(run["limit_seconds"], 3),
        raw_on_own_pool_feeds_s=round(n / run["raw_own_pool_seconds"], 1),
        **common,
    )


async def measure_unchanged(
    pipeline: Pipeline, args: argparse.Namespace, base: str, first_peak: int
) -> None:
    rss_before = status_kib("VmRSS")
    reset = reset_peak_rss()
    bare = await cycles_at(pipeline, args, base, 0.0)
    delayed = await cycles_at(pipeline, args, base, args.latency) if args.latency > 0 else None
    peak = status_kib("VmHWM")  # over both sets of cycles
    emit_cycle(bare, args, "raw_httpx")
    if delayed is not None:
        emit_cycle(delayed, args, "feedparser_loop")
    emit(
        "ingest.peak_rss",
        max(peak, first_peak) * 1024 / 1e6,
        "MB",
        300,
        goal="<= 300 MB",
        first_poll_peak_mb=round(first_peak * 1024 / 1e6, 1),
        cycles_peak_mb=round(peak * 1024 / 1e6, 1),
        rss_before_cycles_mb=round(rss_before * 1024 / 1e6, 1),
        peak_mib=round(max(peak, first_peak) / 1024, 1),
        hwm_reset=reset,
    )


async def run(args: argparse.Namespace, base: str, tmp: Path) -> None:
    log = SqlEventLog(f"sqlite:///{tmp / 'events.db'}")
    judge = RulesetJudge(load_ruleset())
    async with (
        Extractor(workers=args.workers, timeout=300.0, judge=judge) as extractor,
        Fetcher(fetcher_config()) as fetcher,
    ):
        await warm_up(extractor, base, args.workers)
        pipeline = Pipeline(log, fetcher, extractor, utc_now, judge, rng=random.Random(7))
        print(f"# rss at start {status_kib('VmRSS') / 1024:.1f} MiB", flush=True)
        first_peak = await measure_new_articles(pipeline, extractor, args, base)
        await measure_unchanged(pipeline, args, base, first_peak)
    log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="extractor processes")
    parser.add_argument("--cycles", type=int, default=3, help="unchanged cycles (best of)")
    parser.add_argument("--loop-sample", type=int, default=100, help="feeds in the loop sample")
    parser.add_argument("--extract-sample", type=int, default=2000, help="pages, bare baseline")
    parser.add_argument("--page-size", choices=PAGE_SIZES, default="realistic")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.05,
        help="emulated round trip per answer for the second set of cycles, seconds (0: none)",
    )
    args = parser.parse_args()
    print(f"# python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    print(f"# pages {args.page_size}; cycles at 0 and {args.latency * 1000:.0f} ms", flush=True)
    with (
        running_farm(args.feeds, args.items, 0.0, args.page_size) as base,
        tempfile.TemporaryDirectory() as tmp,
    ):
        asyncio.run(run(args, base, Path(tmp)))


if __name__ == "__main__":
    main()
