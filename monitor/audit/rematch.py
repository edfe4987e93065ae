"""What-if: judge stored article texts with another ruleset and say what would change (pure).

The stored texts come from ``article.extracted`` (or, when a page failed, the fallback text of
``article.extraction_failed``); the stored verdict is the article's latest ``article.matched``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from monitor.events import ArticleExtracted, ArticleExtractionFailed, ArticleMatched, ItemDiscovered
from monitor.readmodels.article_state import ArticleState, fold
from store.records import RecordedEvent

TEXT_TYPES = tuple(
    cls.type_name
    for cls in (ItemDiscovered, ArticleExtracted, ArticleExtractionFailed, ArticleMatched)
)


@dataclass
class StoredArticle:
    """An article as the log knows it: its title, its text, and its latest judgement."""

    article_id: str
    title: str | None = None
    text: str | None = None
    verdict: dict[str, Any] | None = None
    matched_position: int | None = None
    feed_title: str | None = None
    """The feed's title, which the daemon judged beside the text (when the text does not
    start with it: :func:`monitor.matching.judging.judged_title`)."""


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
    states: dict[str, ArticleState] = {}
    for event in events:
        states[event.stream_id] = fold([event], states.get(event.stream_id))
    return {article_id: _stored(state) for article_id, state in states.items()}


def _stored(state: ArticleState) -> StoredArticle:
    text = state.text if state.text is not None else (state.summary or state.title)
    return StoredArticle(
        state.article_id,
        state.headline or None,
        text,
        state.verdict,
        state.matched_position,
        state.title or None,
    )


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
