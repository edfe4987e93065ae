"""A process killed with SIGKILL between sending and recording loses nothing and, thanks to
the derived idempotency key, the receiver keeps what was sent exactly once: a single alert
(``alerts dispatch``) and a digest (the daemon's digest path) alike."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alerts.messages import digest_id
from monitor.events import AlertDelivered, DigestSent
from monitor.extract.extractor import Extractor
from store.audit import verify_log
from store.clock import parse_time
from store.sql import SqlEventLog
from tests.support.alert_flow import digest_process, dispatch_process, flow
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import harness, page, rss
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver, free_port

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
JP = "004_f7c1be859b819757.html"


def kill_once_sent(process: subprocess.Popen[bytes], receiver: WebhookReceiver) -> None:
    """SIGKILL ``process`` as soon as the receiver has the POST (its answer is held back)."""
    try:
        deadline = time.monotonic() + 60
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
        assert receiver.received, "the process never sent"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)


def recorded(log: SqlEventLog, *types: str) -> list[dict[str, object]]:
    return [e.data_dict() for e in log.iter_all() if e.type in types]


async def pending_alert(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor, receiver: WebhookReceiver
) -> tuple[str, str]:
    """One alert raised for a webhook subscription and not sent yet: (the log's URL, the
    secrets key)."""
    http_server.add("/a/jp.html", page(JP), headers={"Content-Type": "text/html"})
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    async with harness(http_server, tmp_path, extractor) as h, flow(h) as f:
        f.subscribe(target={"type": "webhook", "url": receiver.url(), "secret": WEBHOOK_SECRET})
        await h.poll(h.source("/feed.xml"))
        assert [a["status"] for a in f.alerts()] == ["pending"]
        return str(h.log.url), f.secrets_key


async def test_killed_between_sending_and_recording(
    http_server: HTTPTestServer,
    tmp_path: Path,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    url, secrets_key = await pending_alert(http_server, tmp_path, extractor, webhook_receiver)
    webhook_receiver.script(Reply(200, delay=60))
    kill_once_sent(dispatch_process(url, secrets_key), webhook_receiver)
    log = SqlEventLog(url)
    assert not [e for e in log.iter_all() if e.type.startswith("alert.deliver")], (
        "nothing was recorded: the process died after sending"
    )
    second = dispatch_process(url, secrets_key)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()[-2000:]
    assert b"1 delivered, 0 failed" in out
    assert len(recorded(log, AlertDelivered.type_name)) == 1
    key = next(iter(webhook_receiver.stored))
    assert len(webhook_receiver.stored) == 1, "the receiver kept the alert once"
    assert webhook_receiver.repeats == {key: 1}, "and dropped the resend by its idempotency key"
    assert verify_log(log).count == log.head().position
    log.close()


async def test_a_digest_killed_between_sending_and_recording_is_resent_with_the_same_key(
    http_server: HTTPTestServer,
    tmp_path: Path,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    http_server.add("/a/jp.html", page(JP), headers={"Content-Type": "text/html"})
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    async with harness(http_server, tmp_path, extractor) as h, flow(h) as f:
        sid = f.subscribe(
            delivery={"mode": "digest", "cron": "0 9 * * *", "timezone": "UTC"},
            target={"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET},
        )
        await h.poll(h.source("/feed.xml"))
        assert [a["status"] for a in f.alerts()] == ["held"]
        url, secrets_key = str(h.log.url), f.secrets_key
    # raised at 08:00 (the harness's clock); the 09:00 firing ends the period that is due
    webhook_receiver.script(Reply(200, delay=60))
    kill_once_sent(digest_process(url, secrets_key, sid, "2026-05-03T09:30:00Z"), webhook_receiver)
    log = SqlEventLog(url)
    assert recorded(log, DigestSent.type_name, AlertDelivered.type_name) == [], (
        "nothing was recorded: the process died after sending"
    )
    second = digest_process(url, secrets_key, sid, "2026-05-03T09:45:00Z")  # later, same period
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()[-2000:]
    result = json.loads(out.decode().strip().splitlines()[-1])
    expected = digest_id(sid, parse_time("2026-05-03T09:00:00Z"))
    assert result == {"sent": True, "alerts": 1, "digest_id": expected, "error": None}
    [sent] = recorded(log, DigestSent.type_name)
    assert sent["digest_id"] == expected
    assert [d["digest_id"] for d in recorded(log, AlertDelivered.type_name)] == [expected]
    keys = [r.headers["idempotency-key"] for r in webhook_receiver.received]
    assert keys == [expected, expected], "the resend carries the first send's key"
    assert [r.json()["digest_id"] for r in webhook_receiver.received] == [expected, expected]
    assert list(webhook_receiver.stored) == [expected], "the receiver kept the digest once"
    assert webhook_receiver.repeats == {expected: 1}, "and dropped the resend by its key"
    assert verify_log(log).count == log.head().position
    log.close()


def run_process(url: str, secrets_key: str, sources: Path) -> subprocess.Popen[bytes]:
    """``asean-monitor run``, as a service manager starts it, with the alert's database."""
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": url,
        "MONITOR_SECRETS_KEY": secrets_key,
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
        # A port of its own: the default (127.0.0.1:8080) may be a daemon the user runs.
        "MONITOR_LISTEN": f"127.0.0.1:{free_port()}",
        "PYTHONPATH": str(ROOT),
    }
    pipe = subprocess.PIPE
    argv = [sys.executable, "-m", "monitor", "run", "--sources", str(sources)]
    return subprocess.Popen(argv, env=env, cwd=ROOT, stdout=pipe, stderr=pipe)


async def test_sigterm_while_an_alert_is_in_flight_finishes_and_records_it(
    http_server: HTTPTestServer,
    tmp_path: Path,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    """The stop drains the dispatch round: the send in flight is answered and recorded, not
    cut (the scheduler's own shutdown used to cancel the round at SIGTERM, between the send
    and its record, and another replica sent the alert again)."""
    url, secrets_key = await pending_alert(http_server, tmp_path, extractor, webhook_receiver)
    sources = tmp_path / "none.yaml"
    sources.write_text("version: 1\nsources: []\n", encoding="utf-8")
    webhook_receiver.script(Reply(200, delay=2.0))  # answered within the drain period
    process = run_process(url, secrets_key, sources)
    try:
        deadline = time.monotonic() + 60
        while not webhook_receiver.received and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.05)
        if not webhook_receiver.received:
            process.kill()
            _, err = process.communicate(timeout=30)
            pytest.fail(f"the daemon never sent: {err.decode()[-2000:]}")
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err.decode()[-2000:]
    log = SqlEventLog(url)
    assert len(recorded(log, AlertDelivered.type_name)) == 1, "the send was recorded at the stop"
    assert len(webhook_receiver.received) == 1
    log.close()
