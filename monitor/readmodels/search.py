"""``article_search``: what the article filters and full-text search need beyond ``articles``.

One row per article: its title and judged text (folded to lower case for ``LIKE``), and the
topics, meetings and mechanisms of its latest judgement (comma-joined, with leading and
trailing commas so ``LIKE '%,id,%'`` finds a whole id).  Plain ``LIKE`` over lower-cased text
works the same on SQLite and PostgreSQL; each word of the query must occur.

Register :class:`ArticleSearchProjection` in ``monitor.readmodels.registry.all_projections``.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, and_, inspect, update
from sqlmodel import Field, SQLModel

from monitor.events import ArticleExtracted, ArticleExtractionFailed, ArticleMatched, ItemDiscovered
from store.projections import Projection, upsert
from store.records import RecordedEvent

TABLE_NAME = "article_search"
MAX_WORDS = 8


class ArticleSearchRow(SQLModel, table=True):
    __tablename__ = TABLE_NAME

    article_id: str = Field(primary_key=True)
    title: str = ""
    body: str = ""
    topics: str = ","
    meetings: str = ","
    mechanisms: str = ","


SEARCH = cast(Table, ArticleSearchRow.__table__)  # type: ignore[attr-defined]


def joined(values: list[str]) -> str:
    return "," + ",".join(v.replace(",", " ") for v in values) + ","


def split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


class ArticleSearchProjection(Projection):
    name = "article_search"
    version = 1
    tables = (SEARCH,)
    types = tuple(
        c.type_name
        for c in (ItemDiscovered, ArticleExtracted, ArticleExtractionFailed, ArticleMatched)
    )

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        key = {"article_id": event.stream_id}
        if event.type == ItemDiscovered.type_name:
            row = {**key, "title": data["title"].lower(), "body": data.get("summary", "").lower()}
            upsert(conn, SEARCH, row, ["article_id"])
            return
        conn.execute(
            update(SEARCH).where(SEARCH.c.article_id == event.stream_id), _changes(event.type, data)
        )


def _changes(type_name: str, data: dict[str, Any]) -> dict[str, Any]:
    if type_name == ArticleExtracted.type_name:
        return {"body": data["text"].lower()}
    if type_name == ArticleExtractionFailed.type_name:
        return {"body": data["fallback_text"].lower()}
    meetings = data.get("meetings", [])
    return {
        "topics": joined([t["id"] for t in data.get("topics", [])]),
        "meetings": joined([m["name"].lower() for m in meetings]),
        "mechanisms": joined(sorted({m["mechanism"] for m in meetings if m.get("mechanism")})),
    }


def available(conn: Connection) -> bool:
    """Whether the search read model exists in this database."""
    return inspect(conn).has_table(TABLE_NAME)


def text_clause(query: str) -> ColumnElement[bool]:
    """Every word of ``query`` in the title or the text (case-insensitive)."""
    words = query.lower().split()[:MAX_WORDS]
    return and_(
        *(
            SEARCH.c.title.contains(w, autoescape=True) | SEARCH.c.body.contains(w, autoescape=True)
            for w in words
        )
    )


def list_clause(column: str, value: str) -> ColumnElement[bool]:
    """``value`` is one of the comma-joined entries of ``column``."""
    return SEARCH.c[column].contains("," + value.replace(",", " ") + ",", autoescape=True)


def meeting_clause(value: str) -> ColumnElement[bool]:
    """A mechanism id (``summit``) or a meeting name, or part of one (``36th asean-japan``)."""
    folded = value.lower().strip()
    return list_clause("mechanisms", folded) | SEARCH.c.meetings.contains(folded, autoescape=True)
