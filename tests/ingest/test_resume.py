"""Work resumes from the log after any stop: ``once`` killed with SIGKILL between discovery
and extraction, ``run`` stopped with SIGTERM in the middle of ingest, and a second daemon on
the same SQLite file refused.  Real processes, a real SQLite file, pages served slowly by a
loopback server so that the stop lands where it must."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from store.audit import verify_log
from store.sql import SqlEventLog
from tests.support.daemons import events, start, wait_for
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import PAGES, rss
from tests.support.receivers import free_port

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 30


def serve_feed(server: HTTPTestServer, tmp: Path, *, delay: float, count: int = ITEMS) -> Path:
    """One feed of ``count`` slow article pages; returns the sources.yaml naming it."""
    pages = sorted(PAGES.glob("*.html"))
    items = []
    for k in range(count):
        body = pages[k % len(pages)].read_bytes().replace(b"</h1>", f" ({k})</h1>".encode(), 1)
        server.add(f"/a/{k}.html", body, headers={"Content-Type": "text/html"}, delay=delay)
        items.append((f"item-{k}", server.url(f"/a/{k}.html"), f"Story {k}"))
    server.add("/feed.xml", rss(items))
    sources = tmp / "sources.yaml"
    sources.write_text(
        f"version: 1\nsources:\n  - {{id: wire, name: Wire, url: '{server.url('/feed.xml')}'}}\n",
        encoding="utf-8",
    )
    return sources


def daemon_env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp / "events.db"),
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",
        "MONITOR_SIGNING_KEY": str(tmp / "keys" / "checkpoint.key"),
        "MONITOR_CHECKPOINT_DIR": str(tmp / "checkpoints"),
        "PYTHONPATH": str(ROOT),
    }


def counts(tmp: Path) -> Counter[str]:
    if not (tmp / "events.db").exists():
        return Counter()
    return Counter(t for _, t, _ in events(sqlite_url_for(tmp / "events.db")))


def assert_every_item_finished(tmp: Path) -> None:
    """Each discovered item has exactly one terminal extraction and a judgement."""
    log = SqlEventLog(sqlite_url_for(tmp / "events.db"))
    try:
        streams: dict[str, list[str]] = {}
        for event in log.iter_all():
            if event.stream_id.startswith("article-"):
                streams.setdefault(event.stream_id, []).append(event.type)
        assert len(streams) == ITEMS
        for stream, types in streams.items():
            assert types.count("item.discovered") == 1, (stream, types)
            done = types.count("article.extracted") + types.count("article.extraction_failed")
            assert done == 1, (stream, types)
            assert "article.matched" in types, (stream, types)
        assert verify_log(log).count == log.head().position
    finally:
        log.close()


@pytest.mark.slow
def test_once_killed_after_discovery_is_finished_by_the_next_once(
    http_server: HTTPTestServer, tmp_path: Path
) -> None:
    sources = serve_feed(http_server, tmp_path, delay=1.5)
    env = daemon_env(tmp_path)
    with (tmp_path / "first.log").open("wb") as out:
        first = start("once", sources, env, out)
        try:
            wait_for(lambda: counts(tmp_path)["source.polled"] == 1, 60, "discovery")
            assert counts(tmp_path)["item.discovered"] == ITEMS
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()
    seen = counts(tmp_path)
    assert seen["item.discovered"] == ITEMS
    assert seen["article.extracted"] < ITEMS, "the kill must land before the extractions"
    with (tmp_path / "second.log").open("wb") as out:
        second = start("once", sources, env, out)
        code = second.wait(timeout=240)
    output = (tmp_path / "second.log").read_text(errors="replace")
    assert code == 0, output[-3000:]
    assert "resumed from the log" in output, output[-3000:]
    assert "not modified" in output, "the feed itself brought nothing new"
    assert_every_item_finished(tmp_path)


@pytest.mark.slow
def test_run_stopped_with_sigterm_mid_ingest_resumes_at_the_next_start(
    http_server: HTTPTestServer, tmp_path: Path
) -> None:
    sources = serve_feed(http_server, tmp_path, delay=1.0)
    env = {**daemon_env(tmp_path), "MONITOR_DRAIN_SECONDS": "2"}
    with (tmp_path / "first.log").open("wb") as out:
        first = start("run", sources, env, out)
        try:
            wait_for(lambda: counts(tmp_path)["article.extracted"] >= 3, 90, "some extractions")
            first.send_signal(signal.SIGTERM)
            code = first.wait(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()
    log_text = (tmp_path / "first.log").read_text(errors="replace")
    assert code == 0, log_text[-3000:]
    assert counts(tmp_path)["article.extracted"] < ITEMS, "the stop must cut ingest short"
    with (tmp_path / "second.log").open("wb") as out:
        second = start("run", sources, env, out)
        try:
            wait_for(
                lambda: counts(tmp_path)["article.matched"] >= ITEMS, 180, "every item finished"
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    assert_every_item_finished(tmp_path)


@pytest.mark.slow
def test_a_second_run_on_one_sqlite_file_is_refused(
    http_server: HTTPTestServer, tmp_path: Path
) -> None:
    sources = serve_feed(http_server, tmp_path, delay=0.0, count=5)
    env = daemon_env(tmp_path)
    with (tmp_path / "first.log").open("wb") as out:
        first = start("run", sources, env, out)
        try:
            wait_for(lambda: counts(tmp_path)["article.matched"] >= 5, 180, "first ingest")
            other_env = {**env, "MONITOR_LISTEN": f"127.0.0.1:{free_port()}"}
            second = subprocess.run(
                [sys.executable, "-m", "monitor", "run", "--sources", str(sources)],
                cwd=tmp_path, env=other_env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert first.poll() is None, "the first daemon keeps running"
        finally:
            first.send_signal(signal.SIGTERM)
            first.wait(timeout=30)
    assert second.returncode == 3, second.stderr[-2000:]
    assert str(tmp_path / "events.db") in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert "asean-monitor run" in second.stderr
    seen = counts(tmp_path)
    assert seen["item.discovered"] == 5
    assert seen["article.matched"] == 5, "nothing doubled"
