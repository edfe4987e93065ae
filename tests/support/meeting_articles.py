"""Judged articles written straight into a log, as the pipeline records them (``item.discovered``
then ``article.matched`` with the real matcher's judgement), for the meeting streams' tests;
and :func:`recorder_process`, a process that runs the meeting recorder as the daemon does."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from monitor.events import ArticleMatched, ItemDiscovered
from monitor.ingest.urls import article_stream_id
from monitor.matching import judge, judgement_to_json, load_ruleset
from store.log import NO_STREAM
from store.sql import SqlEventLog

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = datetime(2025, 10, 27, 8, 0, tzinfo=UTC)


def record_article(log: SqlEventLog, url: str, title: str | None, text: str) -> str:
    """Append a discovered and judged article; return its stream id."""
    stream = article_stream_id(url)
    verdict = judgement_to_json(judge(text, load_ruleset(), title=title), "")
    verdict.pop("path")
    discovered = ItemDiscovered(
        occurred_at=PUBLISHED,
        source_id="fixture",
        url=url,
        canonical_url=url,
        guid=url,
        title=title or "",
        published_at=PUBLISHED,
    )
    matched = ArticleMatched(occurred_at=PUBLISHED, **verdict)
    log.append(stream, [discovered, matched], expected_version=NO_STREAM)
    return stream


def recorder_process(url: str, *flags: str) -> subprocess.Popen[bytes]:
    """``python -m tests.support.meeting_recorder_process URL [--pause]``."""
    command = [sys.executable, "-m", "tests.support.meeting_recorder_process", url, *flags]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
