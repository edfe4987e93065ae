"""``articles``: one row per article: where it came from, its text's state, its story, and
how it was judged.

``status``: ``discovered`` (its page not yet fetched), ``retrying`` (a try failed for a passing
reason; the next is at ``next_attempt_at``), ``extracted``, ``extraction_failed`` (given up:
the feed's summary stands in).  ``ruleset`` is set once it was judged.  :func:`pending` lists
the articles with work left, for the pipeline to resume after any stop."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Index, Table, and_, or_, select, update
from sqlmodel import Field, SQLModel

from monitor.events import (
    ArticleExtracted,
    ArticleExtractionFailed,
    ArticleLinked,
    ArticleMatched,
    ItemDiscovered,
)
from store.clock import format_time, parse_time
from store.projections import Projection, upsert
from store.records import RecordedEvent


class Article(SQLModel, table=True):
    __tablename__ = "articles"

    article_id: str = Field(primary_key=True)
    canonical_url: str
    url: str
    source_id: str
    guid: str
    title: str
    summary: str = ""
    language: str | None = None
    published_at: str | None = None
    discovered_at: str
    status: str = "discovered"
    attempts: int = 0
    next_attempt_at: str | None = None
    text_sha256: str | None = None
    fingerprint: str | None = None
    story_id: str
    relevant: bool | None = None
    dialogues: str = ""
    ruleset: str | None = None


ARTICLES = cast(Table, Article.__table__)  # type: ignore[attr-defined]
Index("articles_by_fingerprint", ARTICLES.c.fingerprint)
Index("articles_by_discovered", ARTICLES.c.discovered_at)
Index("articles_pending", ARTICLES.c.status, ARTICLES.c.ruleset, ARTICLES.c.next_attempt_at)


class ArticleProjection(Projection):
    name = "articles"
    version = 2
    tables = (ARTICLES,)
    types = tuple(
        cls.type_name
        for cls in (
            ItemDiscovered,
            ArticleExtracted,
            ArticleExtractionFailed,
            ArticleLinked,
            ArticleMatched,
        )
    )

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        if event.type == ItemDiscovered.type_name:
            upsert(conn, ARTICLES, _discovered(event, data), ["article_id"])
            return
        changes = _changes(event.type, data)
        conn.execute(update(ARTICLES).where(ARTICLES.c.article_id == event.stream_id), changes)


def _discovered(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": event.stream_id,
        "canonical_url": data["canonical_url"],
        "url": data["url"],
        "source_id": data["source_id"],
        "guid": data["guid"],
        "title": data["title"],
        "summary": data["summary"],
        "language": data["language"],
        "published_at": _time(data.get("published_at")),
        "discovered_at": event.occurred_at,
        "status": "discovered",
        "story_id": event.stream_id,
    }


def _changes(type_name: str, data: dict[str, Any]) -> dict[str, Any]:
    if type_name == ArticleExtracted.type_name:
        changes = {"status": "extracted", "text_sha256": data["text_sha256"]}
        changes["next_attempt_at"] = None
        changes["fingerprint"] = data["fingerprint"]
        if data.get("language"):
            changes["language"] = data["language"]
        return changes
    if type_name == ArticleExtractionFailed.type_name:
        gave_up = data.get("gave_up", True)
        return {
            "status": "extraction_failed" if gave_up else "retrying",
            "fingerprint": data.get("fingerprint"),
            "attempts": data.get("attempt", 1),
            "next_attempt_at": None if gave_up else _time(data.get("next_attempt_at")),
        }
    if type_name == ArticleLinked.type_name:
        return {"story_id": data["story_id"]}
    relevant = [d["id"] for d in data["dialogues"] if d.get("relevant")]
    return {
        "relevant": data["relevant"],
        "dialogues": ",".join(relevant),
        "ruleset": data["ruleset"],
    }


def _time(value: str | None) -> str | None:
    return format_time(parse_time(value)) if value else None


def pending(conn: Connection, now: datetime, limit: int, *, judged: bool = True) -> list[str]:
    """Articles with work left, oldest first: pages never fetched, retries that are due, and
    (with ``judged``) texts not yet judged.  The read model may lag the log: the caller reads
    each article's stream before acting (:func:`monitor.ingest.pending.next_step`)."""
    columns = ARTICLES.c
    waiting = or_(
        columns.status == "discovered",
        and_(columns.status == "retrying", columns.next_attempt_at <= format_time(now)),
    )
    if judged:
        waiting = or_(
            waiting,
            and_(columns.status.in_(("extracted", "extraction_failed")), columns.ruleset.is_(None)),
        )
    query = select(columns.article_id).where(waiting).order_by(columns.discovered_at).limit(limit)
    return list(conn.execute(query).scalars())
