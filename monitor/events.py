"""The daemon's events: past-tense facts with stable dotted names and schema versions.

Streams: ``source-<id>`` per source, ``article-<hash of canonical URL>`` per article
(:func:`monitor.ingest.urls.article_stream_id`).  Times are UTC; the raw values sources wrote are
kept beside the parsed ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from store import Event, default_registry, event_type


def source_stream(source_id: str) -> str:
    return f"source-{source_id}"


@event_type("source.polled")
class SourcePolled(Event):
    """A source answered.  ``not_modified``: a 304, or a body identical to the last one (then
    nothing was parsed).  Counts are of items in the document and of new stories."""

    source_id: str
    url: str
    final_url: str
    status: int
    not_modified: bool
    body_sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    format: str | None = None
    items_seen: int = 0
    items_new: int = 0
    problems: tuple[str, ...] = ()
    duration_ms: int
    next_check_at: datetime
    next_check_reason: str


@event_type("source.poll_failed")
class SourcePollFailed(Event):
    """A poll failed; the source is retried later (never given up)."""

    source_id: str
    url: str
    reason: str
    detail: str
    status: int | None = None
    attempt: int
    retry_after_s: float | None = None
    duration_ms: int
    next_check_at: datetime
    next_check_reason: str


@event_type("item.discovered")
class ItemDiscovered(Event):
    """A new story appeared in a source (first sighting of its canonical URL)."""

    source_id: str
    url: str
    canonical_url: str
    guid: str
    title: str
    summary: str = ""
    published_at: datetime | None = None
    published_raw: str | None = None
    updated_at: datetime | None = None
    author: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


@event_type("article.extracted")
class ArticleExtracted(Event):
    """The article's page was fetched and its text extracted."""

    url: str
    final_url: str
    canonical_url: str
    title: str | None
    text: str
    text_sha256: str
    fingerprint: str
    author: str | None = None
    published: str | None = None
    language: str | None = None
    site_name: str | None = None
    html_sha256: str
    duration_ms: int


@event_type("article.extraction_failed", version=2)
class ArticleExtractionFailed(Event):
    """The page could not be fetched or had no article text.

    ``gave_up``: this was the last try and the feed's summary (``fallback_text``) stands in;
    otherwise the page is tried again at ``next_attempt_at`` (try number ``attempt + 1``)."""

    url: str
    reason: str
    detail: str
    fallback_text: str
    fingerprint: str | None = None
    status: int | None = None
    attempt: int = 1
    next_attempt_at: datetime | None = None
    gave_up: bool = True


@default_registry.upcaster("article.extraction_failed", from_version=1)
def _first_try_was_the_last(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 never retried: its one failure was final."""
    return {**data, "status": None, "attempt": 1, "next_attempt_at": None, "gave_up": True}


@event_type("article.linked")
class ArticleLinked(Event):
    """This article is the same story as an earlier one (another URL or another source)."""

    story_id: str
    reason: str
    """``fingerprint`` (same text) or ``canonical_url`` (the page named the other's URL)."""
    distance: int = 0


@event_type("article.matched")
class ArticleMatched(Event):
    """The article was judged by a ruleset; also recorded when nothing matched."""

    ruleset: str
    relevant: bool
    dialogues: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    topics: list[dict[str, Any]]
