"""What a parsed feed is: ``ParsedFeed`` with its ``FeedItem`` records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, sitemap or listing page.

    ``link`` is absolute.  ``summary`` and ``content`` are sanitised plain text (no markup).
    Dates are UTC; the ``*_raw`` fields keep the value exactly as the source wrote it.
    """

    guid: str
    link: str | None
    title: str
    summary: str = ""
    content: str = ""
    published: datetime | None = None
    published_raw: str | None = None
    updated: datetime | None = None
    updated_raw: str | None = None
    author: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    """A feed as far as it could be parsed.

    ``format`` is feedparser's version name (``rss20``, ``atom10``, ``rss10`` ...), or
    ``json11``/``json10``, ``sitemap``, ``sitemapindex``, ``html``.  ``bozo`` is True when the
    document was broken or its encoding declaration was wrong; ``problems`` says how.
    ``sitemaps`` lists child sitemaps of a sitemap index (absolute URLs, in the index's order,
    each once); ``sitemap_dates`` has the ``<lastmod>`` of those that give one.
    """

    format: str
    title: str | None
    link: str | None
    ttl: int | None
    items: list[FeedItem]
    bozo: bool = False
    problems: list[str] = field(default_factory=list)
    encoding: str | None = None
    language: str | None = None
    sitemaps: list[str] = field(default_factory=list)
    sitemap_dates: dict[str, datetime] = field(default_factory=dict)
