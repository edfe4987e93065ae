"""``articles``: one row per article: where it came from, its text's state, its story, and
how it was judged."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Index, Table, update
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
    text_sha256: str | None = None
    fingerprint: str | None = None
    story_id: str
    relevant: bool | None = None
    dialogues: str = ""
    ruleset: str | None = None


ARTICLES = cast(Table, Article.__table__)  # type: ignore[attr-defined]
Index("articles_by_fingerprint", ARTICLES.c.fingerprint)
Index("articles_by_discovered", ARTICLES.c.discovered_at)


class ArticleProjection(Projection):
    name = "articles"
    version = 1
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
    published = data.get("published_at")
    return {
        "article_id": event.stream_id,
        "canonical_url": data["canonical_url"],
        "url": data["url"],
        "source_id": data["source_id"],
        "guid": data["guid"],
        "title": data["title"],
        "summary": data["summary"],
        "language": data["language"],
        "published_at": format_time(parse_time(published)) if published else None,
        "discovered_at": event.occurred_at,
        "status": "discovered",
        "story_id": event.stream_id,
    }


def _changes(type_name: str, data: dict[str, Any]) -> dict[str, Any]:
    if type_name == ArticleExtracted.type_name:
        changes = {"status": "extracted", "text_sha256": data["text_sha256"]}
        changes["fingerprint"] = data["fingerprint"]
        if data.get("language"):
            changes["language"] = data["language"]
        return changes
    if type_name == ArticleExtractionFailed.type_name:
        return {"status": "extraction_failed", "fingerprint": data.get("fingerprint")}
    if type_name == ArticleLinked.type_name:
        return {"story_id": data["story_id"]}
    relevant = [d["id"] for d in data["dialogues"] if d.get("relevant")]
    return {
        "relevant": data["relevant"],
        "dialogues": ",".join(relevant),
        "ruleset": data["ruleset"],
    }
