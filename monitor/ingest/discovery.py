"""Which items of a parsed feed are stories, and their ``item.discovered`` events (pure).

An item's identity is its canonical URL (:func:`monitor.ingest.urls.canonical_url`): the article
stream is derived from it, so the same story from several sources lands in one stream.  The
event id is derived from the source and the item's guid, so re-announcing a guid under a new
link is recognised as the same item.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from monitor.config import Source
from monitor.errors import ParseError
from monitor.events import ItemDiscovered
from monitor.feeds import FeedItem
from monitor.ingest.urls import article_stream_id, canonical_url

_NAMESPACE = uuid5(NAMESPACE_URL, "https://github.com/asean-monitor/asean-monitor/items")
SUMMARY_LIMIT = 2000


def discovery_id(source_id: str, guid: str) -> UUID:
    return uuid5(_NAMESPACE, f"{source_id}\n{guid}")


def discoveries(
    source: Source, items: Iterable[FeedItem], now: datetime
) -> list[tuple[str, ItemDiscovered]]:
    """``(article stream id, event)`` for every item with a usable link, first one per URL."""
    found: dict[str, ItemDiscovered] = {}
    for item in items:
        if not item.link:
            continue
        try:
            canonical = canonical_url(item.link)
        except (ParseError, ValueError):
            continue
        stream = article_stream_id(canonical)
        if stream in found:
            continue
        found[stream] = ItemDiscovered(
            event_id=discovery_id(source.id, item.guid or canonical),
            occurred_at=now,
            source_id=source.id,
            url=item.link,
            canonical_url=canonical,
            guid=item.guid or canonical,
            title=item.title or canonical,
            summary=(item.summary or item.content)[:SUMMARY_LIMIT],
            published_at=item.published,
            published_raw=item.published_raw,
            updated_at=item.updated,
            author=item.author,
            language=item.language or source.language,
            tags=tuple(item.tags),
        )
    return list(found.items())
