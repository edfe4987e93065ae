"""Alerts end to end: feeds → articles → router → outbox → real receivers, on SQLite and on
PostgreSQL (``database_url``; there the dispatcher claims each alert's lease, as replicas do)."""

from __future__ import annotations

import json

import pytest

from monitor.extract.extractor import Extractor
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss
from tests.support.receivers import WEBHOOK_SECRET, JsonEndpoint, Reply, WebhookReceiver

pytestmark = pytest.mark.anyio
US, JP = "003_6026261d9c1d940c.html", "004_f7c1be859b819757.html"
HTML = {"Content-Type": "text/html; charset=utf-8"}


async def test_one_story_in_three_feeds_alerts_once_per_subscription(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    port = http_server.url("/").split(":")[2].rstrip("/")
    http_server.add("/a/us.html", page(US), headers=HTML)
    http_server.add("/mirror/copy.html", page(US), headers=HTML)
    feeds = {
        "one": f"http://wire.test:{port}/a/us.html?utm_source=rss&utm_medium=feed",
        "two": f"http://m.wire.test:{port}/a/us.html",
        "three": f"http://wire.test:{port}/mirror/copy.html",
    }
    for name, link in feeds.items():
        http_server.add(f"/{name}.xml", rss([(name, link, "ASEAN-US summit")]))
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        hook = f.subscribe(
            filter={"dialogues": ["asean-us"]},
            target={"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET},
        )
        logged = f.subscribe(filter={}, target={"type": "log"})
        for name in feeds:
            await h.poll(h.source(f"/{name}.xml", source_id=name))
        attempts = await f.dispatch()
        assert [a.delivered for a in attempts] == [True, True]
        assert len(f.alerts(hook)) == 1
        assert len(f.alerts(logged)) == 1
        assert await f.dispatch() == []
    assert len(webhook_receiver.received) == 1
    body = json.loads(webhook_receiver.received[0].body)
    assert webhook_receiver.received[0].signature_ok
    assert "13th ASEAN–US Summit" in json.dumps(body, ensure_ascii=False)
    assert webhook_receiver.repeats == {}
    outlets = [o["source_id"] for o in body["outlets"]]
    assert outlets == ["three"], "the mirror is the story's other report (m. is the same page)"


async def test_an_outage_of_several_rounds_then_exactly_once(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    http_server.add("/a/jp.html", page(JP), headers=HTML)
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    webhook_receiver.script(
        Reply(500), Reply(429, {"Retry-After": "120"}), Reply(200, delay=2.5), Reply(503)
    )
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(
            filter={"dialogues": ["asean-japan"]},
            target={"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET},
        )
        await h.poll(h.source("/feed.xml"))
        outcomes = []
        for _ in range(6):
            outcomes.extend(await f.dispatch())
            h.clock.advance(hours=1)
        alert = f.alerts()[0]
        events = [e for e in h.log.iter_all() if e.stream_id == alert["stream_id"]]
    assert [(a.delivered, a.status) for a in outcomes] == [
        (False, 500),
        (False, 429),
        (False, None),
        (False, 503),
        (True, 200),
    ]
    assert [e.type for e in events] == ["alert.raised"] + ["alert.delivery_failed"] * 4 + [
        "alert.delivered"
    ]
    failures = [e.data_dict() for e in events if e.type == "alert.delivery_failed"]
    assert [f_["attempt"] for f_ in failures] == [1, 2, 3, 4]
    assert failures[1]["retry_after_s"] == 120
    assert alert["status"] == "delivered"
    assert alert["attempts"] == 5
    accepted = [r for r in webhook_receiver.received if 200 <= r.answered < 300]
    keys = {r.headers["idempotency-key"] for r in webhook_receiver.received}
    assert len(keys) == 1, "every attempt carries the same idempotency key"
    assert len(webhook_receiver.stored) == 1
    assert webhook_receiver.repeats == {next(iter(keys)): 1}, (
        "the timed-out attempt was accepted late; its retry is dropped by the key"
    )
    assert len(accepted) == 2


async def test_a_404_is_not_a_delivery_and_a_dead_letter_can_be_sent_again(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    http_server.add("/a/jp.html", page(JP), headers=HTML)
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    webhook_receiver.script(Reply(404))
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(
            target={"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET}
        )
        await h.poll(h.source("/feed.xml"))
        first = await f.dispatch()
        assert [(a.delivered, a.status, a.dead) for a in first] == [(False, 404, True)]
        alert = f.alerts()[0]
        assert alert["status"] == "dead"
        h.clock.advance(days=1)
        assert await f.dispatch() == [], "a dead letter is not retried on its own"
        from monitor.events import AlertRequeued

        h.log.append(
            alert["stream_id"], [AlertRequeued(occurred_at=h.clock(), alert_id=alert["alert_id"])]
        )
        again = await f.dispatch()
        assert [(a.delivered, a.status) for a in again] == [(True, 200)]
    assert len(webhook_receiver.stored) == 1


async def test_retries_stop_at_the_cap_and_go_to_the_dead_letters(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    closed_port: int,
) -> None:
    http_server.add("/a/jp.html", page(JP), headers=HTML)
    http_server.add("/feed.xml", rss([("jp", http_server.url("/a/jp.html"), "ASEAN-Japan")]))
    async with harness_on(database_url, http_server, extractor) as h, flow(h, max_attempts=3) as f:
        f.subscribe(
            target={
                "type": "webhook",
                "url": f"http://127.0.0.1:{closed_port}/hook",
                "secret": WEBHOOK_SECRET,
            }
        )
        await h.poll(h.source("/feed.xml"))
        seen = []
        for _ in range(5):
            seen.extend(await f.dispatch())
            h.clock.advance(hours=7)
        alert = f.alerts()[0]
    assert [(a.delivered, a.dead) for a in seen] == [(False, False), (False, False), (False, True)]
    assert alert["status"] == "dead"


async def test_apprise_notifies_a_real_local_endpoint(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    json_endpoint: JsonEndpoint,
) -> None:
    http_server.add("/a/us.html", page(US), headers=HTML)
    http_server.add("/feed.xml", rss([("us", http_server.url("/a/us.html"), "ASEAN-US")]))
    url = json_endpoint.url("/notify").replace("http://", "json://")
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        f.subscribe(filter={"mechanisms": ["summit"]}, target={"type": "apprise", "url": url})
        await h.poll(h.source("/feed.xml"))
        attempts = await f.dispatch()
    assert [a.delivered for a in attempts] == [True]
    sent = json_endpoint.received[0].json()
    assert "13th ASEAN–US Summit" in json.dumps(sent, ensure_ascii=False)


async def test_a_joint_statement_published_later_raises_one_follow_up(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
) -> None:
    before = page(JP).replace(b"Joint Statement", b"outcomes")
    http_server.add("/a/forum.html", before, headers=HTML)
    http_server.add("/a/forum-update.html", page(JP), headers=HTML)
    feed_one = rss([("v1", http_server.url("/a/forum.html"), "36th ASEAN-Japan Forum")])
    feed_two = rss([("v2", http_server.url("/a/forum-update.html"), "36th ASEAN-Japan Forum")])
    http_server.add("/one.xml", feed_one)
    http_server.add("/two.xml", feed_two)
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        sub = f.subscribe(
            filter={"dialogues": ["asean-japan"]},
            target={"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET},
        )
        await h.poll(h.source("/one.xml", source_id="one"))
        h.clock.advance(minutes=5)
        await h.poll(h.source("/two.xml", source_id="two"))
        await h.poll(h.source("/two.xml", source_id="three"))
        await f.dispatch()
        alerts = f.alerts(sub)
    assert [a["kind"] for a in alerts] == ["article", "follow_up"]
    assert alerts[1]["follows"] == alerts[0]["alert_id"]
    assert alerts[1]["stream_id"] == alerts[0]["stream_id"]
    assert "joint-statement" in json.loads(alerts[1]["payload"])["reason"]
    assert len(webhook_receiver.stored) == 2


async def test_filters_decide_who_hears(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
) -> None:
    http_server.add("/a/us.html", page(US), headers=HTML)
    http_server.add("/a/jp.html", page(JP), headers=HTML)
    http_server.add(
        "/feed.xml",
        rss(
            [
                ("us", http_server.url("/a/us.html"), "US"),
                ("jp", http_server.url("/a/jp.html"), "JP"),
            ]
        ),
    )
    log = {"type": "log"}
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        subs = {
            "summits": f.subscribe(filter={"mechanisms": ["summit"]}, target=log),
            "forums": f.subscribe(filter={"mechanisms": ["forum"]}, target=log),
            "scs": f.subscribe(filter={"topics": ["south-china-sea"]}, target=log),
            "scs-mentions": f.subscribe(
                filter={"topics": ["south-china-sea"], "topic_mentions": True}, target=log
            ),
            "trade": f.subscribe(filter={"topics": ["trade-investment"]}, target=log),
            "crime": f.subscribe(filter={"topics": ["transnational-crime"]}, target=log),
            "crime-mentions": f.subscribe(
                filter={"topics": ["transnational-crime"], "topic_mentions": True}, target=log
            ),
            "query": f.subscribe(filter={"query": '"Kuala Lumpur" AND NOT esports'}, target=log),
            "not-query": f.subscribe(filter={"query": "Tokyo AND Lima"}, target=log),
            "korea": f.subscribe(filter={"dialogues": ["asean-korea"]}, target=log),
            "vi-only": f.subscribe(filter={"languages": ["vi"]}, target=log),
            "strict": f.subscribe(
                filter={"min_score": 1.01 - 0.01, "dialogues": ["asean-us"]}, target=log
            ),
        }
        paused = f.subscribe(filter={}, target=log)
        from monitor.events import SubscriptionPaused, subscription_stream

        h.log.append(
            subscription_stream(paused),
            [SubscriptionPaused(occurred_at=h.clock(), subscription_id=paused)],
        )
        await h.poll(h.source("/feed.xml"))
        got = {
            name: sorted(a["url"].rsplit("/", 1)[1][:2].upper() for a in f.alerts(sid))
            for name, sid in subs.items()
        }
        assert f.alerts(paused) == []
    assert got["summits"] == ["JP", "US"], "the forum note names the 23rd Summit too"
    assert got["forums"] == ["JP"]
    assert got["scs"] == [], "the US page names the East Sea in two paragraphs, once each (R6)"
    assert got["scs-mentions"] == ["US"], "asked for mentions too"
    assert got["trade"] == ["US"], "the US page's body is on trade (R6)"
    assert got["crime"] == [], "the US page names transnational crime in a list: a mention"
    assert got["crime-mentions"] == ["US"], "asked for mentions too"
    assert got["query"] == ["US"]
    assert got["not-query"] == []
    assert got["korea"] == []
    assert got["vi-only"] == []
    assert got["strict"] == ["US"]


async def test_a_subscription_hears_only_what_is_judged_after_it(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
) -> None:
    http_server.add("/a/us.html", page(US), headers=HTML)
    http_server.add("/feed.xml", rss([("us", http_server.url("/a/us.html"), "US")]))
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        await h.poll(h.source("/feed.xml"))
        h.clock.advance(minutes=1)
        late = f.subscribe(target={"type": "log"})
        assert f.alerts(late) == []


async def test_source_health_alerts_once_per_outage_and_on_recovery(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
) -> None:
    from tests.support.httpserver import Reply as HttpReply

    http_server.add_sequence(
        "/feed.xml", [HttpReply(500), HttpReply(500), HttpReply(500), HttpReply(200, rss([]))]
    )
    async with harness_on(database_url, http_server, extractor) as h, flow(h) as f:
        sub = f.subscribe(
            filter={"articles": False, "health": {"failed_for": 3600}}, target={"type": "log"}
        )
        source = h.source("/feed.xml")
        for _ in range(3):
            await h.poll(source)
            await f.alerting.watch_health()
            h.clock.advance(minutes=40)
        await f.alerting.watch_health()
        await h.poll(source)
        await f.alerting.watch_health()
        await f.alerting.watch_health()
        await f.dispatch()
        alerts = f.alerts(sub)
    assert [a["kind"] for a in alerts] == ["source_failing", "source_recovered"]
    assert alerts[1]["follows"] == alerts[0]["alert_id"]
    assert all(a["status"] == "delivered" for a in alerts)
