"""What docs/sources.md promises of a source, through the real pipeline against a loopback
server: ``kind`` picks the parser (and a document of another kind is a clear problem),
``link_xpath`` and ``link_pattern`` choose a listing's articles, ``user_agent`` goes with the
source's requests and its pages', and a sitemap index's children are fetched."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from monitor.config import SourceKind
from monitor.extract.extractor import Extractor
from monitor.feeds import KINDS
from monitor.fetch import DEFAULT_USER_AGENT
from monitor.ingest import sitemaps
from monitor.ingest.polling import Pipeline
from monitor.ingest.resume import Resumer
from tests.support.httpserver import HTTPTestServer, Reply
from tests.support.ingest_harness import Harness, harness, only, page, rss

pytestmark = pytest.mark.anyio

SEED_US = "003_6026261d9c1d940c.html"
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
JSON_TYPE = {"Content-Type": "application/json"}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def urlset(*urls: str) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f"<?xml version='1.0'?><urlset xmlns='{SITEMAP_NS}'>{entries}</urlset>".encode()


def sitemap_index(*children: tuple[str, str | None]) -> bytes:
    """A sitemap index of (url, lastmod or None)."""
    entries = "".join(
        f"<sitemap><loc>{url}</loc>{f'<lastmod>{date}</lastmod>' if date else ''}</sitemap>"
        for url, date in children
    )
    return (
        f"<?xml version='1.0'?><sitemapindex xmlns='{SITEMAP_NS}'>{entries}</sitemapindex>"
    ).encode()


def discovered(h: Harness, source_id: str) -> dict[str, str]:
    """URL -> title of the items ``source_id`` discovered since the last look, in order."""
    events = only(h.new_events(), "item.discovered")
    return {d["url"]: d["title"] for d in events if d["source_id"] == source_id}


def listing_page(server: HTTPTestServer) -> bytes:
    """A ministry's news page: site navigation, a news list, a sidebar, a footer."""
    return f"""<!DOCTYPE html>
<html><head><title>Press releases</title>
<script>/* analytics: <urlset> */</script></head>
<body>
<nav><a href="/about.html">About</a><a href="/press/archive.html">Archive</a></nav>
<ul class="news">
  <li><a href="/press/2026/05/asean-japan.html">ASEAN-Japan forum</a></li>
  <li><a href="{server.url("/press/2026/05/asean-us.html")}">ASEAN-US summit</a></li>
  <li><a href="/gallery/2026/05/photos.html">Photos of the summit</a></li>
</ul>
<aside><a href="/press/2026/04/old-but-featured.html">Featured</a></aside>
<footer><a href="https://twitter.example/ministry">Follow us</a></footer>
</body></html>""".encode()


async def test_kind_picks_the_parser_whatever_the_content_type_says(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    """Misconfigured servers: an RSS feed and a sitemap sent as application/json, a listing
    sent as XML with ``<urlset`` in its head.  Each is read as its source's kind says."""
    feed_items = [("g-1", http_server.url("/n/rss-story.html"), "RSS story")]
    http_server.add("/rss-as-json", rss(feed_items), headers=JSON_TYPE)
    http_server.add(
        "/sitemap-as-json", urlset(http_server.url("/n/sitemap-story.html")), headers=JSON_TYPE
    )
    http_server.add("/listing-as-xml", listing_page(http_server), headers=XML)
    async with harness(http_server, tmp_path, extractor) as h:
        feed = await h.poll(h.source("/rss-as-json", source_id="feed"))
        feed_events = h.new_events()
        sitemap = await h.poll(h.source("/sitemap-as-json", "sitemap", kind=SourceKind.SITEMAP))
        sitemap_events = h.new_events()
        listing = await h.poll(
            h.source(
                "/listing-as-xml",
                "listing",
                kind=SourceKind.HTML_LISTING,
                link_pattern=re.compile(r"/press/\d{4}/"),
            )
        )
        listing_events = h.new_events()
    assert (feed.ok, feed.items_new) == (True, 1), feed
    assert only(feed_events, "source.polled")[0]["format"] == "rss20"
    assert (sitemap.ok, sitemap.items_new) == (True, 1), sitemap
    assert only(sitemap_events, "source.polled")[0]["format"] == "sitemap"
    assert [d["url"] for d in only(sitemap_events, "item.discovered")] == [
        http_server.url("/n/sitemap-story.html")
    ]
    assert listing.ok, listing
    assert only(listing_events, "source.polled")[0]["format"] == "html"
    assert len(only(listing_events, "item.discovered")) == 3


async def test_a_document_of_another_kind_is_a_clear_problem(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    """An RSS feed behind a json_feed source and a sitemap behind a feed source are not
    parsed as what they are: the poll fails, naming the source, the kind it expected, what
    it found, and the kind that would fit."""
    http_server.add("/feed.xml", rss([("g", http_server.url("/n/a.html"), "A")]), headers=RSS)
    http_server.add("/sitemap.xml", urlset(http_server.url("/n/b.html")), headers=XML)
    async with harness(http_server, tmp_path, extractor) as h:
        as_json = await h.poll(h.source("/feed.xml", "wire-json", kind=SourceKind.JSON_FEED))
        as_feed = await h.poll(h.source("/sitemap.xml", "wire-feed", kind=SourceKind.FEED))
        events = h.new_events()
        health = h.health("wire-json")
    assert not as_json.ok
    assert not as_feed.ok
    assert only(events, "item.discovered") == []
    json_failure, feed_failure = only(events, "source.poll_failed")
    assert json_failure["reason"] == feed_failure["reason"] == "wrong_kind"
    detail = json_failure["detail"]
    assert "source 'wire-json' (kind: json_feed)" in detail
    assert "expected a JSON Feed" in detail
    assert "<rss> root" in detail
    assert "is the source kind: feed (an RSS" in detail
    assert http_server.url("/feed.xml") in detail
    detail = feed_failure["detail"]
    assert "source 'wire-feed' (kind: feed)" in detail
    assert "expected an RSS" in detail
    assert "<urlset> root" in detail
    assert "is the source kind: sitemap (an XML sitemap" in detail
    assert health["last_error_reason"] == "wrong_kind"


async def test_link_xpath_restricts_articles_to_what_it_selects(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    """``link_xpath`` alone: an element that holds links, or the links' href attributes;
    navigation, sidebar and footer links are not articles."""
    http_server.add("/press", listing_page(http_server), headers=HTML)
    news = [
        http_server.url("/press/2026/05/asean-japan.html"),
        http_server.url("/press/2026/05/asean-us.html"),
        http_server.url("/gallery/2026/05/photos.html"),
    ]
    async with harness(http_server, tmp_path, extractor) as h:
        listing = {"kind": SourceKind.HTML_LISTING}
        by_list = h.source("/press", "by-list", **listing, link_xpath="//ul[@class='news']")
        by_href = h.source("/press", "by-href", **listing, link_xpath="//ul/li/a/@href")
        from_list = await h.poll(by_list)
        found = discovered(h, "by-list")
        from_href = await h.poll(by_href)
    assert (from_list.items_seen, from_href.items_seen) == (3, 3)
    assert list(found) == news
    assert found[news[0]] == "ASEAN-Japan forum"
    assert from_href.items_new == 0  # the same three stories, already known through by-list


async def test_link_pattern_restricts_articles_alone_and_together_with_link_xpath(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    """``link_pattern`` alone: links whose absolute URL it matches, wherever they are on the
    page; with ``link_xpath`` too: links that satisfy both."""
    http_server.add("/press", listing_page(http_server), headers=HTML)
    listing: dict[str, Any] = {
        "kind": SourceKind.HTML_LISTING,
        "link_pattern": re.compile(r"/press/\d{4}/\d{2}/"),
    }
    async with harness(http_server, tmp_path, extractor) as h:
        both = await h.poll(h.source("/press", "both", **listing, link_xpath="//ul"))
        from_both = discovered(h, "both")
        alone = await h.poll(h.source("/press", "alone", **listing))
        from_alone = discovered(h, "alone")
    assert both.items_seen == 2
    assert list(from_both) == [
        http_server.url("/press/2026/05/asean-japan.html"),
        http_server.url("/press/2026/05/asean-us.html"),
    ]
    assert alone.items_seen == 3  # the featured story in the sidebar matches the pattern too
    assert list(from_alone) == [http_server.url("/press/2026/04/old-but-featured.html")]


async def test_user_agent_goes_with_the_feed_its_pages_and_robots(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    """A source's ``user_agent`` is sent for its feed and for the pages of its articles
    (a retry after a restart too), and robots.txt is read for it; a source without one keeps
    the daemon's agent, which this robots.txt keeps out of /a/."""
    agent = "PressReader/2.0 (+https://reader.example/bot)"
    http_server.add(
        "/robots.txt",
        b"User-agent: asean-monitor\nDisallow: /a/\n\nUser-agent: *\nAllow: /\n",
        headers={"Content-Type": "text/plain"},
    )
    http_server.add_sequence("/a/us.html", [Reply(503, b"busy"), Reply(200, page(SEED_US), HTML)])
    http_server.add("/a/other.html", page(SEED_US), headers=HTML)
    http_server.add("/agent.xml", rss([("us", http_server.url("/a/us.html"), "US")]), headers=RSS)
    http_server.add(
        "/plain.xml", rss([("other", http_server.url("/a/other.html"), "Other")]), headers=RSS
    )
    async with harness(http_server, tmp_path, extractor) as h:
        source = h.source("/agent.xml", "agent", user_agent=agent, headers={"user-agent": "x"})
        await h.poll(source)
        first = only(h.new_events(), "article.extraction_failed")
        assert [r.headers["user-agent"] for r in http_server.requests_for("/agent.xml")] == [agent]
        assert [r.headers["user-agent"] for r in http_server.requests_for("/a/us.html")] == [agent]
        assert [(f["reason"], f["status"]) for f in first] == [("http_status", 503)]
        await h.poll(h.source("/plain.xml", "plain"))
        plain = only(h.new_events(), "article.extraction_failed")
        assert [r.headers["user-agent"] for r in http_server.requests_for("/plain.xml")] == [
            DEFAULT_USER_AGENT
        ]
        assert [f["reason"] for f in plain] == ["robots_disallowed"]
        assert http_server.requests_for("/a/other.html") == []
        # After a restart: a pipeline that has not polled the source yet resumes the retry.
        h.clock.advance(minutes=30)
        restarted = Pipeline(
            h.log, h.pipeline.fetcher, extractor, h.clock, sources={source.id: source}
        )
        steps = await Resumer(h.log, restarted).resume("resume-test")
    assert steps["extracted"] == 1
    page_agents = [r.headers["user-agent"] for r in http_server.requests_for("/a/us.html")]
    assert page_agents == [agent, agent]


async def test_a_sitemap_index_has_its_children_fetched(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor, monkeypatch: Any
) -> None:
    """The most recent children are fetched (three a poll here), their URLs discovered; a child
    that is an index itself is not followed; the next poll asks conditionally, and a child that
    changed under an unchanged index still brings its new story."""
    monkeypatch.setattr(sitemaps, "SITEMAP_CHILDREN", 3)
    url = http_server.url
    http_server.add_etag(
        "/sitemap.xml",
        sitemap_index(
            (url("/sm-2019.xml"), "2019-12-31"),
            (url("/sm-news.xml"), "2026-05-03T07:00:00Z"),
            (url("/sm-nested.xml"), "2026-01-01"),
            (url("/sm-2025.xml"), "2025-12-31"),
        ),
        etag='"index-1"',
        headers=XML,
    )
    news_1 = urlset(url("/n/one.html"), url("/n/two.html"))
    news_2 = urlset(url("/n/one.html"), url("/n/two.html"), url("/n/three.html"))
    http_server.add_sequence(
        "/sm-news.xml",
        [
            Reply(200, news_1, {**XML, "ETag": '"news-1"'}),
            Reply(200, news_2, {**XML, "ETag": '"news-2"'}),
        ],
    )
    http_server.add_etag("/sm-2025.xml", urlset(url("/n/archive.html")), etag='"a"', headers=XML)
    http_server.add("/sm-2019.xml", urlset(url("/n/ancient.html")), headers=XML)
    http_server.add("/sm-nested.xml", sitemap_index((url("/sm-deep.xml"), None)), headers=XML)
    async with harness(http_server, tmp_path, extractor) as h:
        source = h.source("/sitemap.xml", "sitemaps", kind=SourceKind.SITEMAP)
        first = await h.poll(source)
        events = h.new_events()
        h.clock.advance(hours=1)
        second = await h.poll(source)
        later = h.new_events()
    polled = only(events, "source.polled")[0]
    assert first.ok
    assert polled["format"] == "sitemapindex"
    assert sorted(d["url"] for d in only(events, "item.discovered")) == [
        url("/n/archive.html"),
        url("/n/one.html"),
        url("/n/two.html"),
    ]
    assert (first.items_seen, first.items_new) == (3, 3)
    assert any(url("/sm-nested.xml") in p and "itself an index" in p for p in polled["problems"])
    assert any("4 sitemaps; 1 not fetched" in p for p in polled["problems"])
    assert http_server.requests_for("/sm-2019.xml") == []  # the oldest, past the bound
    assert http_server.requests_for("/sm-deep.xml") == []  # one level of index only
    assert [d["url"] for d in only(later, "item.discovered")] == [url("/n/three.html")]
    assert (second.ok, second.not_modified, second.items_new) == (True, False, 1)
    index_requests = http_server.requests_for("/sitemap.xml")
    assert index_requests[1].headers.get("if-none-match") == '"index-1"'
    assert http_server.requests_for("/sm-news.xml")[1].headers.get("if-none-match") == '"news-1"'
    assert http_server.requests_for("/sm-2025.xml")[1].headers.get("if-none-match") == '"a"'
    assert only(later, "source.polled")[0]["status"] == 304


async def test_a_failing_child_sitemap_is_a_problem_of_the_poll_not_a_failed_poll(
    http_server: HTTPTestServer, tmp_path: Path, extractor: Extractor
) -> None:
    url = http_server.url
    http_server.add(
        "/sitemap.xml",
        sitemap_index(
            (url("/sm-good.xml"), None), (url("/sm-down.xml"), None), (url("/sm-html.xml"), None)
        ),
        headers=XML,
    )
    http_server.add("/sm-good.xml", urlset(url("/n/good.html")), headers=XML)
    http_server.add("/sm-down.xml", b"oops", status=500)
    http_server.add("/sm-html.xml", b"<html><body>Not found</body></html>", headers=HTML)
    async with harness(http_server, tmp_path, extractor) as h:
        outcome = await h.poll(h.source("/sitemap.xml", "sitemaps", kind=SourceKind.SITEMAP))
        events = h.new_events()
        health = h.health("sitemaps")
    assert outcome.ok
    assert only(events, "source.poll_failed") == []
    assert [d["url"] for d in only(events, "item.discovered")] == [url("/n/good.html")]
    problems = only(events, "source.polled")[0]["problems"]
    down = [p for p in problems if url("/sm-down.xml") in p]
    wrong = [p for p in problems if url("/sm-html.xml") in p]
    [down_problem] = down
    [wrong_problem] = wrong
    assert "http_status" in down_problem
    assert "HTTP 500" in down_problem
    assert "wrong_kind" in wrong_problem
    assert "<html> root" in wrong_problem
    assert (health["consecutive_failures"], health["failures"]) == (0, 0)


def test_every_kind_sources_yaml_accepts_has_one_parser() -> None:
    assert set(KINDS) == {kind.value for kind in SourceKind}
    assert all(KINDS[kind].name == kind for kind in KINDS)
