"""``alerts retry`` sends a failing alert now (not only a dead letter), takes a unique prefix
of the id, and refuses what is not failing; through the CLI on a log the real flow made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.delivery.requeue import RequeueRefusedError, requeue_alert
from monitor.extract.extractor import Extractor
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver

pytestmark = pytest.mark.anyio
JP = "004_f7c1be859b819757.html"


def retry(url: str, alert_id: str) -> Result:
    return CliRunner().invoke(cli, ["alerts", "retry", alert_id], env={"MONITOR_DATABASE_URL": url})


async def test_a_failing_alert_is_sent_now_and_a_delivered_one_is_refused(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    http_server.add("/a/jp.html", page(JP), headers={"Content-Type": "text/html"})
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    webhook_receiver.script(Reply(503))
    hook = {"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET}
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(target=hook)
        await h.poll(h.source("/feed.xml"))
        h.clock.now = datetime.now(UTC)
        assert [a.delivered for a in await f.dispatch()] == [False]
        (alert,) = f.alerts()
        assert alert["status"] == "failed"
        assert await f.dispatch() == [], "not due before its next attempt"
        too_short = retry(database_url, alert["alert_id"][:2])
        done = retry(database_url, alert["alert_id"][:8])
        h.clock.now = datetime.now(UTC) + timedelta(seconds=1)
        again = await f.dispatch()
        refused = retry(database_url, alert["alert_id"][:8])
        with pytest.raises(RequeueRefusedError, match="is delivered"):
            requeue_alert(h.log, alert["stream_id"], alert["alert_id"], h.clock(), "test")
    assert too_short.exit_code == 2
    assert "at least 4 characters" in too_short.output
    assert done.exit_code == 0, done.output
    assert f"alert {alert['alert_id']} (failed) requeued: now" in done.output
    assert [(a.delivered, a.status) for a in again] == [(True, 200)]
    assert refused.exit_code == 1
    assert "only a failing or dead alert" in refused.output
    assert len(webhook_receiver.stored) == 1
