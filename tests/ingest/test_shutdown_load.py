"""SIGTERM under load: many sources polling, pages extracting, alerts dispatching; the daemon
exits 0 within 10 s and the log verifies afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.audit import verify_log
from store.sql import SqlEventLog
from tests.support.daemons import count, wait_until
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import PAGES, rss
from tests.support.receivers import free_port

pytestmark = pytest.mark.slow  # 40 sources polling in the daemon as a process, then SIGTERM

ROOT = Path(__file__).resolve().parents[2]
SOURCES = 40


def test_sigterm_under_load_exits_cleanly(http_server: HTTPTestServer, tmp_path: Path) -> None:
    pages = sorted(PAGES.glob("*.html"))
    lines = ["version: 1", "sources:"]
    for n in range(SOURCES):
        items = []
        for k, page in enumerate(pages):
            path = f"/s{n}/a{k}.html"
            body = page.read_bytes().replace(b"</h1>", f" ({n}-{k})</h1>".encode(), 1)
            http_server.add(path, body, headers={"Content-Type": "text/html"}, delay=0.2)
            items.append((f"{n}-{k}", http_server.url(path), f"story {n}-{k}"))
        http_server.add(f"/feed{n}.xml", rss(items), delay=0.1)
        lines.append(f"  - {{id: s{n}, name: S{n}, url: '{http_server.url(f'/feed{n}.xml')}'}}")
    (tmp_path / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = sqlite_url_for(tmp_path / "events.db")
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        "PYTHONPATH": str(ROOT),
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--sources", str(tmp_path / "sources.yaml")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until(
            lambda: (tmp_path / "events.db").exists() and count(url, "article.extracted") >= 5, 60
        )
        busy = count(url, "item.discovered") - count(url, "article.matched")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
    _, err = process.communicate()
    assert busy > 0, "the daemon was still working when it was told to stop"
    assert code == 0, err.decode()[-3000:]
    assert took < 10, f"took {took:.1f}s to stop"
    log = SqlEventLog(url)
    report = verify_log(log)
    assert report.count == log.head().position > 0
    log.close()
