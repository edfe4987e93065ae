"""Alerts carry their facts through the real pipeline to every channel: the article's
publication date (the feed's ``pubDate``) and discovery date, the dialogue's name beside its
id, the meeting with its key, ordinal and date; Atom's ``published`` is the article's and its
``updated`` the alert's."""

from __future__ import annotations

import json
from types import SimpleNamespace

import feedparser
import pytest

from alerts.atom import render_atom
from alerts.messages import to_message
from monitor.extract.extractor import Extractor
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import page, rss
from tests.support.receivers import WEBHOOK_SECRET, JsonEndpoint, SmtpSink, WebhookReceiver

pytestmark = pytest.mark.anyio
US = "003_6026261d9c1d940c.html"
HTML = {"Content-Type": "text/html; charset=utf-8"}
PUBLISHED = "2025-10-26T12:05:00+00:00"  # the fixture feed's pubDate, 19:05 +0700
SHOWN = "published 2025-10-26 12:05 UTC"


async def test_every_channel_says_when_the_article_was_published(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    webhook_receiver: WebhookReceiver,
    json_endpoint: JsonEndpoint,
    smtp_sink: SmtpSink,
) -> None:
    http_server.add("/a/us.html", page(US), headers=HTML)
    http_server.add("/feed.xml", rss([("us", http_server.url("/a/us.html"), "ASEAN-US")]))
    apprise = json_endpoint.url("/notify").replace("http://", "json://")
    hook = {"type": "webhook", "url": webhook_receiver.url(), "secret": WEBHOOK_SECRET}
    harness = harness_on(database_url, http_server, extractor)
    async with harness as h, flow(h, smtp_port=smtp_sink.port) as f:
        f.subscribe(target=hook)
        f.subscribe(target={"type": "email", "to": ["desk@monitor.test"]})
        f.subscribe(target={"type": "apprise", "url": apprise})
        atom = f.subscribe(name="feed", target={"type": "atom"})
        await h.poll(h.source("/feed.xml"))
        delivered = 0
        for _ in range(3):  # a receiver slow on a loaded machine is retried, as in service
            delivered += sum(a.delivered for a in await f.dispatch())
            h.clock.advance(minutes=30)
        rows = [SimpleNamespace(**row) for row in f.alerts(atom)]
    assert delivered == 4, "webhook, e-mail, Apprise and Atom (kept for the feed)"
    payload = webhook_receiver.received[0].json()
    assert payload["article"]["published_at"] == PUBLISHED
    assert payload["article"]["discovered_at"] is not None
    assert payload["dialogues"][0]["name"] == "ASEAN-United States"
    (meeting,) = payload["meetings"]
    assert (meeting["key"], meeting["ordinal"], meeting["date"]) == (
        "asean-us/summit/13",
        13,
        "October 26",
    )
    (mail,) = smtp_sink.messages
    text = mail.get_body(("plain",))
    assert text is not None
    assert SHOWN in text.get_content()
    assert SHOWN in json.dumps(json_endpoint.received[0].json())
    _check_atom(rows)


def _check_atom(rows: list[SimpleNamespace]) -> None:
    messages = [to_message(row, "feed") for row in rows]
    feed = feedparser.parse(
        render_atom(
            "feed", "feed", messages, feed_url="http://x/atom", updated=messages[0].raised_at
        )
    )
    (entry,) = feed.entries
    assert entry.published == "2025-10-26T12:05:00Z", "the article's date"
    assert entry.updated != entry.published, "the alert's date"
    assert entry.updated.startswith(str(rows[0].raised_at)[:10])
