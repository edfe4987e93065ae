"""What a subscriber wants (``SubscriptionFilter``) and whether a judged article is it (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from alerts.errors import QueryError
from alerts.query import fold, parse_query


class HealthRule(BaseModel):
    """Tell me when a source has failed, or been silent, for longer than this; and when it
    recovers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    failed_for: timedelta | None = None
    silent_for: timedelta | None = None
    sources: tuple[str, ...] = ()


class SubscriptionFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    dialogues: tuple[str, ...] = ()
    mechanisms: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    topic_mentions: bool = False
    """With ``topics``: match a topic merely mentioned too, not only one the article is about."""
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    min_score: float = Field(0.0, ge=0.0, le=1.0)
    query: str | None = None
    new_meetings_only: bool = False
    articles: bool = True
    health: HealthRule | None = None

    @field_validator("query")
    @classmethod
    def _query_parses(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_query(value)
            except QueryError as exc:
                raise ValueError(str(exc)) from exc
        return value


class Delivery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Literal["instant", "digest"] = "instant"
    cron: str | None = None
    timezone: str = "UTC"
    send_empty: bool = False


@dataclass(frozen=True)
class ArticleFacts:
    """What the router knows of a judged article."""

    article_id: str
    story_id: str
    title: str
    text: str
    url: str | None
    source_id: str | None
    language: str | None
    summary: str
    verdict: dict[str, Any]
    published_at: str | None = None
    """When the source says the article was published (ISO 8601), if it says."""
    discovered_at: str | None = None


@dataclass(frozen=True)
class Decision:
    wanted: bool
    dialogues: tuple[dict[str, Any], ...] = ()
    meetings: tuple[dict[str, Any], ...] = ()
    reason: str = ""


def decide(rule: SubscriptionFilter, facts: ArticleFacts) -> Decision:
    """Whether ``facts`` is what ``rule`` asks for, with the dialogues and meetings that made it."""
    if not rule.articles or not facts.verdict.get("relevant"):
        return Decision(False)
    hits = _dialogues(rule, facts.verdict.get("dialogues", []))
    meetings = _meetings(rule, facts.verdict.get("meetings", []), {d["id"] for d in hits})
    if not hits or (rule.mechanisms and not meetings) or not _context_ok(rule, facts):
        return Decision(False)
    if rule.new_meetings_only:
        meetings = [m for m in meetings if _identified(m)]
        if not meetings:
            return Decision(False)
    return Decision(True, tuple(hits), tuple(meetings), explain(hits, meetings))


def _dialogues(
    rule: SubscriptionFilter, dialogues: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        d
        for d in dialogues
        if d.get("relevant")
        and d.get("score", 0.0) >= rule.min_score
        and (not rule.dialogues or d["id"] in rule.dialogues)
    ]


def _identified(meeting: dict[str, Any]) -> bool:
    """A meeting with an identity (judgement schema 3 gives ``key``; before, every meeting
    counted): "the ASEAN-US Summit" with no ordinal and no year is not a new meeting."""
    return "key" not in meeting or meeting["key"] is not None


def _meetings(
    rule: SubscriptionFilter, meetings: Sequence[dict[str, Any]], dialogue_ids: set[str]
) -> list[dict[str, Any]]:
    return [
        m
        for m in meetings
        if (not rule.mechanisms or m.get("mechanism") in rule.mechanisms)
        and (m.get("dialogue") in dialogue_ids or m.get("dialogue") is None)
    ]


def _context_ok(rule: SubscriptionFilter, facts: ArticleFacts) -> bool:
    topics = {
        t["id"]
        for t in facts.verdict.get("topics", [])
        if rule.topic_mentions or t.get("role", "primary") == "primary"
    }
    if rule.topics and not topics.intersection(rule.topics):
        return False
    if rule.sources and facts.source_id not in rule.sources:
        return False
    if rule.languages and (facts.language or "").split("-")[0] not in rule.languages:
        return False
    return rule.query is None or parse_query(rule.query).matches(
        fold(facts.title + "\n" + facts.text)
    )


def explain(dialogues: Sequence[dict[str, Any]], meetings: Sequence[dict[str, Any]]) -> str:
    """One sentence a person reads to know why the alert fired."""
    parts = []
    for d in dialogues:
        quotes = [e["quote"] for e in d.get("evidence", [])[:2]]
        quoted = "; ".join(f"“{q}”" for q in quotes)
        parts.append(f"{d['id']} (score {d.get('score', 0):.2f}){': ' + quoted if quoted else ''}")
    if meetings:
        parts.append("meeting: " + ", ".join(m["name"] for m in meetings))
    return " — ".join(parts)
