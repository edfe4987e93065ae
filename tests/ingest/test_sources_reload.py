"""``sources.yaml`` reloaded without a restart: a real daemon (``asean-monitor run``) takes a
source added to the file, refuses a bad file with its problems and keeps polling what it had,
and reads the file again on SIGHUP; each outcome is an event in the log.  The reload's pure
parts (what changed, an outcome recorded before it counts) are tested beside."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from monitor.config import load_sources
from monitor.config.reload import Reloaded, ReloadFailed, SourcesReloader, compare
from monitor.events import SourcesReloaded, SourcesReloadFailed
from tests.support.daemons import events, start, wait_for
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import rss
from tests.support.receivers import free_port

ROOT = Path(__file__).resolve().parents[2]


def _yaml(server: HTTPTestServer, ids: list[str], extra: str = "") -> str:
    lines = ["version: 1", "sources:"]
    for i in ids:
        server.add(f"/{i}.xml", rss([(f"{i}-1", server.url(f"/{i}/1.html"), f"Story {i}")]))
        lines.append(f"  - {{id: {i}, name: {i.upper()}, url: '{server.url(f'/{i}.xml')}'}}")
    return "\n".join(lines) + "\n" + extra


def test_what_changed_and_an_outcome_counts_once_settled(
    http_server: HTTPTestServer, tmp_path: Path
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(_yaml(http_server, ["a", "b"]), encoding="utf-8")
    reloader = SourcesReloader(path, load_sources(path).sources)
    assert reloader.check() is None, "unchanged"
    path.write_text(_yaml(http_server, ["b", "c"]), encoding="utf-8")
    outcome = reloader.check()
    assert isinstance(outcome, Reloaded)
    assert (outcome.change.added, outcome.change.removed) == (("c",), ("a",))
    assert isinstance(reloader.check(), Reloaded), "not settled: the same outcome comes again"
    reloader.settle(outcome)
    assert reloader.check() is None
    path.write_text("version: 1\nsources:\n  - {id: x, url: 'ftp://nowhere'}\n", encoding="utf-8")
    failed = reloader.check()
    assert isinstance(failed, ReloadFailed)
    assert any("line 3" in p or ":3" in p for p in failed.problems), failed.problems
    reloader.settle(failed)
    assert [s.id for s in reloader.sources] == ["b", "c"], "a bad file keeps the old sources"
    assert not compare(reloader.sources, reloader.sources)


@pytest.mark.slow
def test_a_running_daemon_takes_a_new_file_refuses_a_bad_one_and_reloads_on_sighup(
    http_server: HTTPTestServer, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(_yaml(http_server, ["alpha"]), encoding="utf-8")
    url = sqlite_url_for(tmp_path / "events.db")
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",
        "MONITOR_LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT),
    }
    out = (tmp_path / "daemon.log").open("wb")
    daemon = start("run", sources, env, out)
    try:
        wait_for(lambda: _polled(url, "alpha"), 60, "the first source polled")
        sources.write_text(_yaml(http_server, ["alpha", "beta"]), encoding="utf-8")
        wait_for(lambda: _polled(url, "beta"), 60, "the added source polled")
        sources.write_text(_yaml(http_server, ["alpha"], "  - {id: broken\n"), encoding="utf-8")
        wait_for(lambda: _of(url, SourcesReloadFailed.type_name), 30, "the bad file refused")
        os.kill(daemon.pid, signal.SIGHUP)
        wait_for(lambda: len(_of(url, SourcesReloadFailed.type_name)) == 2, 30, "SIGHUP")
        assert daemon.poll() is None, "a bad file does not stop the daemon"
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=60) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
        out.close()
    (reloaded,) = _of(url, SourcesReloaded.type_name)
    assert (reloaded["added"], reloaded["removed"]) == (["beta"], [])
    failed = _of(url, SourcesReloadFailed.type_name)[0]
    assert failed["path"] == str(sources)
    assert failed["problems"], "the problems are named"
    text = (tmp_path / "daemon.log").read_text(encoding="utf-8")
    assert '"event": "sources.reload_failed"' in text or '"sources.reload_failed"' in text


def _of(url: str, type_name: str) -> list[dict[str, object]]:
    return [data for _, kind, data in events(url) if kind == type_name]


def _polled(url: str, source_id: str) -> bool:
    return any(
        kind == "source.polled" and data.get("source_id") == source_id
        for _, kind, data in events(url)
    )
