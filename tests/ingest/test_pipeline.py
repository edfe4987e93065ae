"""The real ingest pipeline against a loopback HTTP server: exact events and read-model rows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.extract.extractor import Extractor
from tests.support.httpserver import HTTPTestServer, Reply
from tests.support.ingest_harness import START, harness, only, page, rss, types_by_stream

pytestmark = pytest.mark.anyio

SEED_US = "003_6026261d9c1d940c.html"
SEED_JP = "004_f7c1be859b819757.html"
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def serve_seeds(server: HTTPTestServer) -> None:
    server.add("/a/us.html", page(SEED_US), headers=HTML)
    server.add("/a/jp.html", page(SEED_JP), headers=HTML)


def seed_feed(server: HTTPTestServer) -> bytes:
    return rss(
        [
            ("g-us", server.url("/a/us.html?utm_source=rss"), "ASEAN-US directions"),
            ("g-jp", server.url("/a/jp.html"), "36th ASEAN-Japan Forum"),
        ],
        ttl=45,
    )


async def test_new_items_become_extracted_and_matched_articles(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    serve_seeds(http_server)
    http_server.add("/feed.xml", seed_feed(http_server), headers=RSS)
    async with harness(http_server, tmp_path, extractor) as h:
        outcome = await h.poll(h.source("/feed.xml"))
        events = h.new_events()
        assert (outcome.ok, outcome.items_seen, outcome.items_new, outcome.extracted) == (
            True,
            2,
            2,
            2,
        )
        grouped = types_by_stream(events)
        assert grouped.pop("source-wire") == ["source.polled"]
        meetings = {k: grouped.pop(k) for k in list(grouped) if k.startswith("meeting-")}
        assert (
            sorted(grouped.values())
            == [["item.discovered", "article.extracted", "article.matched"]] * 2
        )
        assert {"meeting-asean-us/summit/13", "meeting-asean-japan/forum/36"} <= set(meetings)
        first = ["meeting.identified", "meeting.reported"]
        assert all(kinds[:2] == first for kinds in meetings.values()), "reported by its article"
        polled = only(events, "source.polled")[0]
        assert polled["items_seen"] == 2
        assert polled["items_new"] == 2
        assert polled["not_modified"] is False
        assert polled["format"] == "rss20"
        assert polled["next_check_reason"] == "feed_ttl"
        discovered = {d["guid"]: d for d in only(events, "item.discovered")}
        assert discovered["g-us"]["canonical_url"] == http_server.url("/a/us.html")
        assert discovered["g-us"]["url"].endswith("utm_source=rss")
        extracted = {e["url"]: e for e in only(events, "article.extracted")}
        us_text = extracted[discovered["g-us"]["url"]]["text"]
        assert "13th ASEAN–US Summit" in us_text
        matched = only(events, "article.matched")
        relevant = sorted(d["id"] for m in matched for d in m["dialogues"] if d["relevant"])
        assert relevant == ["asean-japan", "asean-us"]
        articles = h.articles()
        assert [(a["status"], a["dialogues"]) for a in articles] == [
            ("extracted", "asean-japan"),
            ("extracted", "asean-us"),
        ]
        assert all(a["story_id"] == a["article_id"] for a in articles)
        health = h.health()
        assert (health["polls"], health["failures"], health["consecutive_failures"]) == (1, 0, 0)
        assert health["items_new_total"] == 2
        assert health["last_success_at"] == "2026-05-03T08:00:00.000000Z"


async def test_etag_makes_the_second_poll_a_not_modified_only(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    serve_seeds(http_server)
    http_server.add_etag("/feed.xml", seed_feed(http_server), etag='"v1"', headers=RSS)
    async with harness(http_server, tmp_path, extractor) as h:
        source = h.source("/feed.xml")
        await h.poll(source)
        h.new_events()
        h.clock.advance(hours=1)
        outcome = await h.poll(source)
        events = h.new_events()
    assert outcome.not_modified
    assert [(s, t) for s, t, _ in events] == [("source-wire", "source.polled")]
    assert events[0][2]["not_modified"] is True
    assert events[0][2]["status"] == 304
    feed_requests = [r for r in http_server.requests if r.path == "/feed.xml"]
    assert feed_requests[1].headers["if-none-match"] == '"v1"'


async def test_last_modified_and_an_identical_body_parse_nothing(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    serve_seeds(http_server)
    body = seed_feed(http_server)
    http_server.add_last_modified(
        "/lm.xml", body, last_modified="Wed, 01 Jan 2025 00:00:00 GMT", headers=RSS
    )
    http_server.add("/plain.xml", body, headers=RSS)
    async with harness(http_server, tmp_path, extractor) as h:
        for path, sid, status in (("/lm.xml", "lm", 304), ("/plain.xml", "plain", 200)):
            source = h.source(path, source_id=sid)
            await h.poll(source)
            h.new_events()
            await h.poll(source)
            events = h.new_events()
            assert [(s, t) for s, t, _ in events] == [(f"source-{sid}", "source.polled")]
            assert events[0][2]["not_modified"] is True
            assert events[0][2]["status"] == status
    lm = [r for r in http_server.requests if r.path == "/lm.xml"]
    assert lm[1].headers["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"


async def test_a_feed_that_changes_brings_only_its_new_item(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    serve_seeds(http_server)
    first = rss([("g-us", http_server.url("/a/us.html"), "US")])
    second = rss(
        [
            ("g-jp", http_server.url("/a/jp.html"), "JP"),
            ("g-us", http_server.url("/a/us.html"), "US"),
        ]
    )
    http_server.add_sequence("/feed.xml", [Reply(200, first, RSS), Reply(200, second, RSS)])
    async with harness(http_server, tmp_path, extractor) as h:
        source = h.source("/feed.xml")
        await h.poll(source)
        h.new_events()
        outcome = await h.poll(source)
        events = h.new_events()
    assert (outcome.items_seen, outcome.items_new) == (2, 1)
    assert [d["guid"] for d in only(events, "item.discovered")] == ["g-jp"]
    assert len(only(events, "article.extracted")) == 1


async def test_429_with_retry_after_then_recovery(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    serve_seeds(http_server)
    http_server.add_sequence(
        "/feed.xml",
        [
            Reply(429, b"slow down", {"Retry-After": "7200"}),
            Reply(200, seed_feed(http_server), RSS),
        ],
    )
    async with harness(http_server, tmp_path, extractor) as h:
        source = h.source("/feed.xml")
        failed = await h.poll(source)
        events = h.new_events()
        assert not failed.ok
        assert [(s, t) for s, t, _ in events] == [("source-wire", "source.poll_failed")]
        data = events[0][2]
        assert (data["reason"], data["status"], data["attempt"]) == ("http_status", 429, 1)
        assert data["retry_after_s"] == 7200
        assert failed.next_check_at is not None
        assert failed.next_check_at >= START + timedelta(seconds=7200)
        assert data["next_check_reason"] == "retry_after"
        health = h.health()
        assert (health["consecutive_failures"], health["last_error_reason"]) == (1, "http_status")
        h.clock.advance(hours=2, minutes=5)
        recovered = await h.poll(source)
        assert recovered.ok
        health = h.health()
        assert (health["consecutive_failures"], health["failures"], health["polls"]) == (0, 1, 2)


async def test_failures_back_off_and_never_stop(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    http_server.add("/500.xml", b"oops", status=500)
    http_server.add_redirect("/loop-a", "/loop-b")
    http_server.add_redirect("/loop-b", "/loop-a")
    http_server.add_gzip_bomb("/bomb.xml", inflated_size=64 * 2**20)
    http_server.add(
        "/not-a-feed",
        b"\x00\x01\x02 binary garbage",
        headers={"Content-Type": "application/octet-stream"},
    )
    async with harness(http_server, tmp_path, extractor) as h:
        five = h.source("/500.xml", source_id="five")
        delays = []
        for _ in range(3):
            outcome = await h.poll(five)
            assert outcome.next_check_at is not None
            delays.append(outcome.next_check_at - h.clock.now)
        assert delays[0] < delays[1] < delays[2]
        for path, sid in (("/loop-a", "loop"), ("/bomb.xml", "bomb"), ("/not-a-feed", "junk")):
            await h.poll(h.source(path, source_id=sid))
        failures = only(h.new_events(), "source.poll_failed")
    assert [(f["source_id"], f["reason"], f["attempt"]) for f in failures] == [
        ("five", "http_status", 1),
        ("five", "http_status", 2),
        ("five", "http_status", 3),
        ("loop", "too_many_redirects", 1),
        ("bomb", "too_large", 1),
        ("junk", "parse_failed", 1),
    ]
    assert failures[0]["status"] == 500


async def test_a_slow_source_times_out(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    http_server.add("/slow.xml", b"<rss/>", delay=3.0)
    async with harness(http_server, tmp_path, extractor, read_timeout=0.5) as h:
        outcome = await h.poll(h.source("/slow.xml"))
        failures = only(h.new_events(), "source.poll_failed")
    assert outcome.reason == "timeout"
    assert [f["reason"] for f in failures] == ["timeout"]


async def test_page_failures_keep_the_summary_and_still_judge_it(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    http_server.add_oversized("/a/huge.html", size=3 * 2**20)
    http_server.add("/a/gone.html", b"missing", status=404)
    feed = rss(
        [
            ("big", http_server.url("/a/huge.html"), "ASEAN-Japan Summit held in Tokyo"),
            ("gone", http_server.url("/a/gone.html"), "Gone"),
        ]
    )
    http_server.add("/feed.xml", feed, headers=RSS)
    async with harness(http_server, tmp_path, extractor) as h:
        outcome = await h.poll(h.source("/feed.xml"))
        events = h.new_events()
    assert (outcome.items_new, outcome.extracted) == (2, 0)
    failed = {f["url"].rsplit("/", 1)[1]: f for f in only(events, "article.extraction_failed")}
    assert failed["huge.html"]["reason"] == "too_large"
    assert failed["huge.html"]["fallback_text"] == "ASEAN-Japan Summit held in Tokyo (summary)"
    assert failed["gone.html"]["reason"] == "http_status"
    assert len(only(events, "article.matched")) == 2
    assert [a["status"] for a in h.articles()] == ["extraction_failed"] * 2


async def test_a_wrong_charset_header_does_not_garble_the_text(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    body = page(SEED_US).replace(
        b"Kuala Lumpur", "Kuala Lumpur (Hội nghị Cấp cao ASEAN-Hoa Kỳ)".encode()
    )
    http_server.add("/a/vi.html", body, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    http_server.add("/feed.xml", rss([("vi", http_server.url("/a/vi.html"), "VI")]), headers=RSS)
    async with harness(http_server, tmp_path, extractor) as h:
        await h.poll(h.source("/feed.xml"))
        extracted = only(h.new_events(), "article.extracted")
    assert "Hội nghị Cấp cao ASEAN-Hoa Kỳ" in extracted[0]["text"]


async def test_one_story_in_two_feeds_and_under_a_second_url_is_one_story(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    serve_seeds(http_server)
    http_server.add("/mirror/us-copy.html", page(SEED_US), headers=HTML)
    http_server.add(
        "/one.xml", rss([("1", http_server.url("/a/us.html?utm_medium=feed"), "US")]), headers=RSS
    )
    http_server.add(
        "/two.xml",
        rss(
            [
                ("2", http_server.url("/a/us.html#top"), "US"),
                ("3", http_server.url("/mirror/us-copy.html"), "US copy"),
            ]
        ),
        headers=RSS,
    )
    async with harness(http_server, tmp_path, extractor) as h:
        await h.poll(h.source("/one.xml", source_id="one"))
        second = await h.poll(h.source("/two.xml", source_id="two"))
        events = h.new_events()
    assert (second.items_seen, second.items_new) == (2, 1)
    assert len(only(events, "item.discovered")) == 2
    linked = only(events, "article.linked")
    assert [(x["reason"], x["distance"]) for x in linked] == [("fingerprint", 0)]
    articles = {a["url"].rsplit("/", 1)[1]: a for a in h.articles()}
    original = articles["us.html?utm_medium=feed"]
    assert articles["us-copy.html"]["story_id"] == original["article_id"]
    assert linked[0]["story_id"] == original["article_id"]


@pytest.mark.parametrize("path", ["/a/us.html", "/a/gone.html"])
async def test_a_second_worker_on_an_article_appends_nothing_not_even_a_judgement(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor, path: str
) -> None:
    """The article was finished by another worker since this one read it: its extraction (or
    failed try) is refused for the stream's version, and so is the judgement that goes with it
    (an article judged twice would route twice)."""
    serve_seeds(http_server)
    http_server.add("/a/gone.html", b"missing", status=404)
    http_server.add("/feed.xml", rss([("x", http_server.url(path), "ASEAN-US")]), headers=RSS)
    async with harness(http_server, tmp_path, extractor) as h:
        await h.poll(h.source("/feed.xml"))
        (stream,) = {s for s, _, _ in h.new_events() if s.startswith("article-")}
        item = h.log.read_stream(stream)[0].decode()
        done = await h.pipeline.articles.process_article(stream, item, "again", version=1)  # type: ignore[arg-type]
        assert done is False
        assert h.new_events() == [], "nothing appended by the second worker"
