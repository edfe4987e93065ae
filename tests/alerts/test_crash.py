"""A dispatcher killed with SIGKILL between sending and recording loses nothing and, thanks to
the idempotency key, the receiver keeps the alert exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.extract.extractor import Extractor
from store.audit import verify_log
from store.sql import SqlEventLog
from tests.alerts.flow import flow
from tests.ingest.harness import harness, page, rss
from tests.support.httpserver import HTTPTestServer
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver

ROOT = Path(__file__).resolve().parents[2]


def dispatch_process(url: str, secrets_key: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_SECRETS_KEY": secrets_key,
        "PYTHONPATH": str(ROOT),
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "alerts", "dispatch"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.anyio
async def test_killed_between_sending_and_recording(
    http_server: HTTPTestServer,
    tmp_path: Path,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    http_server.add(
        "/a/jp.html", page("004_f7c1be859b819757.html"), headers={"Content-Type": "text/html"}
    )
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    async with harness(http_server, tmp_path, extractor) as h, flow(h) as f:
        f.subscribe(
            target={"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET}
        )
        await h.poll(h.source("/feed.xml"))
        assert [a["status"] for a in f.alerts()] == ["pending"]
        url = str(h.log.url)
        secrets_key = f.keyring.keys[0].decode("ascii")
    webhook_receiver.script(Reply(200, delay=60))
    first = dispatch_process(url, secrets_key)
    try:
        deadline = time.monotonic() + 60
        while not webhook_receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
        assert webhook_receiver.received, "the dispatcher never sent the alert"
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.wait(timeout=30)
    log = SqlEventLog(url)
    assert not [e for e in log.iter_all() if e.type.startswith("alert.deliver")], (
        "nothing was recorded: the process died after sending"
    )
    second = dispatch_process(url, secrets_key)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()[-2000:]
    assert b"1 delivered, 0 failed" in out
    delivered = [e for e in log.iter_all() if e.type == "alert.delivered"]
    assert len(delivered) == 1
    key = next(iter(webhook_receiver.stored))
    assert len(webhook_receiver.stored) == 1, "the receiver kept the alert once"
    assert webhook_receiver.repeats == {key: 1}, "and dropped the resend by its idempotency key"
    assert verify_log(log).count == log.head().position
    log.close()
