"""A subscription whose alerts all fail says so (``failing``), in ``subscriptions list`` and the
subscriptions API, instead of showing as ``active``; through the real flow and receiver."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.extract.extractor import Extractor
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.tokens import created, token_stream
from monitor.settings import load_settings
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver
from tests.support.service import client

pytestmark = pytest.mark.anyio
JP, US = "004_f7c1be859b819757.html", "003_6026261d9c1d940c.html"


def listed(url: str) -> Result:
    return CliRunner().invoke(cli, ["subscriptions", "list"], env={"MONITOR_DATABASE_URL": url})


async def test_a_subscription_whose_alerts_fail_is_shown_failing(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    http_server.add("/a/jp.html", page(JP), headers={"Content-Type": "text/html"})
    http_server.add("/a/us.html", page(US), headers={"Content-Type": "text/html"})
    feed = [
        ("jp", http_server.url("/a/jp.html"), "JP"),
        ("us", http_server.url("/a/us.html"), "US"),
    ]
    http_server.add("/feed.xml", rss(feed))
    webhook_receiver.script(Reply(500), Reply(500))
    hook = {"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET}
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        failing = f.subscribe(name="broken hook", target=hook)
        fine = f.subscribe(name="log desk", target={"type": "log"})
        await h.poll(h.source("/feed.xml"))
        h.clock.now = datetime.now(UTC)
        await f.dispatch()
        f.alerts()
        shown = await asyncio.to_thread(listed, database_url)
        token_id, secret, event = created("reader", "read", h.clock())
        h.log.append(token_stream(token_id), [event])
        h.runner.catch_up_all()
        app = create_app(ServiceContext(load_settings({"MONITOR_DATABASE_URL": database_url}),
                                        h.log, h.runner))  # fmt: skip
        async with client(app, secret) as http:
            every = {s["subscription_id"]: s for s in (await http.get("/api/subscriptions")).json()}
            one = (await http.get(f"/api/subscriptions/{failing}")).json()
    assert shown.exit_code == 0, shown.output
    assert "failing: 2 of the last 2" in " ".join(shown.output.split())
    assert (every[failing]["state"], every[fine]["state"]) == ("failing", "active")
    assert every[failing]["state_text"] == "failing: 2 of the last 2 alerts failed"
    assert one["state"] == "failing"
