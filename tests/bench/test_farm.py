"""The benchmark feed farm serves what it claims: feeds with ETags (304 on a match), distinct
article pages built from the seed pages (with realistic chrome by default, plain on request),
404 for robots.txt, keep-alive, an adjustable emulated round trip, on 127.0.0.1."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest

from bench.farm import PAGES, Farm, running_farm
from monitor.extract.extractor import extract_article
from monitor.fetch import Fetcher, FetcherConfig
from monitor.ingest.stories import NEAR, distance, fingerprint

FEEDS, ITEMS = 3, 4


@pytest.fixture(scope="module")
def farm() -> Iterator[str]:
    with running_farm(FEEDS, ITEMS) as base:
        yield base


def test_farm_listens_on_loopback_only(farm: str) -> None:
    assert urlsplit(farm).hostname == "127.0.0.1"


def test_feed_lists_its_items_with_validators(farm: str) -> None:
    answer = httpx.get(f"{farm}/feeds/2.xml")
    parsed = feedparser.parse(answer.content)
    assert answer.status_code == 200
    assert answer.headers["etag"] == '"feed-2-v1"'
    assert answer.headers["last-modified"].endswith("GMT")
    assert [e.link for e in parsed.entries] == [f"{farm}/articles/2/{i}.html" for i in range(ITEMS)]
    assert len({e.id for e in parsed.entries}) == ITEMS


def test_matching_etag_gets_304_and_other_etag_gets_the_feed(farm: str) -> None:
    same = httpx.get(f"{farm}/feeds/1.xml", headers={"If-None-Match": '"feed-1-v1"'})
    other = httpx.get(f"{farm}/feeds/1.xml", headers={"If-None-Match": '"feed-0-v1"'})
    assert (same.status_code, same.content) == (304, b"")
    assert other.status_code == 200
    assert b"<rss" in other.content


def test_robots_and_unknown_paths_are_404(farm: str) -> None:
    assert httpx.get(f"{farm}/robots.txt").status_code == 404
    assert httpx.get(f"{farm}/feeds/{FEEDS}.xml").status_code == 404
    assert httpx.get(f"{farm}/articles/0/{ITEMS}.html").status_code == 404


def test_pages_are_distinct_articles_made_of_seed_text(farm: str) -> None:
    seeds = " ".join(p.read_text(encoding="utf-8") for p in PAGES.glob("*.txt"))
    first = extract_article(httpx.get(f"{farm}/articles/0/1.html").content, url="x")
    second = extract_article(httpx.get(f"{farm}/articles/1/1.html").content, url="x")
    assert first.title is not None
    assert first.title.endswith("(farm 0-1)")
    assert first.canonical_url == f"{farm}/articles/0/1.html"
    assert len(first.text.split()) > 200
    assert first.text.splitlines()[1][:80] in seeds
    assert distance(fingerprint(first.text), fingerprint(second.text)) > NEAR


def test_keep_alive_serves_several_requests_on_one_connection(farm: str) -> None:
    before = httpx.get(f"{farm}/_stats").json()["connections"]
    parts = urlsplit(farm)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    statuses = []
    sockets = []
    for path in ("/feeds/0.xml", "/robots.txt", "/articles/0/0.html"):
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
        sockets.append(conn.sock)
    conn.close()
    after = httpx.get(f"{farm}/_stats").json()["connections"]
    assert after - before == 2  # this connection and the later /_stats one
    assert statuses == [200, 404, 200]
    assert sockets[0] is not None
    assert all(s is sockets[0] for s in sockets)


@pytest.mark.anyio
async def test_the_fetcher_gets_304_with_the_etag_it_was_given(farm: str) -> None:
    before = httpx.get(f"{farm}/_stats").json()
    config = FetcherConfig(allow_private_networks=True)
    async with Fetcher(config) as fetcher:
        first = await fetcher.fetch(f"{farm}/feeds/0.xml")
        again = await fetcher.fetch(f"{farm}/feeds/0.xml", etag=first.etag)
    after = httpx.get(f"{farm}/_stats").json()
    assert (first.status, again.status, again.not_modified) == (200, 304, True)
    assert after["304"] - before.get("304", 0) == 1


@pytest.mark.anyio
async def test_the_fetcher_keeps_its_connection_across_304s(farm: str) -> None:
    before = httpx.get(f"{farm}/_stats").json()["connections"]
    config = FetcherConfig(allow_private_networks=True)
    async with Fetcher(config) as fetcher:
        first = await fetcher.fetch(f"{farm}/feeds/1.xml")
        for _ in range(20):
            again = await fetcher.fetch(f"{farm}/feeds/1.xml", etag=first.etag)
            assert again.not_modified
    after = httpx.get(f"{farm}/_stats").json()["connections"]
    assert after - before <= 2  # the fetcher's one connection and the /_stats one


def test_realistic_pages_carry_60_to_120_kb_of_chrome_around_the_same_article() -> None:
    dressed = Farm(FEEDS, ITEMS, "http://127.0.0.1:1")
    plain = Farm(FEEDS, ITEMS, "http://127.0.0.1:1", page_size="small")
    for feed, item in [(0, 0), (1, 3), (2, 2)]:
        big, small = dressed.page(feed, item), plain.page(feed, item)
        assert 60 * 1024 <= len(big.encode()) <= 120 * 1024
        assert len(small.encode()) < 20 * 1024
        assert big.count("<a ") > 300
        assert '<script type="application/ld+json">' in big
        url = dressed.page_url(feed, item)
        seen = extract_article(big.encode(), url=url)
        assert seen == extract_article(small.encode(), url=url)
        assert seen.title is not None
        assert seen.title.endswith(f"(farm {feed}-{item})")


def test_pages_are_the_same_bytes_every_time() -> None:
    first, second = Farm(FEEDS, ITEMS, "http://x"), Farm(FEEDS, ITEMS, "http://x")
    assert first.page(2, 3) == second.page(2, 3)
    assert first.page(2, 3) != first.page(2, 2)


def test_the_emulated_round_trip_can_be_set_while_running(farm: str) -> None:
    assert httpx.get(f"{farm}/_latency?seconds=0.3").json() == {"latency": 0.3}
    try:
        started = time.monotonic()
        assert httpx.get(f"{farm}/feeds/0.xml").status_code == 200
        assert time.monotonic() - started >= 0.3
    finally:
        httpx.get(f"{farm}/_latency?seconds=0")
    started = time.monotonic()
    httpx.get(f"{farm}/feeds/0.xml")
    assert time.monotonic() - started < 0.3
