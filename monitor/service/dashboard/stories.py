"""The front page's article list: relevant articles grouped by story (one row per story, with
the outlets and languages that reported it), filtered and paged.

An article's date is its publication date, or the day it was discovered when the source gave
none (``dated_by`` says which).  Read-only queries on ``articles`` and ``article_search``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, Select, func, literal, or_, select

from monitor.readmodels import search
from monitor.readmodels.articles import ARTICLES
from monitor.service.dashboard.filters import Filters

PAGE_SIZE = 20
happened = func.coalesce(ARTICLES.c.published_at, ARTICLES.c.discovered_at)
"""When an article happened, as far as the monitor knows."""


@dataclass(frozen=True)
class Report:
    """One article of a story."""

    article_id: str
    title: str
    url: str
    source_id: str
    language: str | None
    date: str
    dated_by: str
    """``published`` (the source's date) or ``discovered`` (the source gave none)."""
    dialogues: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    story_id: str
    lead: Report
    """The article shown for the story: its first report."""
    reports: tuple[Report, ...]

    @property
    def outlets(self) -> list[str]:
        return sorted({r.source_id for r in self.reports})

    @property
    def languages(self) -> list[str]:
        return sorted({r.language for r in self.reports if r.language})

    @property
    def dialogues(self) -> list[str]:
        return sorted({d for r in self.reports for d in r.dialogues})


@dataclass(frozen=True)
class StoryPage:
    stories: list[Story]
    total: int
    """Stories that match, over every page."""
    page: int
    pages: int


def filter_clauses(f: Filters, has_search: bool) -> list[ColumnElement[bool]]:
    """The WHERE clauses of ``f`` over ``articles`` (joined with ``article_search``)."""
    columns = ARTICLES.c
    found: list[ColumnElement[bool]] = [columns.relevant.is_(True)]
    if f.dialogue:
        wanted = "," + f.dialogue.replace(",", " ") + ","
        found.append((literal(",") + columns.dialogues + ",").contains(wanted, autoescape=True))
    if f.source:
        found.append(columns.source_id == f.source)
    if f.language:
        found.append(
            or_(columns.language == f.language, columns.language.startswith(f.language + "-"))
        )
    if f.since:
        found.append(happened >= f.since_time())
    if f.until:
        found.append(happened < f.until_time())
    if not has_search:
        if f.q:
            found += [columns.title.icontains(w, autoescape=True) for w in f.q.lower().split()]
        return found
    if f.q.split():
        found.append(search.text_clause(f.q))
    if f.topic:
        found.append(search.list_clause("topics", f.topic))
    if f.mechanism:
        found.append(search.list_clause("mechanisms", f.mechanism))
    return found


def searchable(conn: Connection) -> tuple[FromClause, bool]:
    """``articles`` joined with ``article_search`` when that read model exists."""
    if not search.available(conn):
        return ARTICLES, False
    joined = ARTICLES.outerjoin(search.SEARCH, search.SEARCH.c.article_id == ARTICLES.c.article_id)
    return joined, True


def _matching(conn: Connection, f: Filters) -> Select[Any]:
    source, has_search = searchable(conn)
    return (
        select(ARTICLES.c.story_id, func.max(happened).label("newest"))
        .select_from(source)
        .where(*filter_clauses(f, has_search))
        .group_by(ARTICLES.c.story_id)
    )


def _report(row: Any) -> Report:
    return Report(
        row.article_id,
        row.title,
        row.url,
        row.source_id,
        row.language,
        row.published_at or row.discovered_at,
        "published" if row.published_at else "discovered",
        tuple(d for d in row.dialogues.split(",") if d),
    )


def _stories(conn: Connection, ids: Sequence[str]) -> list[Story]:
    rows = conn.execute(
        select(ARTICLES)
        .where(ARTICLES.c.story_id.in_(list(ids)), ARTICLES.c.relevant.is_(True))
        .order_by(happened, ARTICLES.c.article_id)
    ).all()
    members: dict[str, list[Report]] = {story: [] for story in ids}
    for row in rows:
        members[row.story_id].append(_report(row))
    return [
        Story(story, reports[0], tuple(reports)) for story, reports in members.items() if reports
    ]


def story_page(conn: Connection, f: Filters, size: int = PAGE_SIZE) -> StoryPage:
    """The page ``f.page`` of matching stories, the most recent first."""
    matching = _matching(conn, f).subquery()
    total = conn.execute(select(func.count()).select_from(matching)).scalar_one()
    pages = max(1, -(-total // size))
    page = min(f.page, pages)
    ids = conn.execute(
        select(matching.c.story_id)
        .order_by(matching.c.newest.desc(), matching.c.story_id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).scalars()
    return StoryPage(_stories(conn, list(ids)), total, page, pages)


def facets(conn: Connection) -> tuple[list[str], list[str]]:
    """The sources and languages of relevant articles (for the filter's choices)."""
    relevant = ARTICLES.c.relevant.is_(True)
    sources = conn.execute(
        select(ARTICLES.c.source_id).where(relevant).distinct().order_by(ARTICLES.c.source_id)
    ).scalars()
    languages = conn.execute(
        select(ARTICLES.c.language)
        .where(relevant, ARTICLES.c.language.is_not(None))
        .distinct()
        .order_by(ARTICLES.c.language)
    ).scalars()
    return list(sources), [lang for lang in languages if lang]
