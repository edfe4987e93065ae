"""Judging an article against extracting it, per article, on the feed farm's realistic pages.

    python -m bench.bench_judging [--pages 60] [--repeats 5]

The pages are those :mod:`bench.bench_ingest` fetches: the farm's realistic pages
(:mod:`bench.farm`, seed articles in 60-200 KB of news-site chrome), built here without a
server, a fixed sample of the farm of 1,000 feeds of 20 items (the sample
:func:`bench.ingest_baselines.sample_urls` draws).  Each page is handled as an extraction
worker handles it (:func:`monitor.extract.extractor._call`): ``extract_article`` on its bytes
with the farm's charset, then the pipeline's judge (:class:`RulesetJudge` over the shipped
ruleset, its JSON included) on the extracted text, with the feed item's title unless the text
starts with it.  Times are CPU time (``time.process_time``), the best of ``repeats`` per page
for each step.

Five orders, all in one run:

- ``pipeline``: each page extracted, then judged at once, as the worker does (the judge runs
  with the caches extraction left it: this is what judging costs in the daemon).  The bar,
  judging at most 10 % of extraction, is held to this order;
- ``apart``: every page extracted, then every text judged, each in its own loop (judging
  with warm caches; shown beside it);
- ``beside``: every text judged in this process while a second process extracts the same
  pages over and over (judging in a process of its own beside an extraction worker, on
  another core; shown against the pipeline's extraction, as a design the bar could ask of);
- ``beside_paced``: the same, but a text judged every ``PACE`` seconds, as texts reach a
  judging process one at a time when it is not saturated: between two texts the process
  sleeps, and an idle core keeps little of its caches;
- ``flushed``: every text judged as in ``apart``, but with ``FLUSH`` bytes written over
  (untimed) before each judgement: the caches alone made cold, with no extraction before it
  and nothing else changed (whether the pipeline's extra cost is the caches).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bench.farm import Farm
from bench.ingest_baselines import sample_urls
from monitor.extract.extractor import extract_article
from monitor.extract.model import Extracted
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge, judged_title

FEEDS, ITEMS = 1000, 20  # bench_ingest's farm
BASE = "http://127.0.0.1:8000"
CHARSET = "utf-8"  # the farm's Content-Type charset, which the pipeline passes on
PAGES = 60
REPEATS = 5
PACE = 0.005
"""Seconds between two texts in the ``beside_paced`` order (two extraction workers of 10 ms a
page hand on a text about every 5 ms)."""
FLUSH = 48 << 20
"""Bytes written over before each judgement in the ``flushed`` order: more than the machine's
last-level cache (32 MiB on the benchmark's host; docs/benchmarks.md)."""
TARGET_SHARE = 0.10
"""The bar: judging an article costs at most this share of extracting it."""


@dataclass(frozen=True)
class Page:
    url: str
    html: bytes
    title: str


@dataclass(frozen=True)
class Costs:
    """Best CPU seconds per page: extraction and judging, in page order."""

    extract: list[float]
    judge: list[float]

    def share(self) -> float:
        return sum(self.judge) / sum(self.extract)

    def page_shares(self) -> list[float]:
        return sorted(j / e for j, e in zip(self.judge, self.extract, strict=True))


def farm_pages(count: int = PAGES) -> list[Page]:
    """``count`` realistic farm pages, with the titles their feeds give them."""
    farm = Farm(FEEDS, ITEMS, BASE, page_size="realistic")
    pages = []
    for url in sample_urls(BASE, FEEDS, ITEMS, count):
        feed, item = (int(part) for part in url.removesuffix(".html").split("/")[-2:])
        pages.append(Page(url, farm.page(feed, item).encode(), farm.title(feed, item)))
    return pages


def extract(page: Page) -> Extracted:
    return extract_article(page.html, url=page.url, http_charset=CHARSET)


def judging(judge: RulesetJudge, page: Page, extracted: Extracted) -> Callable[[], object]:
    """The worker's judging call for one page (:func:`monitor.extract.extractor._call`)."""
    text = extracted.text
    return lambda: judge(text, judged_title(page.title, text))


def pipeline_order(pages: list[Page], judge: RulesetJudge, repeats: int) -> Costs:
    """Each page extracted and then judged, page after page, as a worker does."""
    clock = time.process_time
    extract_best, judge_best = [float("inf")] * len(pages), [float("inf")] * len(pages)
    for _ in range(repeats):
        for n, page in enumerate(pages):
            began = clock()
            extracted = extract(page)
            extracted_at = clock()
            judge(extracted.text, judged_title(page.title, extracted.text))
            judged_at = clock()
            extract_best[n] = min(extract_best[n], extracted_at - began)
            judge_best[n] = min(judge_best[n], judged_at - extracted_at)
    return Costs(extract_best, judge_best)


def apart(pages: list[Page], judge: RulesetJudge, repeats: int) -> Costs:
    """Every page extracted in one loop, every text judged in another."""
    extractions: list[Callable[[], object]] = [partial(extract, page) for page in pages]
    texts = [extract(page) for page in pages]
    judgements = [judging(judge, page, text) for page, text in zip(pages, texts, strict=True)]
    return Costs(best_each(extractions, repeats), best_each(judgements, repeats))


def _extract_until(stop: Any, started: Any, count: int) -> None:
    """Extract ``count`` farm pages over and over until ``stop`` is set (the process beside)."""
    pages = farm_pages(count)
    started.set()
    while not stop.is_set():
        for page in pages:
            extract(page)


def beside(pages: list[Page], judge: RulesetJudge, repeats: int, pace: float = 0.0) -> list[float]:
    """Best CPU seconds judging each page's text while another process extracts pages, with
    ``pace`` seconds of sleep before each text."""
    texts = [extract(page) for page in pages]
    judgements = [judging(judge, page, text) for page, text in zip(pages, texts, strict=True)]
    context = multiprocessing.get_context("spawn")
    stop, started = context.Event(), context.Event()
    worker = context.Process(target=_extract_until, args=(stop, started, len(pages)))
    worker.start()
    try:
        started.wait(timeout=120)
        time.sleep(1.0)  # the worker past its first pages
        return best_each(judgements, repeats, pace)
    finally:
        stop.set()
        worker.join(timeout=60)


def flushed(pages: list[Page], judge: RulesetJudge, repeats: int) -> list[float]:
    """Best CPU seconds judging each page's text right after ``FLUSH`` bytes are written."""
    texts = [extract(page) for page in pages]
    judgements = [judging(judge, page, text) for page, text in zip(pages, texts, strict=True)]
    scratch = bytearray(FLUSH)
    zeros = bytes(FLUSH // 64)  # a byte for every 64-byte cache line

    def flush() -> None:
        scratch[::64] = zeros

    return best_each(judgements, repeats, before=flush)


def best_each(
    calls: list[Callable[[], object]],
    repeats: int,
    pace: float = 0.0,
    before: Callable[[], object] | None = None,
) -> list[float]:
    """Best CPU seconds of each call over ``repeats`` loops over all of them (``pace``
    seconds of sleep, and ``before`` called untimed, before each call)."""
    clock = time.process_time
    best = [float("inf")] * len(calls)
    for _ in range(repeats):
        for n, call in enumerate(calls):
            if pace:
                time.sleep(pace)
            if before is not None:
                before()
            began = clock()
            call()
            best[n] = min(best[n], clock() - began)
    return best


def lines(order: str, costs: Costs, *, barred: bool) -> list[dict[str, Any]]:
    """Extraction and judging per article (ms), and judging's share (against the bar if
    ``barred``; the median and the largest share of one page beside it)."""
    count = len(costs.extract)
    extract_ms = sum(costs.extract) / count * 1000
    judge_ms = sum(costs.judge) / count * 1000
    shares, share = costs.page_shares(), costs.share()
    bar = {"bar": f"<= {TARGET_SHARE}", "holds": share <= TARGET_SHARE} if barred else {}
    return [
        _line(f"extract_per_article_{order}", extract_ms, "ms", extract_ms),
        _line(f"judge_per_article_{order}", judge_ms, "ms", extract_ms),
        {
            **_line(f"judge_share_of_extract_{order}", share, "x", TARGET_SHARE),
            **bar,
            "pages": count,
            "page_share_median": round(shares[count // 2], 4),
            "page_share_max": round(shares[-1], 4),
        },
    ]


def _line(name: str, value: float, unit: str, baseline: float) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": round(baseline, 4),
        "ratio": round(value / baseline, 4),
    }


def run(pages: int = PAGES, repeats: int = REPEATS) -> list[dict[str, Any]]:
    """The five orders over the same pages (warmed up first: imports, caches, folding)."""
    sample = farm_pages(pages)
    judge = RulesetJudge(load_ruleset())
    for page in sample[:5]:
        judging(judge, page, extract(page))()
    pipeline = pipeline_order(sample, judge, repeats)
    paced = beside(sample, judge, repeats, PACE)
    return [
        *lines("pipeline", pipeline, barred=True),
        *lines("apart", apart(sample, judge, repeats), barred=False),
        *lines("beside", Costs(pipeline.extract, beside(sample, judge, repeats)), barred=False),
        *lines("beside_paced", Costs(pipeline.extract, paced), barred=False),
        *lines("flushed", Costs(pipeline.extract, flushed(sample, judge, repeats)), barred=False),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=PAGES)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    for row in run(args.pages, args.repeats):
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
