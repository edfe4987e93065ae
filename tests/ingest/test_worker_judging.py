"""Judging in the extraction workers: the worker's judgement is the one the main process would
have made, the event records the hash of the ruleset that judged, and a worker with other
rules (or none) does not decide what the pipeline records."""

from __future__ import annotations

import pickle
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Source, SourceKind
from monitor.extract.extractor import Extractor, extract_article
from monitor.fetch import Fetcher
from monitor.ingest.polling import Pipeline
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge, judged_title
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import Clock, fetcher_config, loopback, page, rss

pytestmark = pytest.mark.anyio

SEED_US = "003_6026261d9c1d940c.html"
TITLE = "Prime Minister at the ASEAN-Japan Summit"
OTHER_RULES = {"disable": ["asean-us"]}  # the seed is about ASEAN-US: a different verdict


def judge_here(judge: RulesetJudge) -> dict[str, Any]:
    """What the main process makes of the seed page with the feed's title."""
    text = extract_article(page(SEED_US), url="http://x/a/us.html").text
    return judge(text, judged_title(TITLE, text))


async def poll_once(
    server: HTTPTestServer, tmp: Path, extractor: Extractor, judge: RulesetJudge
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Poll a one-item feed; the article.matched events as (data, metadata)."""
    server.add("/a/us.html", page(SEED_US), headers={"Content-Type": "text/html"})
    server.add("/feed.xml", rss([("us", server.url("/a/us.html"), TITLE)]))
    log = SqlEventLog(sqlite_url_for(tmp / "events.db"))
    try:
        async with Fetcher(fetcher_config(), resolver=loopback) as fetcher:
            pipeline = Pipeline(log, fetcher, extractor, Clock(), judge, rng=random.Random(7))
            source = Source(
                id="wire",
                name="Wire",
                kind=SourceKind.FEED,
                url=server.url("/feed.xml"),
                interval=timedelta(minutes=30),
                language="en",
            )
            outcome = await pipeline.poll(source, "corr")
            assert outcome.extracted == 1
        return [
            (e.data_dict(), e.metadata_dict())
            for e in log.iter_all()
            if e.type == "article.matched"
        ]
    finally:
        log.close()


async def test_the_worker_judges_as_the_main_process_would(extractor: Extractor) -> None:
    judge = RulesetJudge(load_ruleset())
    result = await extractor.extract(page(SEED_US), "http://x/a/us.html", title=TITLE)
    assert result.ruleset == judge.ruleset_hash
    assert result.judgement == judge_here(judge)


async def test_the_event_records_the_workers_judgement_and_its_ruleset(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    judge = RulesetJudge(load_ruleset())
    ((data, metadata),) = await poll_once(http_server, tmp_path, extractor, judge)
    assert metadata["ruleset"] == judge.ruleset_hash
    expected = judge_here(judge)
    assert {k: data[k] for k in expected} == expected


async def test_a_worker_with_other_rules_does_not_judge_for_the_pipeline(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    other = RulesetJudge(load_ruleset(OTHER_RULES))
    expected = judge_here(other)
    assert other.ruleset_hash != load_ruleset().hash
    assert expected != judge_here(RulesetJudge(load_ruleset()))
    ((data, metadata),) = await poll_once(http_server, tmp_path, extractor, other)
    assert metadata["ruleset"] == other.ruleset_hash
    assert {k: data[k] for k in expected} == expected


async def test_without_a_judging_worker_the_pipeline_judges_itself(
    http_server: HTTPTestServer, tmp_path: Path
) -> None:
    judge = RulesetJudge(load_ruleset())
    async with Extractor(workers=1, timeout=60) as plain:
        result = await plain.extract(page(SEED_US), "http://x/a/us.html", title=TITLE)
        assert (result.judgement, result.ruleset) == (None, None)
        ((data, metadata),) = await poll_once(http_server, tmp_path, plain, judge)
    assert metadata["ruleset"] == judge.ruleset_hash
    expected = judge_here(judge)
    assert {k: data[k] for k in expected} == expected


def test_a_judge_travels_as_its_rules_and_compiles_to_the_same_verdicts() -> None:
    judge = RulesetJudge(load_ruleset(OTHER_RULES))
    travelled = pickle.loads(pickle.dumps(judge))
    text = extract_article(page(SEED_US), url="http://x/a/us.html").text
    assert travelled.ruleset_hash == judge.ruleset_hash
    assert travelled(text, TITLE) == judge(text, TITLE)
