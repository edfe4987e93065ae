"""The front page's summary band: per dialogue, relevant articles in the last day and week,
meetings first reported this week, alerts delivered this week and alerts failing now; and
how many sources are failing.  Read-only queries; ``now`` is passed in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from alerts.outbox import ALERTS
from monitor.readmodels.articles import ARTICLES
from monitor.readmodels.meetings import MEETING_REPORTS, MEETINGS
from monitor.readmodels.sources import SOURCE_HEALTH
from monitor.service.dashboard.stories import happened
from store.clock import format_time

FAILING = ("failed", "dead")


@dataclass(frozen=True)
class DialogueLine:
    dialogue: str
    day: int
    week: int
    meetings: int
    sent: int
    failing: int

    @property
    def quiet(self) -> bool:
        return not (self.day or self.week or self.meetings or self.sent or self.failing)


@dataclass(frozen=True)
class Summary:
    lines: list[DialogueLine]
    sources: int
    sources_failing: int
    alerts_failing: int
    dead_letters: int


def _ids(joined: str | None) -> list[str]:
    return [d for d in (joined or "").split(",") if d]


def _articles(conn: Connection, now: datetime) -> tuple[Counter[str], Counter[str]]:
    day, week = format_time(now - timedelta(days=1)), format_time(now - timedelta(days=7))
    rows = conn.execute(
        select(happened.label("at"), ARTICLES.c.dialogues).where(
            ARTICLES.c.relevant.is_(True), happened >= week
        )
    ).all()
    in_day: Counter[str] = Counter()
    in_week: Counter[str] = Counter()
    for row in rows:
        for dialogue in _ids(row.dialogues):
            in_week[dialogue] += 1
            in_day[dialogue] += row.at >= day
    return in_day, in_week


def _alerts(conn: Connection, now: datetime) -> tuple[Counter[str], Counter[str]]:
    week = format_time(now - timedelta(days=7))
    joined = ALERTS.join(ARTICLES, ARTICLES.c.article_id == ALERTS.c.article_id)
    rows = conn.execute(
        select(ALERTS.c.status, ALERTS.c.delivered_at, ARTICLES.c.dialogues)
        .select_from(joined)
        .where((ALERTS.c.delivered_at >= week) | ALERTS.c.status.in_(FAILING))
    ).all()
    sent: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    for row in rows:
        for dialogue in _ids(row.dialogues):
            if row.status in FAILING:
                failing[dialogue] += 1
            elif row.delivered_at and row.delivered_at >= week:
                sent[dialogue] += 1
    return sent, failing


def _new_meetings(conn: Connection, now: datetime) -> Counter[str]:
    """Meetings per dialogue whose first report was published (or, undated, recorded) in the
    last 7 days: not every meeting a first run finds in older articles."""
    reports = MEETING_REPORTS.c
    first = (
        select(reports.key, func.min(func.coalesce(reports.published_at, reports.reported_at)))
        .group_by(reports.key)
        .subquery()
    )
    week = format_time(now - timedelta(days=7))
    rows = conn.execute(
        select(MEETINGS.c.dialogue, func.count())
        .join(first, first.c.key == MEETINGS.c.key)
        .where(first.c[1] >= week)
        .group_by(MEETINGS.c.dialogue)
    ).all()
    return Counter({str(dialogue): int(count) for dialogue, count in rows})


def summary(conn: Connection, dialogues: list[str], now: datetime) -> Summary:
    """A line for each of ``dialogues`` (the catalogue's) and any other one seen, busiest first."""
    in_day, in_week = _articles(conn, now)
    meetings = _new_meetings(conn, now)
    sent, failing = _alerts(conn, now)
    known = dict.fromkeys([*dialogues, *in_week, *meetings, *sent, *failing])
    lines = [
        DialogueLine(d, in_day[d], in_week[d], meetings[d], sent[d], failing[d]) for d in known
    ]
    lines.sort(key=lambda line: (-line.week, -line.day, -line.failing, line.dialogue))
    statuses: dict[str, int] = dict(
        conn.execute(select(ALERTS.c.status, func.count()).group_by(ALERTS.c.status)).all()
    )
    health = conn.execute(select(SOURCE_HEALTH.c.consecutive_failures)).scalars().all()
    return Summary(
        lines=lines,
        sources=len(health),
        sources_failing=sum(1 for failures in health if failures > 0),
        alerts_failing=statuses.get("failed", 0) + statuses.get("dead", 0),
        dead_letters=statuses.get("dead", 0),
    )
