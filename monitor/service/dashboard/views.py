"""What the dashboard pages show, read from the read models and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from monitor.audit.trail import Trail, TrailNotFoundError, load_trail
from monitor.readmodels.articles import ARTICLES
from monitor.readmodels.meetings import MEETING_REPORTS, MEETINGS
from monitor.service.api.articles import article_text
from monitor.service.api.convert import match_out
from monitor.service.api.schemas import MatchOut, SourceOut, SubscriptionOut
from monitor.service.api.sources import load_sources
from monitor.service.api.subscriptions import list_all as list_subscriptions
from monitor.service.context import ServiceContext
from monitor.service.dashboard.charts import Timeline, timelines
from monitor.service.dashboard.marks import Segment, highlight, snippets

LATEST = 15
MEETINGS_FROM = LATEST
SHOWN_MEETINGS = 30


@dataclass
class Latest:
    article_id: str
    title: str
    url: str
    source_id: str
    discovered_at: str
    dialogues: list[str]
    passages: list[list[Segment]]
    meetings: list[str]


@dataclass
class Overview:
    timelines: list[Timeline]
    latest: list[Latest]
    meetings: list[tuple[str, str, int, str]]
    sources: list[SourceOut]
    subscriptions: list[SubscriptionOut]
    counts: dict[str, int] = field(default_factory=dict)


def _spans(match: MatchOut) -> list[tuple[int, int]]:
    return [(e.start, e.end) for d in match.dialogues if d.relevant for e in d.evidence]


def _latest(context: ServiceContext, row: Any) -> tuple[Latest, MatchOut | None]:
    events = context.log.read_stream(row.article_id)
    text, _ = article_text(events)
    match = match_out(events, text)
    passages = snippets(match.judged_text, _spans(match)) if match else []
    meetings = [m.name for m in match.meetings] if match else []
    dialogues = _ids(row.dialogues)
    latest = Latest(
        row.article_id,
        row.title,
        row.url,
        row.source_id,
        row.discovered_at,
        dialogues,
        passages,
        meetings,
    )
    return latest, match


def _meetings(conn: Connection) -> list[tuple[str, str, int, str]]:
    """Each identified meeting (the ``meetings`` read model): (name, mechanism, articles
    reporting it, the most recently published of them), the most reported first."""
    rows = conn.execute(
        select(MEETINGS).order_by(MEETINGS.c.reports.desc(), MEETINGS.c.key).limit(SHOWN_MEETINGS)
    ).all()
    shown = []
    for row in rows:
        newest = select(MEETING_REPORTS.c.article_id).where(MEETING_REPORTS.c.key == row.key)
        newest = newest.order_by(MEETING_REPORTS.c.published_at.desc().nulls_last()).limit(1)
        shown.append((row.name, row.mechanism, row.reports, conn.execute(newest).scalar_one()))
    return shown


def _ids(dialogues: str) -> list[str]:
    return [d for d in dialogues.split(",") if d]


def overview(context: ServiceContext) -> Overview:
    relevant = ARTICLES.c.relevant.is_(True)
    newest = (ARTICLES.c.discovered_at.desc(), ARTICLES.c.article_id.desc())
    with context.log.reader.connect() as conn:
        judged = conn.execute(
            select(ARTICLES.c.discovered_at, ARTICLES.c.dialogues).where(relevant)
        ).all()
        recent = conn.execute(
            select(ARTICLES).where(relevant).order_by(*newest).limit(MEETINGS_FROM)
        ).all()
        total = conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one()
        meetings = _meetings(conn)
    loaded = [_latest(context, r) for r in recent]
    return Overview(
        timelines=timelines((r.discovered_at, _ids(r.dialogues)) for r in judged),
        latest=[latest for latest, _ in loaded[:LATEST]],
        meetings=meetings,
        sources=load_sources(context),
        subscriptions=list_subscriptions(context),
        counts={"articles": total, "relevant": len(judged)},
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
