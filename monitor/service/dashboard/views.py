"""What the front page and an article's page show, read from the read models and the log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from monitor.audit.trail import Trail, TrailNotFoundError, load_trail
from monitor.readmodels.articles import ARTICLES
from monitor.service.api.articles import article_text
from monitor.service.api.convert import match_out
from monitor.service.api.schemas import MatchOut
from monitor.service.context import ServiceContext
from monitor.service.dashboard.charts import Grid, grid
from monitor.service.dashboard.filters import Filters
from monitor.service.dashboard.format import dialogue_choices
from monitor.service.dashboard.marks import Segment, highlight, snippets
from monitor.service.dashboard.stories import (
    StoryPage,
    facets,
    filter_clauses,
    happened,
    searchable,
    story_page,
)
from monitor.service.dashboard.summary import Summary, summary


@dataclass
class Front:
    filters: Filters
    summary: Summary
    grid: Grid
    newest: str | None
    """The latest article's date: the timeline's range ends there (or today, if sooner)."""
    stories: StoryPage
    passages: dict[str, list[list[Segment]]]
    sources: list[str]
    languages: list[str]
    articles: int
    relevant: int


def _spans(match: MatchOut) -> list[tuple[int, int]]:
    return [(e.start, e.end) for d in match.dialogues if d.relevant for e in d.evidence]


def _passage(context: ServiceContext, article_id: str) -> list[list[Segment]]:
    events = context.log.read_stream(article_id)
    text, _ = article_text(events)
    match = match_out(events, text)
    return snippets(match.judged_text, _spans(match), width=60, limit=1) if match else []


def _chart(conn: Connection, f: Filters, now: datetime) -> tuple[Grid, str | None]:
    """The timeline of the relevant articles the filter (without its dates) keeps, over
    ``f.days`` days to the newest of them (or today, if sooner); and that newest date."""
    source, has_search = searchable(conn)
    where = filter_clauses(replace(f, since="", until=""), has_search)
    newest = conn.execute(select(func.max(happened)).select_from(source).where(*where)).scalar()
    end = min(date.fromisoformat(newest[:10]), now.date()) if newest else now.date()
    start, after = end - timedelta(days=f.days - 1), end + timedelta(days=1)
    published = ARTICLES.c.published_at.is_not(None).label("published")
    rows = conn.execute(
        select(happened.label("at"), published, ARTICLES.c.dialogues)
        .select_from(source)
        .where(*where, happened >= f"{start}T00:00:00.000000Z", happened < f"{after}T00:00:00Z")
    ).all()
    shown = [(r.at, bool(r.published), [d for d in r.dialogues.split(",") if d]) for r in rows]
    if f.dialogue:
        shown = [(at, p, [d for d in ds if d == f.dialogue]) for at, p, ds in shown]
    return grid(shown, end, f.days), newest


def front(context: ServiceContext, f: Filters, now: datetime) -> Front:
    with context.log.reader.connect() as conn:
        band = summary(conn, [d for d, _ in dialogue_choices()], now)
        chart, newest = _chart(conn, f, now)
        stories = story_page(conn, f)
        sources, languages = facets(conn)
        total = conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one()
        relevant = conn.execute(
            select(func.count()).select_from(ARTICLES).where(ARTICLES.c.relevant.is_(True))
        ).scalar_one()
    passages = {s.lead.article_id: _passage(context, s.lead.article_id) for s in stories.stories}
    return Front(
        filters=f,
        summary=band,
        grid=chart,
        newest=newest,
        stories=stories,
        passages=passages,
        sources=sources,
        languages=languages,
        articles=total,
        relevant=relevant,
    )


@dataclass
class ArticleView:
    row: Any
    match: MatchOut | None
    text: list[Segment]
    text_sha256: str | None
    trail: Trail | None


def article_view(context: ServiceContext, article_id: str) -> ArticleView | None:
    with context.log.reader.connect() as conn:
        row = conn.execute(select(ARTICLES).where(ARTICLES.c.article_id == article_id)).first()
    if row is None:
        return None
    events = context.log.read_stream(article_id)
    text, sha = article_text(events)
    match = match_out(events, text)
    marked = highlight(match.judged_text, _spans(match)) if match else [(text or "", False)]
    try:
        trail: Trail | None = load_trail(context.log, article_id)
    except TrailNotFoundError:
        trail = None
    return ArticleView(row, match, marked, sha, trail)
