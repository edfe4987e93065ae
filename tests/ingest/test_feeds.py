"""parse_feed and parse_listing on documents written for these tests (the feedparser corpus
is in test_corpus.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from monitor.errors import ParseError
from monitor.feeds import html_to_text, parse_feed, parse_listing
from monitor.feeds.dates import parse_date

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "https://news.example/feeds/asean.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>ASEAN &amp; partners</title>
  <link>/asean</link>
  <ttl>45</ttl>
  <language>en-gb</language>
  <item>
    <title>13th ASEAN&#8211;US Summit opens</title>
    <link>/2025/10/26/summit</link>
    <guid isPermaLink="false">story-42</guid>
    <pubDate>Sun, 26 Oct 2025 14:30:00 +0800</pubDate>
    <dc:creator>Staff</dc:creator>
    <category>Diplomacy</category>
    <category>ASEAN-US</category>
    <description><![CDATA[<p>Leaders met in <b>Kuala Lumpur</b>.</p><script>alert('x')</script>
      <img src="x" onerror="steal()"><p>Second&nbsp;paragraph.</p>]]></description>
  </item>
  <item>
    <title>No date, no guid</title>
    <link>https://other.example/a?b=1&amp;c=2</link>
    <pubDate>sometime last week</pubDate>
  </item>
</channel>
</rss>"""


def test_rss_items_are_mapped_with_utc_dates_and_absolute_links() -> None:
    feed = parse_feed(RSS, url=BASE, content_type="application/rss+xml", now=NOW)
    assert feed.format == "rss20"
    assert feed.title == "ASEAN & partners"
    assert feed.link == "https://news.example/asean"
    assert feed.ttl == 45
    assert feed.language == "en-gb"
    assert not feed.bozo
    first, second = feed.items
    assert first.guid == "story-42"
    assert first.link == "https://news.example/2025/10/26/summit"
    assert first.title == "13th ASEAN–US Summit opens"
    assert first.published == datetime(2025, 10, 26, 6, 30, tzinfo=UTC)
    assert first.published_raw == "Sun, 26 Oct 2025 14:30:00 +0800"
    assert first.updated is None
    assert first.author == "Staff"
    assert first.tags == ("Diplomacy", "ASEAN-US")
    assert first.language == "en-gb"
    assert first.summary == "Leaders met in Kuala Lumpur.\nSecond paragraph."
    assert second.guid == "https://other.example/a?b=1&c=2"
    assert second.published is None
    assert second.published_raw == "sometime last week"


def test_atom_with_offsets_and_updated() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <title type="html">Tin &lt;b&gt;ASEAN&lt;/b&gt;</title>
  <link rel="alternate" href="https://vn.example/"/>
  <entry>
    <id>tag:vn.example,2025:1</id>
    <title>Th\xe1\xbb\xa7 t\xc6\xb0\xe1\xbb\x9bng</title>
    <link href="bai-viet/1"/>
    <published>2025-10-26T19:05:00+07:00</published>
    <updated>2025-10-27T01:00:00Z</updated>
    <summary type="text">Plain &lt;text&gt; stays</summary>
    <content type="html">&lt;p&gt;Full &lt;i&gt;text&lt;/i&gt;&lt;/p&gt;</content>
  </entry>
</feed>"""
    feed = parse_feed(atom, url="https://vn.example/atom.xml", content_type=None, now=NOW)
    assert feed.format == "atom10"
    assert feed.title == "Tin ASEAN"
    item = feed.items[0]
    assert item.title == "Thủ tướng"
    assert item.link == "https://vn.example/bai-viet/1"
    assert item.published == datetime(2025, 10, 26, 12, 5, tzinfo=UTC)
    assert item.updated == datetime(2025, 10, 27, 1, 0, tzinfo=UTC)
    assert item.updated_raw == "2025-10-27T01:00:00Z"
    assert item.summary == "Plain <text> stays"
    assert item.content == "Full text"
    assert item.language == "vi"


def test_broken_feed_is_parsed_as_far_as_it_goes() -> None:
    broken = RSS.replace(b"</channel>\n</rss>", b"<item><title>cut off")
    feed = parse_feed(broken, url=BASE, content_type="application/rss+xml", now=NOW)
    assert feed.bozo
    assert feed.problems
    assert "SAXParseException" in feed.problems[0] or "line" in feed.problems[0]
    assert feed.items[0].guid == "story-42"


def test_wrong_declared_encoding_is_recorded() -> None:
    latin = RSS.replace(b"Kuala Lumpur", "Kuala Lumpur café".encode("latin-1"))
    feed = parse_feed(latin, url=BASE, content_type="text/xml; charset=utf-8", now=NOW)
    assert feed.bozo
    assert feed.encoding is not None
    assert feed.encoding != "utf-8"
    assert "café" in feed.items[0].summary


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", "text/xml", "empty"),
        (b"   \n", None, "empty"),
        (b"just some words, not a feed", "text/plain", "not a feed"),
        (b'{"hello": "world"}', "application/json", "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": ', "application/json", "JSON"),
        (b"<html><body><p>Hello</p></body></html>", "text/html", "not a feed"),
    ],
)
def test_nothing_parseable_is_a_parse_error(
    body: bytes, content_type: str | None, message: str
) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse_feed(body, url=BASE, content_type=content_type, now=NOW)
    assert BASE in str(caught.value)


def test_feed_body_is_never_taken_for_a_file_name() -> None:
    with pytest.raises(ParseError):
        parse_feed(b"/etc/passwd", url=BASE, content_type=None, now=NOW)


JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "ASEAN wire",
    "home_page_url": "https://wire.example/",
    "language": "en",
    "items": [
        {
            "id": "1",
            "url": "/2025/summit",
            "title": "ASEAN-Japan Forum",
            "content_html": "<p>The <b>36th</b> forum.</p><script>x()</script>",
            "summary": "Forum held.",
            "date_published": "2021-05-27T15:00:00+07:00",
            "date_modified": "2021-05-28T00:00:00Z",
            "authors": [{"name": "ASEAN Secretariat"}],
            "tags": ["japan", 7],
        },
        {"id": "2", "content_text": "Plain text only", "date_published": "yesterday"},
        "not an item",
    ],
}


def test_json_feed_11() -> None:
    body = json.dumps(JSON_FEED).encode()
    feed = parse_feed(body, url="https://wire.example/feed.json", content_type=None, now=NOW)
    assert feed.format == "json11"
    assert feed.title == "ASEAN wire"
    assert feed.link == "https://wire.example/"
    first, second = feed.items
    assert first.link == "https://wire.example/2025/summit"
    assert first.content == "The 36th forum."
    assert first.summary == "Forum held."
    assert first.published == datetime(2021, 5, 27, 8, 0, tzinfo=UTC)
    assert first.updated == datetime(2021, 5, 28, tzinfo=UTC)
    assert first.author == "ASEAN Secretariat"
    assert first.tags == ("japan",)
    assert first.language == "en"
    assert second.content == "Plain text only"
    assert second.published is None
    assert second.published_raw == "yesterday"
    assert feed.bozo
    assert any("items[2]" in p for p in feed.problems)
    assert any("date_published" in p for p in feed.problems)


def test_json_feed_10_with_single_author_in_utf16() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Tin tức",
        "items": [
            {
                "id": "a",
                "url": "https://x.example/a",
                "title": "Việt Nam",
                "author": {"name": "VOV"},
            }
        ],
    }
    body = json.dumps(document, ensure_ascii=False).encode("utf-16")
    feed = parse_feed(
        body, url="https://x.example/f.json", content_type="application/feed+json", now=NOW
    )
    assert feed.format == "json10"
    assert feed.items[0].title == "Việt Nam"
    assert feed.items[0].author == "VOV"
    assert feed.encoding is not None
    assert feed.encoding.startswith("utf-16")


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://asean.example/news/36th-asean-japan-forum</loc>
    <lastmod>2021-05-27</lastmod>
    <news:news>
      <news:publication><news:name>ASEAN</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2021-05-27T15:00:00+07:00</news:publication_date>
      <news:title>36th ASEAN-Japan Forum</news:title>
      <news:keywords>ASEAN, Japan , forum</news:keywords>
    </news:news>
  </url>
  <url><loc>/relative/page</loc></url>
  <url><lastmod>2021-01-01</lastmod></url>
</urlset>"""


def test_news_sitemap() -> None:
    feed = parse_feed(
        NEWS_SITEMAP,
        url="https://asean.example/sitemap.xml",
        content_type="application/xml",
        now=NOW,
    )
    assert feed.format == "sitemap"
    first, second = feed.items
    assert first.link == "https://asean.example/news/36th-asean-japan-forum"
    assert first.title == "36th ASEAN-Japan Forum"
    assert first.published == datetime(2021, 5, 27, 8, 0, tzinfo=UTC)
    assert first.updated == datetime(2021, 5, 27, tzinfo=UTC)
    assert first.updated_raw == "2021-05-27"
    assert first.language == "en"
    assert first.author == "ASEAN"
    assert first.tags == ("ASEAN", "Japan", "forum")
    assert second.link == "https://asean.example/relative/page"
    assert feed.bozo
    assert any("without <loc>" in p for p in feed.problems)


def test_sitemap_index_lists_children() -> None:
    index = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://asean.example/sitemap-news.xml</loc></sitemap>
  <sitemap><loc>/sitemap-2021.xml</loc><lastmod>2021-12-31</lastmod></sitemap>
</sitemapindex>"""
    feed = parse_feed(
        index, url="https://asean.example/sitemap.xml", content_type="text/xml", now=NOW
    )
    assert feed.format == "sitemapindex"
    assert feed.items == []
    assert feed.sitemaps == [
        "https://asean.example/sitemap-news.xml",
        "https://asean.example/sitemap-2021.xml",
    ]


def test_sitemap_entities_are_not_expanded() -> None:
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://a.example/&xxe;</loc></url>
</urlset>"""
    feed = parse_feed(
        hostile, url="https://a.example/sitemap.xml", content_type="text/xml", now=NOW
    )
    with open("/etc/hostname", encoding="utf-8") as handle:
        hostname = handle.read().strip()
    assert all(hostname not in (item.link or "") for item in feed.items)


LISTING = b"""<html><head><title>News | Ministry</title><base href="https://mofa.example/en/"></head>
<body>
<nav><a href="/en/about">About</a><a href="/en/news/">News</a></nav>
<ul class="news">
  <li><a href="news/2025/10/asean-us-summit.html">13th ASEAN-US Summit</a></li>
  <li><a href="news/2025/10/asean-us-summit.html#comments"><img alt="">
      </a></li>
  <li><a href="https://mofa.example/en/news/2025/09/arf.html" title="ARF">
      ASEAN Regional Forum</a></li>
  <li><a href="javascript:void(0)">More</a></li>
</ul>
<footer><a href="https://twitter.example/mofa">Follow us</a></footer>
</body></html>"""


def test_listing_links_become_items() -> None:
    feed = parse_listing(LISTING, "https://mofa.example/en/index.html", r"/news/\d{4}/\d{2}/")
    assert feed.format == "html"
    assert feed.title == "News | Ministry"
    assert [(i.link, i.title) for i in feed.items] == [
        ("https://mofa.example/en/news/2025/10/asean-us-summit.html", "13th ASEAN-US Summit"),
        ("https://mofa.example/en/news/2025/09/arf.html", "ASEAN Regional Forum"),
    ]
    assert all(i.guid == i.link for i in feed.items)


def test_listing_of_nothing_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not an HTML page"):
        parse_listing(b"", "https://mofa.example/", r"/news/")


def test_html_to_text_drops_scripts_comments_and_keeps_blocks() -> None:
    markup = "<p>One &amp; <b>two</b></p><!-- hidden --><style>p{}</style><div>three</div>four"
    assert html_to_text(markup) == "One & two\nthree\nfour"
    assert html_to_text("  plain   text ") == "plain text"


def test_a_summarys_words_are_whole_without_invisible_hints() -> None:
    """A soft hyphen or a zero-width space inside a word does not split it, as extraction
    leaves pages (else "Klimawandel" or a Khmer name is not found in a summary)."""
    assert html_to_text("<p>Klima&shy;wandel und Energie\u00adsicherheit</p>") == (
        "Klimawandel und Energiesicherheit"
    )
    assert html_to_text("កិច្ចប្រជុំ\u200bកំពូល\u200bអាស៊ាន\ufeff") == "កិច្ចប្រជុំកំពូលអាស៊ាន"
    assert html_to_text("ASEAN\u200d\u200cindia") == "ASEAN\u200d\u200cindia"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-10-26T19:05:00+07:00", datetime(2025, 10, 26, 12, 5, tzinfo=UTC)),
        ("2025-10-26T12:05:00Z", datetime(2025, 10, 26, 12, 5, tzinfo=UTC)),
        ("2025-10-26", datetime(2025, 10, 26, tzinfo=UTC)),
        ("Sun, 26 Oct 2025 14:30:00 GMT", datetime(2025, 10, 26, 14, 30, tzinfo=UTC)),
        ("Sun, 26 Oct 2025 14:30:00 -0500", datetime(2025, 10, 26, 19, 30, tzinfo=UTC)),
        ("next Tuesday", None),
        ("", None),
    ],
)
def test_dates_are_normalised_to_utc(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


def test_items_dated_after_the_poll_are_kept_and_reported() -> None:
    early = datetime(2025, 10, 20, tzinfo=UTC)
    feed = parse_feed(RSS, url=BASE, content_type="application/rss+xml", now=early)
    assert feed.items[0].published == datetime(2025, 10, 26, 6, 30, tzinfo=UTC)
    assert feed.problems == [
        "items[0]: published 'Sun, 26 Oct 2025 14:30:00 +0800' is after the poll time"
    ]
    assert parse_feed(RSS, url=BASE, content_type=None, now=NOW).problems == []
    with pytest.raises(ValueError, match="aware"):
        parse_feed(RSS, url=BASE, content_type=None, now=datetime(2026, 1, 1))
