"""``parse_feed``: pick the format from the bytes and hand them to its parser."""

from __future__ import annotations

import codecs
import json
from dataclasses import replace
from datetime import datetime, timedelta

from monitor.errors import ParseError
from monitor.feeds.jsonfeed import is_json_feed, parse_json_feed
from monitor.feeds.model import ParsedFeed
from monitor.feeds.sitemap import looks_like_sitemap, parse_sitemap
from monitor.feeds.syndication import parse_syndication

FUTURE_TOLERANCE = timedelta(days=1)
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def parse_feed(body: bytes, *, url: str, content_type: str | None, now: datetime) -> ParsedFeed:
    """Parse RSS, Atom, RDF, JSON Feed or an XML sitemap from ``body``.

    A broken document is parsed as far as it goes (``bozo`` and ``problems`` say what was
    wrong).  ParseError only when nothing could be parsed.  ``now`` (aware) is the poll time:
    items dated more than a day after it are kept but named in ``problems``.
    """
    if now.tzinfo is None:
        raise ValueError("parse_feed: 'now' must be an aware datetime (UTC)")
    head = _strip_bom(body[:4096]).lstrip()
    if not head:
        raise ParseError(f"{url}: empty document")
    if head[:1] in (b"{", b"[") or "json" in (content_type or "").lower():
        parsed = _parse_json(body, url=url)
    elif looks_like_sitemap(head):
        parsed = parse_sitemap(body, url=url)
    else:
        parsed = parse_syndication(body, url=url, content_type=content_type)
    return _flag_future_dates(parsed, now)


def _flag_future_dates(feed: ParsedFeed, now: datetime) -> ParsedFeed:
    limit = now + FUTURE_TOLERANCE
    late = [
        f"items[{index}]: published {item.published_raw!r} is after the poll time"
        for index, item in enumerate(feed.items)
        if item.published is not None and item.published > limit
    ]
    return replace(feed, problems=[*feed.problems, *late]) if late else feed


def _parse_json(body: bytes, *, url: str) -> ParsedFeed:
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{url}: not JSON: {exc}") from exc
    if not is_json_feed(document):
        raise ParseError(
            f"{url}: JSON, but not a JSON Feed (no 'version' https://jsonfeed.org/...)"
        )
    return parse_json_feed(document, url=url, encoding=json.detect_encoding(body))


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :]
    return head
