"""HTML pages without a feed: the article links on a listing page become items."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

import lxml.etree
import lxml.html

from monitor.errors import ParseError
from monitor.feeds.model import FeedItem, ParsedFeed
from monitor.feeds.text import normalise_space


def parse_listing(
    html: bytes | str, base_url: str, link_pattern: str | re.Pattern[str]
) -> ParsedFeed:
    """Items for every link whose absolute URL matches ``link_pattern`` (``re.search``).

    Links are resolved against ``<base href>`` or ``base_url``, fragments dropped, each URL
    listed once (first occurrence, longest anchor text wins the title), in page order.
    """
    pattern = re.compile(link_pattern) if isinstance(link_pattern, str) else link_pattern
    root = _parse(html, base_url)
    base = _base(root, base_url)
    titles: dict[str, str] = {}
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        link = urldefrag(urljoin(base, href.strip())).url
        if not pattern.search(link):
            continue
        text = normalise_space(str(anchor.text_content())) or normalise_space(
            anchor.get("title", "")
        )
        if len(text) > len(titles.get(link, "")):
            titles[link] = text
        titles.setdefault(link, text)
    items = [FeedItem(guid=link, link=link, title=title) for link, title in titles.items()]
    title_node = root.find(".//title")
    title = normalise_space(str(title_node.text_content())) if title_node is not None else None
    return ParsedFeed("html", title or None, base_url, None, items)


def _parse(html: bytes | str, base_url: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"{base_url}: not an HTML page: {exc}") from exc


def _base(root: lxml.html.HtmlElement, base_url: str) -> str:
    node = root.find(".//base[@href]")
    return urljoin(base_url, node.get("href", "")) if node is not None else base_url
