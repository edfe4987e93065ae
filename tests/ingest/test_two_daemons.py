"""Two daemons on one PostgreSQL share the work and double nothing, and when one is killed
with SIGKILL the other takes its sources, articles and roles over.

Real processes (``asean-monitor run`` twice), a real PostgreSQL, feeds and pages on a
loopback server, a webhook receiver that verifies signatures and counts idempotency keys."""

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
from tests.support.daemons import caught_up, events, start, wait_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import PAGES, rss
from tests.support.receivers import (
    WEBHOOK_SECRET,
    WebhookReceiver,
    free_port,
    webhook_receiver_fixture,
)

ROOT = Path(__file__).resolve().parents[2]
FEEDS, ITEMS = 6, 8

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
__all__ = ["webhook_receiver_fixture"]


def serve(server: HTTPTestServer, tmp: Path) -> Path:
    pages = sorted(PAGES.glob("*.html"))
    lines = ["version: 1", "sources:"]
    for n in range(FEEDS):
        items = []
        for k in range(ITEMS):
            body = pages[(n + k) % len(pages)].read_bytes()
            body = body.replace(b"</h1>", f" ({n}-{k})</h1>".encode(), 1)
            path = f"/s{n}/{k}.html"
            server.add(path, body, headers={"Content-Type": "text/html"}, delay=0.4)
            items.append((f"{n}-{k}", server.url(path), f"Story {n}-{k}"))
        server.add(f"/feed{n}.xml", rss(items))
        lines.append(f"  - {{id: s{n}, name: S{n}, url: '{server.url(f'/feed{n}.xml')}'}}")
    sources = tmp / "sources.yaml"
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sources


def env_for(url: str, tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        "MONITOR_LEASE_SECONDS": "4",
        "MONITOR_DISPATCH_INTERVAL": "1",
        "MONITOR_CHECKPOINT_INTERVAL": "2",
        "MONITOR_SIGNING_KEY": str(tmp / "keys" / "checkpoint.key"),
        "MONITOR_CHECKPOINT_DIR": str(tmp / "checkpoints"),
        "PYTHONPATH": str(ROOT),
    }


def start_run(sources: Path, env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    out = (sources.parent / f"{name}.log").open("wb")
    return start("run", sources, {**env, "MONITOR_LISTEN": f"127.0.0.1:{free_port()}"}, out)


def test_two_daemons_share_the_work_and_survive_a_sigkill(
    http_server: HTTPTestServer,
    webhook_receiver: WebhookReceiver,
    postgres_url: str,
    tmp_path: Path,
) -> None:
    sources = serve(http_server, tmp_path)
    env = env_for(postgres_url, tmp_path)
    subscribe = [sys.executable, "-m", "monitor", "subscribe", "--name", "all",
                 "--webhook", webhook_receiver.url(), "--secret", WEBHOOK_SECRET]  # fmt: skip
    made = subprocess.run(subscribe, env=env, cwd=tmp_path, capture_output=True, timeout=60)
    assert made.returncode == 0, made.stderr
    first, second = start_run(sources, env, "first"), start_run(sources, env, "second")
    try:
        wait_for(lambda: Counter(t for _, t, _ in events(postgres_url))["article.extracted"] >= 4,
                 90, "the first extractions")  # fmt: skip
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        wanted = FEEDS * ITEMS

        def finished() -> bool:
            if Counter(t for _, t, _ in events(postgres_url))["article.matched"] < wanted:
                return False
            # the router lags the judgements: its last alerts may not be raised yet
            if not caught_up(postgres_url, "router", "article.matched"):
                return False
            seen = Counter(t for _, t, _ in events(postgres_url))
            return seen["alert.raised"] == seen["alert.delivered"] > 0

        wait_for(finished, 150, "every item judged and every alert delivered")
        wait_for(lambda: any((tmp_path / "checkpoints").glob("*.json")), 30, "a checkpoint")
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = [p.wait(timeout=30) for p in (first, second)]
    assert codes[1] == 0, (tmp_path / "second.log").read_text()[-3000:]
    logged = (tmp_path / "second.log").read_text()
    assert '"role.acquired"' in logged, "the survivor holds the singleton roles"
    seen = events(postgres_url)
    by_stream: dict[str, list[str]] = {}
    for stream, type_name, _ in seen:
        by_stream.setdefault(stream, []).append(type_name)
    articles = {s: t for s, t in by_stream.items() if s.startswith("article-")}
    assert len(articles) == FEEDS * ITEMS
    for stream, types in articles.items():
        assert types.count("item.discovered") == 1, (stream, types)
        finished_ = types.count("article.extracted") + types.count("article.extraction_failed")
        assert finished_ == 1, (stream, types)
    polls = Counter(s for s, t, _ in seen if t in ("source.polled", "source.poll_failed"))
    assert all(n == 1 for n in polls.values()), f"a source polled twice in its interval: {polls}"
    assert len(polls) == FEEDS
    delivered = Counter(str(d["alert_id"]) for _, t, d in seen if t == "alert.delivered")
    raised = {str(d["alert_id"]) for _, t, d in seen if t == "alert.raised"}
    assert set(delivered) == raised
    assert all(n == 1 for n in delivered.values()), "an alert recorded as delivered twice"
    assert set(webhook_receiver.stored) == {f"alert-{a}" for a in raised}
    log = SqlEventLog(postgres_url)
    try:
        assert verify_log(log).count == log.head().position
    finally:
        log.close()
