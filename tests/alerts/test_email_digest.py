"""E-mail alerts and digests through the dispatcher and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from alerts.messages import digest_id
from monitor.events import AlertDeliveryFailed, DigestSent
from monitor.extract.extractor import Extractor
from tests.support.alert_flow import flow, harness_on
from tests.support.httpserver import HTTPTestServer
from tests.support.ingest_harness import harness, page, rss
from tests.support.receivers import SmtpSink

pytestmark = pytest.mark.anyio
HTML = {"Content-Type": "text/html; charset=utf-8"}


def serve(server: HTTPTestServer) -> None:
    server.add("/a/us.html", page("003_6026261d9c1d940c.html"), headers=HTML)
    server.add("/a/jp.html", page("004_f7c1be859b819757.html"), headers=HTML)
    server.add("/a/us2.html", page("002_d01c55418f42a680.html"), headers=HTML)
    server.add(
        "/feed.xml",
        rss(
            [
                ("us", server.url("/a/us.html"), "US"),
                ("jp", server.url("/a/jp.html"), "JP"),
                ("us2", server.url("/a/us2.html"), "US 2"),
            ]
        ),
    )


async def test_an_instant_email_alert_arrives_once_with_both_parts(
    http_server: HTTPTestServer,
    tmp_path: Path,
    extractor: Extractor,
    smtp_sink: SmtpSink,
) -> None:
    serve(http_server)
    async with harness(http_server, tmp_path, extractor) as h, flow(h, smtp_sink.port) as f:
        f.subscribe(
            filter={"dialogues": ["asean-japan"]},
            target={"type": "email", "to": ["analyst@example.org"]},
        )
        await h.poll(h.source("/feed.xml"))
        attempts = await f.dispatch()
        assert await f.dispatch() == []
    assert [a.delivered for a in attempts] == [True]
    assert len(smtp_sink.messages) == 1
    mail = smtp_sink.messages[0]
    assert mail["To"] == "analyst@example.org"
    assert str(mail["Message-ID"]).startswith("<alert-")
    assert str(mail["Message-ID"]).endswith("@asean-monitor>")
    kinds = sorted(part.get_content_type() for part in mail.walk() if not part.is_multipart())
    assert kinds == ["text/html", "text/plain"]
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_content()
    assert "36th ASEAN-Japan Forum" in text


async def test_a_digest_groups_the_period_by_dialogue_and_an_empty_period_sends_nothing(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    smtp_sink: SmtpSink,
) -> None:
    serve(http_server)
    async with harness_on(database_url, http_server, extractor) as h, flow(h, smtp_sink.port) as f:
        digest = {"mode": "digest", "cron": "0 8 * * *", "timezone": "Asia/Bangkok"}
        quiet = f.subscribe(
            filter={"dialogues": ["asean-korea"]},
            delivery=digest,
            target={"type": "email", "to": ["quiet@example.org"]},
        )
        chatty = f.subscribe(
            filter={},
            delivery={**digest, "send_empty": True},
            target={"type": "email", "to": ["desk@example.org"]},
        )
        daily = f.subscribe(
            filter={}, delivery=digest, target={"type": "email", "to": ["daily@example.org"]}
        )
        await h.poll(h.source("/feed.xml"))
        assert await f.dispatch() == [], "digest alerts are held, not sent one by one"
        assert [a["status"] for a in f.alerts(daily)] == ["held"] * 3
        h.clock.advance(hours=1)
        results = {s: await f.alerting.digest(s) for s in (quiet, chatty, daily)}
        assert [a["status"] for a in f.alerts(daily)] == ["delivered"] * 3
        sent = {d["subscription_id"]: d for d in f.events(DigestSent.type_name)}
        h.clock.advance(days=1)
        again = await f.alerting.digest(daily)
        empty = await f.alerting.digest(chatty)
    quiet_result, daily_result = results[quiet], results[daily]
    assert quiet_result is not None
    assert not quiet_result.sent
    assert daily_result is not None
    assert (daily_result.sent, daily_result.alerts) == (True, 3)
    assert set(sent) == {chatty, daily}
    assert sent[daily]["digest_id"] == daily_result.digest_id
    assert sent[daily]["digest_id"] == digest_id(daily, h.clock.now - timedelta(days=1))
    assert again is not None
    assert not again.sent, "an empty period sends nothing"
    assert empty is not None
    assert (empty.sent, empty.alerts) == (True, 0), "unless the subscription asks for it"
    to = [m["To"] for m in smtp_sink.messages]
    assert sorted(to) == ["daily@example.org", "desk@example.org", "desk@example.org"]
    mail = next(m for m in smtp_sink.messages if m["To"] == "daily@example.org")
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_content()
    assert "3" in mail["Subject"]
    assert mail["Message-ID"] == f"<{sent[daily]['digest_id']}@asean-monitor>"
    assert text.index("asean-us") < text.index("asean-japan"), "grouped, larger group first"
    assert "13th ASEAN–US Summit" in text


async def test_a_failed_digest_keeps_its_alerts_held_for_the_next_one(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    smtp_sink: SmtpSink,
) -> None:
    serve(http_server)
    smtp_sink.reject_next_data("451 4.3.0 try again later")
    async with harness_on(database_url, http_server, extractor) as h, flow(h, smtp_sink.port) as f:
        daily = f.subscribe(
            delivery={"mode": "digest", "cron": "0 8 * * *", "timezone": "UTC"},
            target={"type": "email", "to": ["daily@example.org"]},
        )
        await h.poll(h.source("/feed.xml"))
        h.clock.advance(hours=1)
        failed = await f.alerting.digest(daily)
        after_failure = [a["status"] for a in f.alerts(daily)]
        failures = f.events(AlertDeliveryFailed.type_name)
        h.clock.advance(days=1)
        retried = await f.alerting.digest(daily)
        after_retry = [a["status"] for a in f.alerts(daily)]
        sent = f.events(DigestSent.type_name)
    assert failed is not None
    assert (failed.sent, failed.alerts) == (False, 3)
    assert "451" in (failed.error or "")
    assert after_failure == ["held"] * 3, "nothing is lost: the next digest carries them"
    assert [(e["attempt"], e["dead"], e["next_attempt_at"]) for e in failures] == [
        (1, False, None)
    ] * 3
    assert all(e["error"].startswith("digest: ") for e in failures)
    assert retried is not None
    assert (retried.sent, retried.alerts) == (True, 3)
    assert after_retry == ["delivered"] * 3
    assert [len(d["alert_ids"]) for d in sent] == [3]
    assert len(smtp_sink.messages) == 1


async def test_an_smtp_outage_of_several_rounds_delivers_once_with_one_message_id(
    http_server: HTTPTestServer,
    tmp_path: Path,
    extractor: Extractor,
    smtp_sink: SmtpSink,
) -> None:
    serve(http_server)
    smtp_sink.reject_next_data("451 4.3.0 try again later")
    smtp_sink.reject_next_data("421 4.7.0 too busy")
    async with harness(http_server, tmp_path, extractor) as h, flow(h, smtp_sink.port) as f:
        f.subscribe(
            filter={"dialogues": ["asean-japan"]},
            target={"type": "email", "to": ["analyst@example.org"]},
        )
        await h.poll(h.source("/feed.xml"))
        attempts = []
        for _ in range(4):
            attempts.extend(await f.dispatch())
            h.clock.advance(hours=1)
        alert = f.alerts()[0]
    assert [(a.delivered, a.dead) for a in attempts] == [
        (False, False),
        (False, False),
        (True, False),
    ]
    assert alert["status"] == "delivered"
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.messages[0]["Message-ID"] == f"<alert-{alert['alert_id']}@asean-monitor>"


async def test_a_digest_says_which_other_outlets_told_the_story(
    http_server: HTTPTestServer,
    database_url: str,
    extractor: Extractor,
    smtp_sink: SmtpSink,
) -> None:
    """One story in two feeds: its alert in the digest names the other outlet, as an instant
    alert does."""
    http_server.add("/a/us.html", page("003_6026261d9c1d940c.html"), headers=HTML)
    http_server.add("/mirror/copy.html", page("003_6026261d9c1d940c.html"), headers=HTML)
    http_server.add("/one.xml", rss([("one", http_server.url("/a/us.html"), "ASEAN-US")]))
    http_server.add("/two.xml", rss([("two", http_server.url("/mirror/copy.html"), "ASEAN-US")]))
    async with harness_on(database_url, http_server, extractor) as h, flow(h, smtp_sink.port) as f:
        daily = f.subscribe(
            filter={"dialogues": ["asean-us"]},
            delivery={"mode": "digest", "cron": "0 8 * * *", "timezone": "Asia/Bangkok"},
            target={"type": "email", "to": ["daily@example.org"]},
        )
        await h.poll(h.source("/one.xml", source_id="one"))
        await h.poll(h.source("/two.xml", source_id="two"))
        h.clock.advance(hours=1)
        result = await f.alerting.digest(daily)
    assert result is not None
    assert (result.sent, result.alerts) == (True, 1)
    [mail] = smtp_sink.messages
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_content()
    html = next(p for p in mail.walk() if p.get_content_type() == "text/html").get_content()
    assert "Also reported by: ASEAN-US (two, en)" in text
    assert "Also reported by:" in html
    assert "(one," not in text, "the outlet of the alert itself is not repeated"
