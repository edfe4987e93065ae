"""The Atom feed of a subscription parses cleanly; the SSE stream carries a new alert within
one second of its match event."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import pytest

from alerts.subscriptions import created_event, validate_spec
from monitor.events import ArticleExtracted, ArticleMatched, ItemDiscovered, subscription_stream
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge
from monitor.readmodels.registry import all_projections, processors
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.server import make_server
from monitor.service.tokens import created, token_stream
from monitor.settings import load_settings
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.receivers import free_port

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def subscribe(log: SqlEventLog, kind: str) -> str:
    sid = f"{kind}-sub"
    spec = validate_spec({"name": f"{kind} <ASEAN–US & Hội nghị>", "target": {"type": kind}})
    log.append(subscription_stream(sid), [created_event(sid, spec, datetime.now(UTC))])
    return sid


def judged_article(log: SqlEventLog, n: int, seed: str) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    now = datetime.now(UTC)
    judge = RulesetJudge(load_ruleset())
    url = f"https://news.example/{n}"
    log.append(
        f"article-{n}",
        [
            ItemDiscovered(
                occurred_at=now,
                source_id="wire",
                url=url,
                canonical_url=url,
                guid=str(n),
                title=f"<script>alert({n})</script> Story {n} — Hà Nội & 东盟",
            ),
            ArticleExtracted(
                occurred_at=now,
                url=url,
                final_url=url,
                canonical_url=url,
                title=None,
                text=text,
                text_sha256="0",
                fingerprint="0",
                html_sha256="0",
                duration_ms=5,
            ),
            ArticleMatched(occurred_at=now, **judge(text, None)),
        ],
    )


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[SqlEventLog, str, str]]:
    url = sqlite_url_for(tmp_path / "events.db")
    log = SqlEventLog(url)
    runner = ProjectionRunner(
        log, [*all_projections(), *processors(log, lambda: datetime.now(UTC))]
    )
    runner.prepare()
    token_id, token, event = created("tests", "read", datetime.now(UTC))
    log.append(token_stream(token_id), [event])
    runner.catch_up_all()
    port = free_port()
    context = ServiceContext(load_settings({"MONITOR_DATABASE_URL": url}), log, runner)
    server = make_server(create_app(context), "127.0.0.1", port)
    stop = threading.Event()
    follower = threading.Thread(target=runner.follow, args=(stop, 0.2), daemon=True)
    serving = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    follower.start()
    serving.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield log, f"http://127.0.0.1:{port}", token
    server.should_exit = True
    stop.set()
    serving.join(timeout=10)
    follower.join(timeout=10)
    log.close()


def test_the_atom_feed_parses_without_bozo(service: tuple[SqlEventLog, str, str]) -> None:
    log, base, token = service
    sid = subscribe(log, "atom")
    time.sleep(0.3)
    for n, seed in enumerate(["003_6026261d9c1d940c.txt", "004_f7c1be859b819757.txt"]):
        judged_article(log, n, seed)
    deadline = time.monotonic() + 10
    feed = feedparser.parse(b"")
    while time.monotonic() < deadline:
        answer = httpx.get(f"{base}/api/subscriptions/{sid}/atom", params={"token": token})
        assert answer.status_code == 200
        feed = feedparser.parse(answer.content)
        if len(feed.entries) == 2:
            break
        time.sleep(0.1)
    assert feed.bozo is False
    assert len(feed.entries) == 2
    assert "<script>alert(1)</script> Story 1 — Hà Nội & 东盟" in [e.title for e in feed.entries]
    assert httpx.get(f"{base}/api/subscriptions/{sid}/atom").status_code == 401


def test_the_sse_stream_carries_an_alert_within_a_second(
    service: tuple[SqlEventLog, str, str],
) -> None:
    log, base, token = service
    subscribe(log, "sse")
    time.sleep(0.3)
    received: list[tuple[float, dict[str, object]]] = []
    connected = threading.Event()

    def listen() -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.stream("GET", f"{base}/api/stream", headers=headers, timeout=20) as answer:
            connected.set()
            for line in answer.iter_lines():
                if line.startswith("data: "):
                    received.append((time.monotonic(), json.loads(line[6:])))
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert connected.wait(10)
    time.sleep(0.3)
    matched_at = time.monotonic()
    judged_article(log, 7, "002_d01c55418f42a680.txt")
    listener.join(timeout=10)
    assert received, "no alert arrived on the stream"
    arrived, alert = received[0]
    assert alert["article_id"] == "article-7"
    assert alert["subscription_id"] == "sse-sub"
    assert arrived - matched_at < 1.0
