"""Deliver, then record (alerts/courier.py), for single alerts and digests alike: an attempt
whose record the database refused is kept, recorded as soon as the database is back, and not
sent again meanwhile; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from alerts.messages import digest_id
from monitor.events import AlertDelivered, AlertDeliveryFailed, DigestSent
from monitor.extract.extractor import Extractor
from store.errors import BackendError
from tests.support.alert_flow import flow, harness_on, refusing_appends
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss
from tests.support.receivers import WEBHOOK_SECRET, Reply, WebhookReceiver

pytestmark = pytest.mark.anyio
JP = "004_f7c1be859b819757.html"


def serve(server: HTTPTestServer) -> None:
    server.add("/a/jp.html", page(JP), headers={"Content-Type": "text/html"})
    server.add("/feed.xml", rss([("jp", server.url("/a/jp.html"), "ASEAN-Japan")]))


def hook(receiver: WebhookReceiver) -> dict[str, str]:
    return {"type": "webhook", "url": receiver.url(), "secret": WEBHOOK_SECRET}


async def test_an_alert_whose_record_was_refused_is_recorded_later_and_not_resent(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    serve(http_server)
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(target=hook(webhook_receiver))
        await h.poll(h.source("/feed.xml"))
        with refusing_appends(h.log):
            with pytest.raises(BackendError, match="refuses appends"):
                await f.dispatch()
            with pytest.raises(BackendError, match="refuses appends"):
                await f.dispatch()  # the kept attempt first: still refused, nothing is sent
            posts_while_refused = len(webhook_receiver.received)
        after = await f.dispatch()
        delivered = f.events(AlertDelivered.type_name)
        statuses = [a["status"] for a in f.alerts()]
        assert await f.dispatch() == []
    assert posts_while_refused == 1
    assert after == [], "the round recorded the kept attempt; nothing was due any more"
    assert [(d["attempt"], d["status"]) for d in delivered] == [(1, 200)]
    assert statuses == ["delivered"]
    assert len(webhook_receiver.received) == 1, "sent once in all"


async def test_a_failed_attempt_whose_record_was_refused_keeps_its_retry_time(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    serve(http_server)
    webhook_receiver.script(Reply(503, {"Retry-After": "600"}))
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(target=hook(webhook_receiver))
        await h.poll(h.source("/feed.xml"))
        with refusing_appends(h.log), pytest.raises(BackendError):
            await f.dispatch()
        h.clock.advance(minutes=1)
        assert await f.dispatch() == [], "recorded now; the retry is not due before 10 minutes"
        [failure] = f.events(AlertDeliveryFailed.type_name)
        h.clock.advance(minutes=10)
        retried = await f.dispatch()
    assert (failure["status"], failure["retry_after_s"], failure["dead"]) == (503, 600, False)
    assert [(a.delivered, a.status) for a in retried] == [(True, 200)]
    assert [r.answered for r in webhook_receiver.received] == [503, 200]


async def test_a_digest_whose_record_was_refused_is_recorded_later_and_not_resent(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    serve(http_server)
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        sid = f.subscribe(
            delivery={"mode": "digest", "cron": "0 9 * * *", "timezone": "UTC"},
            target=hook(webhook_receiver),
        )
        await h.poll(h.source("/feed.xml"))
        h.clock.advance(hours=1)
        end = h.clock()
        with refusing_appends(h.log):
            with pytest.raises(BackendError, match="refuses appends"):
                await f.alerting.digest(sid)
            with pytest.raises(BackendError, match="refuses appends"):
                await f.alerting.digest(sid)
            posts_while_refused = len(webhook_receiver.received)
        await f.dispatch()  # one courier: the dispatcher's round records the kept digest
        sent = f.events(DigestSent.type_name)
        h.clock.advance(minutes=5)
        later = await f.alerting.digest(sid)
        statuses = [a["status"] for a in f.alerts(sid)]
    assert posts_while_refused == 1
    assert [(d["digest_id"], len(d["alert_ids"])) for d in sent] == [(digest_id(sid, end), 1)]
    assert later is not None
    assert (later.sent, later.alerts) == (False, 0), "its alert was delivered: nothing left"
    assert statuses == ["delivered"]
    assert len(webhook_receiver.received) == 1, "sent once in all"
    assert webhook_receiver.received[0].headers["idempotency-key"] == digest_id(sid, end)


async def test_attempts_sent_and_not_recorded_are_recorded_at_stop_once_the_database_is_back(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    """The daemon records them before it releases its claims (monitor.daemon, after the
    drain): otherwise another replica would send them again."""
    serve(http_server)
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(target=hook(webhook_receiver))
        await h.poll(h.source("/feed.xml"))
        with refusing_appends(h.log):
            with pytest.raises(BackendError, match="refuses appends"):
                await f.dispatch()
            given_up = await f.alerting.record_sent(within=0.3, pause=0.1)
            stopping = asyncio.create_task(f.alerting.record_sent(within=10.0, pause=0.1))
            await asyncio.sleep(0.5)
            waited = not stopping.done()
        left = await stopping
        delivered = f.events(AlertDelivered.type_name)
        statuses = [a["status"] for a in f.alerts()]
    assert given_up == 1, "still refused when the time was up: kept (and logged), not lost"
    assert waited, "it waits for the database while it may"
    assert left == 0
    assert [d["attempt"] for d in delivered] == [1]
    assert statuses == ["delivered"]
    assert len(webhook_receiver.received) == 1
