"""``parse_feed``: for a document of unknown kind, pick a parser of :data:`KINDS` from the bytes.

Sources declare their kind and are parsed by :func:`monitor.feeds.kinds.parse_document`, which
obeys it; this guessing is for callers that have no kind (tests, tools).
"""

from __future__ import annotations

from datetime import datetime

from monitor.errors import ParseError
from monitor.feeds.kinds import (
    FUTURE_TOLERANCE,
    JSON_DOCUMENT,
    KINDS,
    Document,
    blank,
    flag_future_dates,
    signature,
    sniff,
)
from monitor.feeds.model import ParsedFeed

__all__ = ["FUTURE_TOLERANCE", "parse_feed"]


def parse_feed(body: bytes, *, url: str, content_type: str | None, now: datetime) -> ParsedFeed:
    """Parse RSS, Atom, RDF, JSON Feed or an XML sitemap from ``body``, whichever it is.

    JSON (the first character, or a JSON media type) is read as a JSON Feed, a ``<urlset>`` or
    ``<sitemapindex>`` root as a sitemap, anything else by feedparser.  A broken document is
    parsed as far as it goes (``bozo`` and ``problems`` say what was wrong).  ParseError only
    when nothing could be parsed.  ``now`` (aware) is the poll time: items dated more than a day
    after it are kept but named in ``problems``.
    """
    if now.tzinfo is None:
        raise ValueError("parse_feed: 'now' must be an aware datetime (UTC)")
    if blank(body):
        raise ParseError(f"{url}: empty document")
    if signature(body) == JSON_DOCUMENT or "json" in (content_type or "").lower():
        kind = KINDS["json_feed"]
    else:
        found = sniff(body)
        kind = found if found is not None and found.auto else KINDS["feed"]
    parsed = kind.parse(Document(body, url, content_type))
    return flag_future_dates(parsed, now)
