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

from monitor.events import ItemDiscovered
from monitor.readmodels.article_state import TYPES, changes
from store.clock import format_time
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
    """Writes each event's :func:`~monitor.readmodels.article_state.changes` to the row."""

    name = "articles"
    version = 2
    tables = (ARTICLES,)
    types = TYPES

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        row = _row(changes(event))
        if event.type == ItemDiscovered.type_name:
            row.update(article_id=event.stream_id, story_id=event.stream_id)
            upsert(conn, ARTICLES, row, ["article_id"])
            return
        conn.execute(update(ARTICLES).where(ARTICLES.c.article_id == event.stream_id), row)


def _row(found: dict[str, Any]) -> dict[str, Any]:
    """The columns of the article's state this table keeps."""
    row = {k: v for k, v in found.items() if k in ARTICLES.c}
    verdict = found.get("verdict")
    if verdict is not None:
        relevant = [d["id"] for d in verdict["dialogues"] if d.get("relevant")]
        row.update(
            relevant=verdict["relevant"], dialogues=",".join(relevant), ruleset=verdict["ruleset"]
        )
    return row


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
