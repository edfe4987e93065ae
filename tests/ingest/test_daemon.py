"""The daemon as a user runs it: a real process, SIGTERM, and an offline start."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import Source, SourceKind, load_sources
from monitor.daemon import due_sources
from store.audit import verify_log
from store.sql import SqlEventLog
from tests.support.ci import IN_CI
from tests.support.daemons import count, wait_until
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss
from tests.support.receivers import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_due_sources_skips_busy_disabled_and_not_yet_due() -> None:
    now = datetime(2026, 5, 3, tzinfo=UTC)

    def make(i: str, on: bool = True) -> Source:
        return Source(
            id=i,
            name=i,
            url=f"https://x.example/{i}",
            kind=SourceKind.FEED,
            interval=timedelta(minutes=5),
            language="en",
            enabled=on,
        )

    sources = [make("new"), make("due"), make("later"), make("busy"), make("off", False)]
    checks = {"due": now, "later": now + timedelta(seconds=1), "busy": now}
    assert [s.id for s in due_sources(sources, checks, {"busy"}, now)] == ["new", "due"]


def start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "monitor", *args]
    return subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def stop(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=15)
    return code, time.monotonic() - started


@pytest.mark.slow  # the daemon as a process, offline until every source failed
def test_offline_the_daemon_records_every_failure_and_keeps_running(tmp_path: Path) -> None:
    """The README's run command, on the bundled sources.yaml, with no network at all."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        if IN_CI:
            pytest.fail("CI must run the offline daemon test (needs root and unshare)")
        pytest.skip("needs root and unshare for a network namespace")
    url = sqlite_url_for(tmp_path / "data" / "events.db")
    enabled = sum(1 for s in load_sources(ROOT / "sources.yaml").sources if s.enabled)
    env = {
        "MONITOR_DATABASE_URL": url,
        "MONITOR_SOURCES": str(ROOT / "sources.yaml"),
        "PYTHONPATH": str(ROOT),
    }
    command = ["unshare", "-n", sys.executable, "-m", "monitor", "run"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until(lambda: (tmp_path / "data" / "events.db").exists(), 30)
        wait_until(lambda: count(url, "source.poll_failed") >= enabled, 60)
        time.sleep(1.0)
        assert process.poll() is None, "the daemon stopped after the failures"
    finally:
        code, took = stop(process)
    _, err = process.communicate()
    assert code == 0, err.decode()[-2000:]
    assert took < 10
    assert b"daemon.stopped" in err
    log = SqlEventLog(url)
    failures = [e.data_dict() for e in log.iter_all() if e.type == "source.poll_failed"]
    assert {f["reason"] for f in failures} == {"transport"}
    assert len({f["source_id"] for f in failures}) == enabled
    assert verify_log(log).count == len(failures)
    log.close()


@pytest.mark.slow  # the daemon as a process, then SIGTERM
def test_sigterm_drains_polls_and_exits_zero(http_server: HTTPTestServer, tmp_path: Path) -> None:
    http_server.add(
        "/a/us.html",
        page("003_6026261d9c1d940c.html"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    http_server.add(
        "/feed.xml",
        rss([("1", http_server.url("/a/us.html"), "US")]),
        headers={"Content-Type": "application/rss+xml"},
    )
    http_server.add("/slow.xml", rss([]), delay=4.0)
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "version: 1\nsources:\n"
        f"  - {{id: wire, name: Wire, url: '{http_server.url('/feed.xml')}'}}\n"
        f"  - {{id: slow, name: Slow, url: '{http_server.url('/slow.xml')}'}}\n",
        encoding="utf-8",
    )
    url = sqlite_url_for(tmp_path / "events.db")
    env = {
        "MONITOR_DATABASE_URL": url,
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",  # not 8080: a daemon the user runs
        "PYTHONPATH": str(ROOT),
    }
    process = start(["run", "--sources", str(sources)], env, tmp_path)
    try:
        wait_until(lambda: (tmp_path / "events.db").exists() and count(url, "article.matched"), 60)
        wait_until(lambda: any(r.path == "/slow.xml" for r in http_server.requests), 10)
    finally:
        code, took = stop(process)
    assert code == 0
    assert took < 10
    log = SqlEventLog(url)
    polled = {e.data_dict()["source_id"] for e in log.iter_all() if e.type == "source.polled"}
    assert polled == {"wire", "slow"}, "the in-flight slow poll was finished, not dropped"
    assert verify_log(log).count > 0
    log.close()


@pytest.mark.slow  # the daemon as a process, stopped while it loads its libraries
def test_sigterm_while_the_daemon_loads_its_libraries_exits_zero(tmp_path: Path) -> None:
    """A deploy that stops a replica a second after starting it: the signal lands while the
    command imports the daemon's libraries, before the daemon's loop handles it.  Nothing has
    been taken on; the exit is 0, not death by the signal (-15)."""
    sources = tmp_path / "sources.yaml"
    sources.write_text("version: 1\nsources: []\n", encoding="utf-8")
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp_path / "events.db"),
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",
    }
    argv = [sys.executable, "-X", "importtime", "-m", "monitor", "run", "--sources", str(sources)]
    process = subprocess.Popen(
        argv, cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    watchdog = threading.Timer(60, process.kill)  # a daemon that never gets the signal
    watchdog.start()
    try:
        for line in process.stderr:  # one line per import, as each one completes
            if line.split(b"|")[-1].strip() == b"sqlalchemy":  # the daemon's libraries load
                process.send_signal(signal.SIGTERM)
                break
        process.stderr.read()
        code = process.wait(timeout=15)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
    assert code == 0
    assert not (tmp_path / "events.db").exists(), "stopped before it opened the log"
