"""XML sitemaps (sitemaps.org 0.9), Google News sitemaps, and sitemap indexes.

An index is parsed, not followed: its children are in ``ParsedFeed.sitemaps`` (with their
``<lastmod>`` in ``sitemap_dates``), and :func:`children_to_fetch` says which of them a poll
fetches (the poll itself, :mod:`monitor.ingest.polling`, fetches them).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin

import lxml.etree

from monitor.errors import ParseError
from monitor.feeds.dates import parse_date
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.text import normalise_space

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}

# No DTDs, no entity expansion, no network: a sitemap is untrusted input.
_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)


def parse_sitemap(body: bytes, *, url: str) -> ParsedFeed:
    try:
        root = lxml.etree.fromstring(body, _PARSER)
    except lxml.etree.XMLSyntaxError as exc:
        raise ParseError(f"{url}: sitemap is not XML: {exc}") from exc
    if root is None:
        raise ParseError(f"{url}: sitemap is empty or not XML")
    problems = [f"line {e.line}: {e.message}" for e in _PARSER.error_log]
    name = lxml.etree.QName(root).localname
    encoding = root.getroottree().docinfo.encoding
    if name == "sitemapindex":
        children: dict[str, datetime | None] = {}
        for node in root.iterfind("sm:sitemap", NS):
            loc = _first(node, "sm:loc")
            if not loc:
                problems.append(f"line {node.sourceline}: <sitemap> without <loc>")
                continue
            children.setdefault(urljoin(url, loc), parse_date(_first(node, "sm:lastmod")))
        dates = {child: date for child, date in children.items() if date is not None}
        return ParsedFeed(
            "sitemapindex",
            None,
            url,
            None,
            [],
            bool(problems),
            problems,
            encoding,
            None,
            list(children),
            dates,
        )
    if name != "urlset":
        raise ParseError(f"{url}: expected <urlset> or <sitemapindex>, found <{name}>")
    items = [_item(node, url, problems) for node in root.iterfind("sm:url", NS)]
    return ParsedFeed(
        "sitemap", None, url, None, [i for i in items if i], bool(problems), problems, encoding
    )


def children_to_fetch(index: ParsedFeed, limit: int) -> tuple[list[str], list[str]]:
    """The child sitemaps of ``index`` a poll fetches, and those it leaves: at most ``limit``,
    the most recently modified first (``<lastmod>``), then those without a date in the
    index's order.  The index's own URL is never one of its children."""
    own = index.link
    listed = [child for child in index.sitemaps if child != own]
    dated = sorted(
        (c for c in listed if c in index.sitemap_dates),
        key=lambda c: index.sitemap_dates[c],
        reverse=True,
    )
    ordered = dated + [c for c in listed if c not in index.sitemap_dates]
    return ordered[:limit], ordered[limit:]


def _item(node: lxml.etree._Element, base: str, problems: list[str]) -> FeedItem | None:
    loc = _first(node, "sm:loc")
    if not loc:
        problems.append(f"line {node.sourceline}: <url> without <loc>")
        return None
    link = urljoin(base, loc)
    published_raw = _first(node, "news:news/news:publication_date")
    updated_raw = _first(node, "sm:lastmod")
    keywords = _first(node, "news:news/news:keywords") or ""
    return FeedItem(
        guid=link,
        link=link,
        title=normalise_space(_first(node, "news:news/news:title") or ""),
        published=parse_date(published_raw),
        published_raw=published_raw,
        updated=parse_date(updated_raw),
        updated_raw=updated_raw,
        author=_first(node, "news:news/news:publication/news:name"),
        language=_first(node, "news:news/news:publication/news:language"),
        tags=tuple(k.strip() for k in keywords.split(",") if k.strip()),
    )


def _first(node: lxml.etree._Element, path: str) -> str | None:
    values = _texts(node, path)
    return values[0] if values else None


def _texts(node: lxml.etree._Element, path: str) -> list[str]:
    found = node.findall(path, NS)
    return [str(e.text).strip() for e in found if e.text and str(e.text).strip()]
