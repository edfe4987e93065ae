"""``GET /api/articles`` (filters, search, pages) and ``GET /api/articles/{id}`` (everything)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from sqlalchemy import Connection, Select, and_, literal, or_, select

from alerts.outbox import ALERTS
from alerts.secrets import redacted_export
from monitor.audit.trail import load_trail
from monitor.readmodels import search
from monitor.readmodels.article_state import fold
from monitor.readmodels.articles import ARTICLES
from monitor.readmodels.prefixes import AmbiguousIdError, IdError, resolve_prefix
from monitor.service.api.access import AUTH_RESPONSES, Reader, context_of, invalid
from monitor.service.api.catalogue import choices_of, refusal
from monitor.service.api.convert import alert_summary, article_summary, match_out, trail_out
from monitor.service.api.schemas import ArticleDetail, ArticlePage, EventOut
from monitor.service.context import ServiceContext
from monitor.vetting import Refused, check_ids, check_language
from store.clock import format_time, parse_time
from store.records import RecordedEvent

router = APIRouter(tags=["articles"], responses=AUTH_RESPONSES)
MAX_LIMIT = 200


class ArticleQuery:
    """The filters of ``GET /api/articles`` (FastAPI fills it from the query string)."""

    def __init__(
        self,
        dialogue: Annotated[
            str | None, Query(description="A dialogue id, e.g. asean-us", max_length=100)
        ] = None,
        topic: Annotated[
            str | None, Query(description="A topic id, e.g. south-china-sea", max_length=100)
        ] = None,
        meeting: Annotated[
            str | None,
            Query(
                description="A mechanism (summit, forum…) or a meeting name or part of one",
                max_length=200,
            ),
        ] = None,
        mechanism: Annotated[
            str | None,
            Query(description="A meeting mechanism id, e.g. summit", max_length=100),
        ] = None,
        source: Annotated[str | None, Query(description="A source id", max_length=200)] = None,
        language: Annotated[
            str | None, Query(description="Language code, e.g. en or vi", max_length=20)
        ] = None,
        since: Annotated[
            str | None,
            Query(description="Discovered at or after (ISO 8601 UTC)", max_length=40),
        ] = None,
        until: Annotated[
            str | None, Query(description="Discovered before (ISO 8601 UTC)", max_length=40)
        ] = None,
        q: Annotated[
            str | None,
            Query(description="Words that must all occur in the title or text", max_length=200),
        ] = None,
        relevant: Annotated[
            bool | None, Query(description="Only judged relevant (true) or not (false)")
        ] = None,
    ) -> None:
        self.dialogue, self.topic, self.meeting = dialogue, topic, meeting
        self.mechanism = mechanism
        self.source, self.language, self.q, self.relevant = source, language, q, relevant
        self.since = None if since is None else _time("since", since)
        self.until = None if until is None else _time("until", until)


def _time(name: str, value: str) -> str:
    try:
        return format_time(parse_time(value))
    except (ValueError, TypeError) as exc:
        raise invalid(
            "query", name, "expected an ISO 8601 time such as 2026-05-03T08:00:00Z", value
        ) from exc


@router.get(
    "/api/articles",
    summary="Articles, filtered and searched, newest first",
    responses={
        422: {"description": "A bad parameter, or an id the catalogue does not have"},
        503: {"description": "topic/meeting/mechanism filters without the article_search model"},
    },
)
async def list_articles(
    request: Request,
    _: Reader,
    filters: Annotated[ArticleQuery, Depends()],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")] = 50,
    cursor: Annotated[
        str | None, Query(description="next_cursor of the previous page", max_length=500)
    ] = None,
) -> ArticlePage:
    after = None if cursor is None else decode_cursor(cursor)
    context = context_of(request)
    return await asyncio.to_thread(_page, context, filters, limit, after)


def vet_filters(context: ServiceContext, f: ArticleQuery) -> None:
    """A dialogue, topic or mechanism the catalogue does not have, or a language that is no
    code, would find nothing, silently: 422 naming the closest and the valid ones."""
    choices = choices_of(context)
    listing = choices.listing
    try:
        for name, what, value, known in (
            ("dialogue", "dialogue", f.dialogue, choices.dialogues),
            ("topic", "topic", f.topic, choices.topics),
            ("mechanism", "mechanism", f.mechanism, choices.mechanisms),
        ):
            if value is not None:
                check_ids(name, what, [value], known, listing)
        if f.language is not None:
            check_language("language", f.language, choices.languages)
    except Refused as exc:
        raise refusal("query", exc) from exc


def _page(
    context: ServiceContext, filters: ArticleQuery, limit: int, after: tuple[str, str] | None
) -> ArticlePage:
    vet_filters(context, filters)
    with context.log.reader.connect() as conn:
        query = article_query(conn, filters)
        if after is not None:
            at, article_id = after
            query = query.where(
                or_(
                    ARTICLES.c.discovered_at < at,
                    and_(ARTICLES.c.discovered_at == at, ARTICLES.c.article_id < article_id),
                )
            )
        rows = conn.execute(query.limit(limit + 1)).all()
    items = [article_summary(r) for r in rows[:limit]]
    more = len(rows) > limit
    return ArticlePage(
        items=items,
        next_cursor=encode_cursor(items[-1].discovered_at, items[-1].article_id) if more else None,
    )


def article_query(conn: Connection, f: ArticleQuery) -> Select[Any]:
    """The filtered query, newest first (with the search columns when they exist)."""
    if not search.available(conn):
        if f.topic or f.meeting or f.mechanism:
            raise HTTPException(
                503, "topic, meeting and mechanism filters need the article_search read model"
            )
        query: Select[Any] = select(ARTICLES, literal(",").label("topics"))
        query = query.add_columns(literal(",").label("meetings"))
        if f.q:
            words = f.q.lower().split()[: search.MAX_WORDS]
            query = query.where(*(ARTICLES.c.title.icontains(w, autoescape=True) for w in words))
    else:
        query = select(ARTICLES, search.SEARCH.c.topics, search.SEARCH.c.meetings).outerjoin(
            search.SEARCH, search.SEARCH.c.article_id == ARTICLES.c.article_id
        )
        query = _search_filters(query, f)
    return _plain_filters(query, f).order_by(
        ARTICLES.c.discovered_at.desc(), ARTICLES.c.article_id.desc()
    )


def _search_filters(query: Select[Any], f: ArticleQuery) -> Select[Any]:
    if f.q and f.q.split():
        query = query.where(search.text_clause(f.q))
    if f.topic:
        query = query.where(search.list_clause("topics", f.topic))
    if f.meeting:
        query = query.where(search.meeting_clause(f.meeting))
    if f.mechanism:
        query = query.where(search.list_clause("mechanisms", f.mechanism))
    return query


def _plain_filters(query: Select[Any], f: ArticleQuery) -> Select[Any]:
    if f.dialogue:
        folded = "," + f.dialogue.replace(",", " ") + ","
        query = query.where((literal(",") + ARTICLES.c.dialogues + ",").contains(folded))
    if f.source:
        query = query.where(ARTICLES.c.source_id == f.source)
    if f.language:
        query = query.where(
            or_(ARTICLES.c.language == f.language, ARTICLES.c.language.startswith(f.language + "-"))
        )
    if f.relevant is not None:
        query = query.where(ARTICLES.c.relevant.is_(f.relevant))
    if f.since:
        query = query.where(ARTICLES.c.discovered_at >= f.since)
    if f.until:
        query = query.where(ARTICLES.c.discovered_at < f.until)
    return query


def encode_cursor(discovered_at: str, article_id: str) -> str:
    raw = json.dumps([discovered_at, article_id]).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            return value[0], value[1]
    except (ValueError, UnicodeError, binascii.Error):
        pass
    raise invalid("query", "cursor", "not a cursor this API gave out (use next_cursor as is)")


@router.get(
    "/api/articles/{article_id}",
    summary="One article: its matches with evidence, its alerts and its whole event history",
    responses={404: {"description": "No such article"}, 409: {"description": "Ambiguous"}},
)
async def get_article(
    article_id: Annotated[
        str, Path(description="An article id (article-<hash of its URL>) or a unique prefix")
    ],
    request: Request,
    _: Reader,
) -> ArticleDetail:
    detail = await asyncio.to_thread(load_article, context_of(request), article_id)
    if detail is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return detail


def load_article(context: ServiceContext, article_id: str) -> ArticleDetail | None:
    """The article an id or a unique prefix names (409 when several do)."""
    with context.log.reader.connect() as conn:
        try:
            article_id = resolve_prefix(conn, ARTICLES.c.article_id, article_id, "article")
        except AmbiguousIdError as exc:
            raise HTTPException(409, str(exc)) from exc
        except IdError:
            return None
        query = article_query(conn, ArticleQuery()).where(ARTICLES.c.article_id == article_id)
        row = conn.execute(query).first()
        if row is None:
            return None
        alerts = conn.execute(
            select(ALERTS).where(ALERTS.c.article_id == article_id).order_by(ALERTS.c.raised_at)
        ).all()
    events = context.log.read_stream(article_id)
    trail = load_trail(context.log, article_id)
    text, text_sha = article_text(events)
    summary = article_summary(row)
    return ArticleDetail(
        **summary.model_dump(),
        summary=row.summary,
        text=text,
        text_sha256=text_sha,
        match=match_out(events, text),
        alerts=[alert_summary(a) for a in alerts],
        events=[EventOut(**redacted_export(e)) for e in events],
        trail=trail_out(trail),
    )


def article_text(events: list[RecordedEvent]) -> tuple[str | None, str | None]:
    """The latest extracted text (or the fallback text) and its hash."""
    state = fold(events)
    return state.text, state.text_sha256
