"""Article extraction: the seed articles as realistic news pages behind a feed, charsets,
failures, and the process pool."""

from __future__ import annotations

import difflib
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ExtractionError
from monitor.extract.extractor import Extractor, decode_html, extract_article
from monitor.extract.model import Extracted
from monitor.feeds import parse_feed
from monitor.fetch import Fetcher, FetcherConfig
from tests.support.httpserver import HTTPTestServer

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
MANIFEST: dict[str, Any] = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))
CONFIG = FetcherConfig(user_agent="asean-monitor-test/1.0", allowed_networks=("127.0.0.1/32",))
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def recall(expected: str, extracted: str) -> float:
    """Share of the expected tokens found, in order, in the extracted text."""
    want, got = tokens(expected), tokens(extracted)
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(want)


def seed_body(page: dict[str, Any]) -> str:
    lines = (PAGES / page["seed"]).read_text(encoding="utf-8").split("\n")
    first, last = page["body_lines"]
    return "\n".join(lines[first - 1 : last])


def serve_site(server: HTTPTestServer) -> None:
    server.add("/robots.txt", b"User-agent: *\nDisallow: /admin/\n")
    feed = (PAGES / "feed.xml").read_bytes()
    server.add("/feed.xml", feed, headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    for page in MANIFEST["pages"]:
        server.add(
            f"/articles/{page['page']}",
            (PAGES / page["page"]).read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )


@pytest.mark.anyio
async def test_seed_pages_behind_a_feed_are_recovered_without_boilerplate(
    http_server: HTTPTestServer,
) -> None:
    serve_site(http_server)
    by_url = {http_server.url(f"/articles/{p['page']}"): p for p in MANIFEST["pages"]}
    async with Fetcher(CONFIG) as fetcher, Extractor(workers=2, timeout=60) as extractor:
        fetched = await fetcher.fetch(http_server.url("/feed.xml"))
        feed = parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type, now=NOW)
        assert [item.link for item in feed.items] == list(by_url)
        for item in feed.items:
            assert item.link is not None
            page = await fetcher.fetch(item.link, kind="page")
            extracted = await extractor.extract(page.body, page.url, http_charset=page.charset)
            check_page(by_url[item.link], extracted)
    assert len(http_server.requests_for("/robots.txt")) == 1


def check_page(page: dict[str, Any], extracted: Extracted) -> None:
    score = recall(seed_body(page), extracted.text)
    assert score >= 0.95, f"{page['page']}: recovered {score:.1%} of the seed's body"
    lowered = extracted.text.lower()
    leaked = [s for s in MANIFEST["boilerplate"] if s.lower() in lowered]
    assert leaked == [], f"{page['page']}: boilerplate in the text: {leaked}"
    assert extracted.title == page["title"]
    assert extracted.canonical_url == page["canonical"]
    assert extracted.site_name == page["site"]
    assert extracted.language == "en"
    assert extracted.date is not None
    assert len(extracted.text_sha256) == 64


def test_mega_menu_text_of_the_asean_page_is_left_out() -> None:
    page = next(p for p in MANIFEST["pages"] if p["page"].startswith("004"))
    extracted = extract_article((PAGES / page["page"]).read_bytes(), url="https://asean.example/")
    assert MANIFEST["megamenu_004"] not in extracted.text
    assert "36th ASEAN-Japan Forum held virtually" in extracted.text


ARTICLE = (
    "<html><head><title>Meeting</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>Ministers meet in Hà Nội</h1>"
    + "<p>Foreign Minister Bùi Thanh Sơn said the ASEAN–US partnership “matters” to Việt Nam "
    "and to the region, and that dialogue will continue at every level this year.</p>"
    * 4
    + "</article><footer>© News</footer></body></html>"
)


@pytest.mark.anyio
async def test_wrong_http_charset_does_not_produce_mojibake(http_server: HTTPTestServer) -> None:
    body = ARTICLE.format(meta="").encode("utf-8")
    http_server.add("/a.html", body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    async with Fetcher(CONFIG) as fetcher:
        page = await fetcher.fetch(http_server.url("/a.html"))
    assert page.charset == "iso-8859-1"
    extracted = extract_article(page.body, url=page.url, http_charset=page.charset)
    assert "Bùi Thanh Sơn" in extracted.text
    assert "“matters”" in extracted.text
    assert "Ã" not in extracted.text
    assert extracted.encoding == "utf-8"


def test_meta_charset_is_used_when_http_says_nothing() -> None:
    text = ARTICLE.replace("Bùi Thanh Sơn", "Jean-Noël Barrot").replace("Hà Nội", "Paris")
    text = text.replace("Việt Nam", "France")
    body = text.format(meta='<meta charset="windows-1252">').encode("cp1252")
    extracted = extract_article(body, url="https://example.org/a")
    assert "Jean-Noël Barrot" in extracted.text
    assert "“matters”" in extracted.text
    assert extracted.encoding == "cp1252"


def test_declared_utf8_that_is_not_falls_back_to_the_next_clue() -> None:
    text = ARTICLE.replace("Bùi Thanh Sơn", "Jean-Noël Barrot").replace("Hà Nội", "Paris")
    text = text.replace("Việt Nam", "France")
    body = text.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=latin-1">')
    extracted = extract_article(body.encode("cp1252"), url="https://e.org/a", http_charset="utf-8")
    assert "Jean-Noël Barrot" in extracted.text
    assert "\ufffd" not in extracted.text


def test_undeclared_encoding_is_detected() -> None:
    russian = (
        "Министр иностранных дел заявил, что сотрудничество между АСЕАН и Россией "
        "будет развиваться во всех областях, включая торговлю, энергетику и безопасность. "
    )
    page = f"<html><body><article><p>{russian * 6}</p></article></body></html>"
    text, encoding = decode_html(page.encode("cp1251"))
    assert russian.strip() in text
    assert encoding == "cp1251"


def test_byte_order_mark_wins() -> None:
    page = "<html><body><p>Việt Nam</p></body></html>"
    text, encoding = decode_html(b"\xff\xfe" + page.encode("utf-16-le"), "iso-8859-1")
    assert text == page
    assert encoding == "utf-16"


def test_canonical_is_resolved_and_must_be_http() -> None:
    page = ARTICLE.format(meta='<link rel="canonical" href="/news/ministers-meet">')
    assert (
        extract_article(page, url="https://news.example/amp/x").canonical_url
        == "https://news.example/news/ministers-meet"
    )
    bad = ARTICLE.format(meta='<link rel="canonical" href="javascript:alert(1)">')
    assert extract_article(bad, url="https://news.example/x").canonical_url is None


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"   ",
        b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
    ],
)
def test_no_text_is_an_extraction_error(html: bytes) -> None:
    with pytest.raises(ExtractionError, match=r"example\.org"):
        extract_article(html, url="https://example.org/empty")


def slow_extract(html: bytes | str, *, url: str, http_charset: str | None = None) -> Extracted:
    """A stand-in for a page that makes trafilatura spin (runs in the worker process)."""
    if "slow" in url:
        time.sleep(30)
    return extract_article(html, url=url, http_charset=http_charset)


@pytest.mark.slow  # waits out a page's timeout (the pool's kill and replace: test_worker_pool)
@pytest.mark.anyio
async def test_a_slow_page_times_out_and_the_pool_recovers() -> None:
    page = ARTICLE.format(meta="")
    async with Extractor(workers=1, timeout=5.0, function=slow_extract) as extractor:
        await extractor.extract(page, "https://example.org/warm-up")  # pay the spawn cost
        started = time.monotonic()
        with pytest.raises(ExtractionError, match="longer than"):
            await extractor.extract(page, "https://example.org/slow")
        assert time.monotonic() - started < 12
        extracted = await extractor.extract(page, "https://example.org/fast")
    assert "Bùi Thanh Sơn" in extracted.text


@pytest.mark.anyio
async def test_pool_reports_extraction_errors() -> None:
    async with Extractor(workers=1, timeout=60) as extractor:
        with pytest.raises(ExtractionError, match="empty page"):
            await extractor.extract(b"", "https://example.org/nothing")
