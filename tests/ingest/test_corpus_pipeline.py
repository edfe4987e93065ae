"""All 400 feedparser corpus files through the real ingest pipeline over HTTP: every poll ends
in an event, none raises, and the pipeline keeps going (what the daemon does for each)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.extract.extractor import Extractor
from monitor.readmodels.sources import SOURCE_HEALTH
from tests.support.feed_corpus import CASES, CORPUS, served_headers
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import harness


@pytest.mark.slow  # 400 feeds through the pipeline
@pytest.mark.anyio
async def test_every_corpus_feed_goes_through_the_pipeline(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    for case in CASES:
        http_server.add(
            f"/corpus/{case.path}", (CORPUS / case.path).read_bytes(), headers=served_headers(case)
        )
    outcomes = Counter[str]()
    async with harness(http_server, tmp_path, extractor, total_timeout=5.0) as h:
        for n, case in enumerate(CASES):
            source = h.source(f"/corpus/{case.path}", source_id=f"corpus-{n}")
            outcome = await h.pipeline.poll(source, f"corpus-{n}")
            outcomes["ok" if outcome.ok else str(outcome.reason)] += 1
        h.runner.catch_up_all()
        events = Counter(e.type for e in h.log.iter_all())
        with h.log.reader.connect() as conn:
            sources = conn.execute(select(func.count()).select_from(SOURCE_HEALTH)).scalar()
    assert sum(outcomes.values()) == len(CASES) == 400
    assert events["source.polled"] + events["source.poll_failed"] == 400
    assert sources == 400
    assert outcomes["ok"] >= 395, outcomes
    assert set(outcomes) <= {"ok", "parse_failed"}, outcomes
    assert events["item.discovered"] == (
        events["article.extracted"] + events["article.extraction_failed"]
    )
    assert events["article.matched"] == events["item.discovered"]
