"""What a real daemon writes: every line in the format ``MONITOR_LOG_FORMAT`` chose (JSON lines
for ``| jq``, or readable console lines), its first lines saying where the dashboard and the
API listen and how to get a token, a failing source's warning with its fix, failed and dead
deliveries as warnings and errors, and never a secret.  A port in use ends the start in one
line naming the port and MONITOR_LISTEN, exit 2.

Real processes (``asean-monitor run``, ``subscribe``, ``token create``), feeds on a loopback
server, webhook receivers on loopback; nothing leaves the machine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.daemons import count, wait_for
from tests.support.databases import sqlite_url_for
from tests.support.httpserver import HTTPTestServer, http_server
from tests.support.ingest_harness import PAGES, rss
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver, free_port

ROOT = Path(__file__).resolve().parents[2]
QUERY_SECRET = "q-secret-7f3a9c"
__all__ = ["http_server"]


@dataclass
class Daemon:
    process: subprocess.Popen[bytes]
    tmp: Path
    port: int

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=40)

    def lines(self) -> list[str]:
        """Every line written to stdout, then every line written to stderr."""
        return [
            line
            for name in ("stdout.log", "stderr.log")
            for line in (self.tmp / name).read_text("utf-8", errors="replace").splitlines()
            if line.strip()
        ]

    def stderr(self) -> list[str]:
        return [
            line
            for line in (self.tmp / "stderr.log").read_text("utf-8").splitlines()
            if line.strip()
        ]


def base_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return {
        **env,
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp / "events.db"),
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",
        "MONITOR_SIGNING_KEY": str(tmp / "keys" / "checkpoint.key"),
        "MONITOR_CHECKPOINT_DIR": str(tmp / "checkpoints"),
        "MONITOR_DISPATCH_INTERVAL": "1",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def cli(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def start_run(env: dict[str, str], sources: Path) -> Daemon:
    tmp = sources.parent
    with (tmp / "stdout.log").open("wb") as out, (tmp / "stderr.log").open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--sources", str(sources)],
            cwd=tmp,
            env=env,
            stdout=out,
            stderr=err,
        )
    return Daemon(process, tmp, int(env["MONITOR_LISTEN"].rsplit(":", 1)[1]))


def records(daemon: Daemon) -> list[dict[str, Any]]:
    """Every line as JSON: a line that is not JSON fails the test, naming it."""
    parsed = []
    for line in daemon.lines():
        try:
            record = json.loads(line)
        except ValueError:
            pytest.fail(f"a line that is not JSON: {line!r}")
        assert isinstance(record, dict), line
        assert {"timestamp", "level", "event"} <= set(record), line
        parsed.append(record)
    return parsed


def serve(server: HTTPTestServer, tmp: Path, *, pages: int = 2) -> Path:
    """One feed of article pages, and one source whose feed is gone (404)."""
    files = sorted(PAGES.glob("*.html"))[:pages]
    items = []
    for k, page in enumerate(files):
        server.add(f"/a/{k}.html", page.read_bytes(), headers={"Content-Type": "text/html"})
        items.append((f"item-{k}", server.url(f"/a/{k}.html"), f"Story {k}"))
    server.add("/feed.xml", rss(items))
    sources = tmp / "sources.yaml"
    sources.write_text(
        "version: 1\nsources:\n"
        f"  - {{id: wire, name: Wire, url: '{server.url('/feed.xml')}'}}\n"
        f"  - {{id: gone, name: Gone, url: '{server.url('/gone.xml')}'}}\n",
        encoding="utf-8",
    )
    return sources


@pytest.fixture
def receivers() -> Iterator[tuple[WebhookReceiver, WebhookReceiver]]:
    """A receiver failing once (500, then 200) and one answering 410 (a dead letter)."""
    flaky, gone = WebhookReceiver(), WebhookReceiver()
    flaky.script(Reply(500, body=b"busy"))
    gone.script(*[Reply(410, body=b"gone")] * 20)
    for receiver in (flaky, gone):
        receiver.start()
    yield flaky, gone
    for receiver in (flaky, gone):
        receiver.stop()


def events_of(records_: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records_ if r["event"] == name]


@pytest.mark.slow
def test_every_line_of_a_daemon_is_json_and_says_what_happened(
    http_server: HTTPTestServer,
    receivers: tuple[WebhookReceiver, WebhookReceiver],
    tmp_path: Path,
) -> None:
    flaky, gone = receivers
    sources = serve(http_server, tmp_path)
    env = base_env(tmp_path, MONITOR_ALLOW_PRIVATE_NETWORKS="1", MONITOR_LOG_FORMAT="json")
    hook = f"{flaky.url('/hook')}?token={QUERY_SECRET}"
    cli(env, tmp_path, "subscribe", "--name", "flaky", "--webhook", hook,
        "--secret", WEBHOOK_SECRET)  # fmt: skip
    cli(env, tmp_path, "subscribe", "--name", "gone", "--webhook", gone.url("/hook"),
        "--secret", WEBHOOK_SECRET)  # fmt: skip
    token = cli(env, tmp_path, "token", "create", "--scope", "read", "--name", "t").split()[-1]
    url = sqlite_url_for(tmp_path / "events.db")
    daemon = start_run(env, sources)
    try:
        wait_for(lambda: count(url, "alert.delivery_failed") >= 2, 150, "a failed and a dead")
        wait_for(lambda: count(url, "alert.delivered") >= 1, 60, "a delivery")
        wait_for(lambda: count(url, "source.poll_failed") >= 1, 30, "the gone source's poll")
        request = urllib.request.Request(
            f"http://127.0.0.1:{daemon.port}/api/sources",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
    finally:
        code = daemon.stop()
    assert code == 0, "\n".join(daemon.lines()[-30:])
    seen = records(daemon)
    text = "\n".join(daemon.lines())
    for secret in (WEBHOOK_SECRET, QUERY_SECRET, token):
        assert secret not in text, "a secret in the log"
    first, second = (json.loads(line) for line in daemon.stderr()[:2])
    assert first["event"] == "service.listening"
    assert first["dashboard"] == f"http://127.0.0.1:{daemon.port}/"
    assert first["api"] == f"http://127.0.0.1:{daemon.port}/api/"
    assert second["event"] == "service.tokens"
    assert second["read_token"].startswith("asean-monitor token create --scope read")
    failing = [r for r in events_of(seen, "source.poll_failed") if r.get("source") == "gone"]
    assert failing, "the gone source's failure is logged"
    assert failing[0]["level"] == "warning"
    assert failing[0]["status"] == 404
    assert "HTTP 404" in failing[0]["error"]
    assert "sources.yaml" in failing[0]["fix"]
    failed = events_of(seen, "alert.delivery_failed")
    dead = events_of(seen, "alert.dead")
    assert failed, "a failed delivery is logged"
    assert dead, "a dead letter is logged"
    assert failed[0]["level"] == "warning"
    assert dead[0]["level"] == "error"
    for record in (failed[0], dead[0]):
        assert record["channel"] == "webhook"
        assert record["attempt"] == 1
        assert record["alert_id"]
        assert record["reason"]
    assert failed[0]["status"] == 500
    assert dead[0]["status"] == 410
    assert any(r.answered == 200 for r in flaky.received), "an alert was delivered"
