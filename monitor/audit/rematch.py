"""What-if: judge stored article texts with another ruleset and say what would change (pure).

The stored texts come from ``article.extracted`` (or, when a page failed, the fallback text of
``article.extraction_failed``); the stored verdict is the article's latest ``article.matched``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from store.records import RecordedEvent

TEXT_TYPES = (
    "item.discovered",
    "article.extracted",
    "article.extraction_failed",
    "article.matched",
)


@dataclass
class StoredArticle:
    """An article as the log knows it: its title, its text, and its latest judgement."""

    article_id: str
    title: str | None = None
    text: str | None = None
    verdict: dict[str, Any] | None = None
    matched_position: int | None = None


@dataclass(frozen=True)
class Change:
    article_id: str
    title: str | None
    gained: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    meetings_before: tuple[str, ...] = ()
    meetings_after: tuple[str, ...] = ()
    verdict: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.lost or self.meetings_before != self.meetings_after)


def collect(events: Iterable[RecordedEvent]) -> dict[str, StoredArticle]:
    """Fold article events (any order of streams, log order within) into stored articles."""
    articles: dict[str, StoredArticle] = {}
    for event in events:
        article = articles.setdefault(event.stream_id, StoredArticle(event.stream_id))
        data = event.data_dict()
        if event.type == "item.discovered":
            article.title = data["title"]
            article.text = article.text or data.get("summary") or data["title"]
        elif event.type == "article.extracted":
            article.title = data.get("title") or article.title
            article.text = data["text"]
        elif event.type == "article.extraction_failed":
            article.text = data["fallback_text"]
        elif event.type == "article.matched":
            article.verdict = data
            article.matched_position = event.position
    return articles


def relevant_dialogues(verdict: dict[str, Any] | None) -> set[str]:
    return {d["id"] for d in (verdict or {}).get("dialogues", []) if d.get("relevant")}


def meeting_names(verdict: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple(sorted(m["name"] for m in (verdict or {}).get("meetings", [])))


def compare(article: StoredArticle, verdict: dict[str, Any]) -> Change:
    before, after = relevant_dialogues(article.verdict), relevant_dialogues(verdict)
    return Change(
        article.article_id,
        article.title,
        tuple(sorted(after - before)),
        tuple(sorted(before - after)),
        meeting_names(article.verdict),
        meeting_names(verdict),
        verdict,
    )
