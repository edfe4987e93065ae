"""An article as its stream says it is: the one fold of the article stream (pure).

An article's stream goes ``item.discovered`` → ``article.extracted`` (or
``article.extraction_failed``: with ``gave_up`` the feed's summary stands in, otherwise the try
waits for its ``next_attempt_at``) → ``article.linked`` (same story as an earlier article) →
``article.matched`` (each judgement; the latest counts).

:func:`changes` says what one event sets; :func:`fold` applies them in stream order.  Everything
that needs an article's state uses these two: the ``articles`` read model (which writes the same
changes to its row), the alert router, the audit trail, pending work, the what-if rematch and
the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from monitor.events import (
    ArticleExtracted,
    ArticleExtractionFailed,
    ArticleLinked,
    ArticleMatched,
    ItemDiscovered,
)
from store.clock import format_time, parse_time
from store.records import RecordedEvent

TYPES = tuple(
    cls.type_name
    for cls in (
        ItemDiscovered,
        ArticleExtracted,
        ArticleExtractionFailed,
        ArticleLinked,
        ArticleMatched,
    )
)
"""The event types of an article's stream, in the order they come."""

DONE = frozenset({"extracted", "extraction_failed"})
"""Statuses of an article whose text is settled (extracted, or given up on)."""


@dataclass(frozen=True)
class ArticleState:
    """``status``: ``discovered``, ``retrying`` (a try failed for a passing reason),
    ``extracted`` or ``extraction_failed`` (given up; the feed's summary stands in).  ``text`` is
    the latest text known (extracted, or a failure's fallback), None before any try."""

    article_id: str
    story_id: str = ""
    source_id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    guid: str | None = None
    title: str = ""
    """The feed's title for the item."""
    page_title: str | None = None
    """The title the page itself gave, when extracted."""
    summary: str = ""
    language: str | None = None
    published_at: str | None = None
    discovered_at: str | None = None
    correlation_id: str | None = None
    """The poll that discovered the article."""
    status: str = "discovered"
    attempts: int = 0
    next_attempt_at: str | None = None
    text: str | None = None
    text_sha256: str | None = None
    fingerprint: str | None = None
    final_url: str | None = None
    verdict: dict[str, Any] | None = None
    """The latest ``article.matched`` data."""
    matched_position: int | None = None
    judged_at: str | None = None
    version: int = 0
    """The stream's version after the last event folded."""

    @property
    def headline(self) -> str:
        """The page's own title when it gave one, else the feed's."""
        return self.page_title or self.title

    @property
    def settled(self) -> bool:
        return self.status in DONE

    @property
    def ruleset(self) -> str | None:
        return None if self.verdict is None else str(self.verdict["ruleset"])


def changes(event: RecordedEvent) -> dict[str, Any]:
    """The fields of :class:`ArticleState` this event sets (empty for other types)."""
    data = event.data_dict()
    maker = _CHANGES.get(event.type)
    return {} if maker is None else maker(event, data)


def fold(events: Iterable[RecordedEvent], state: ArticleState | None = None) -> ArticleState:
    """The state after ``events`` (one article's stream, in order), starting from ``state``."""
    for event in events:
        if state is None:
            state = ArticleState(event.stream_id, story_id=event.stream_id)
        state = replace(state, version=event.stream_version, **changes(event))
    return state if state is not None else ArticleState("")


def _discovered(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "canonical_url": data.get("canonical_url"),
        "url": data["url"],
        "source_id": data.get("source_id"),
        "guid": data.get("guid"),
        "title": data["title"],
        "summary": data.get("summary", ""),
        "language": data.get("language"),
        "published_at": _time(data.get("published_at")),
        "discovered_at": event.occurred_at,
        "correlation_id": event.metadata_dict().get("correlation_id"),
        "status": "discovered",
    }


def _extracted(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    found = {
        "status": "extracted",
        "text": data["text"],
        "text_sha256": data.get("text_sha256"),
        "fingerprint": data.get("fingerprint"),
        "final_url": data.get("final_url"),
        "next_attempt_at": None,
    }
    if data.get("title"):
        found["page_title"] = data["title"]
    if data.get("language"):
        found["language"] = data["language"]
    return found


def _extraction_failed(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    gave_up = data.get("gave_up", True)
    return {
        "status": "extraction_failed" if gave_up else "retrying",
        "text": data["fallback_text"],
        "text_sha256": None,
        "fingerprint": data.get("fingerprint"),
        "attempts": data.get("attempt", 1),
        "next_attempt_at": None if gave_up else _time(data.get("next_attempt_at")),
    }


def _linked(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    return {"story_id": data["story_id"]}


def _matched(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    return {"verdict": data, "matched_position": event.position, "judged_at": event.occurred_at}


_CHANGES = {
    ItemDiscovered.type_name: _discovered,
    ArticleExtracted.type_name: _extracted,
    ArticleExtractionFailed.type_name: _extraction_failed,
    ArticleLinked.type_name: _linked,
    ArticleMatched.type_name: _matched,
}


def _time(value: str | None) -> str | None:
    return format_time(parse_time(value)) if value else None
