"""What the meetings, alerts, sources and subscriptions pages show (read-only queries)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, select

from alerts.delivery_state import FAILED, Delivery, delivery_state
from alerts.outbox import ALERTS
from alerts.redaction import redact_text
from alerts.subscriptions import SUBSCRIPTIONS
from monitor.readmodels.meetings import MEETING_REPORTS, MEETINGS
from monitor.service.api.schemas import SourceOut, SubscriptionOut
from monitor.service.api.sources import load_sources
from monitor.service.api.subscriptions import list_all as list_subscriptions
from monitor.service.context import ServiceContext
from monitor.service.dashboard.fixes import fix_for

PAGE_SIZE = 50
SHOWN_REPORTS = 5
STATUSES = ("pending", "held", "failed", "dead", "delivered")


def pages_of(total: int, page: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """``(page, pages)`` with ``page`` brought within the pages."""
    pages = max(1, -(-total // size))
    return min(max(page, 1), pages), pages


@dataclass
class Told:
    """One story reporting a meeting: its newest report, and every outlet that told it."""

    lead: Any
    outlets: list[str]


@dataclass
class MeetingLine:
    row: Any
    documents: list[str]
    stories: list[Told]
    """The stories reporting it, newest first (at most ``SHOWN_REPORTS``)."""
    more: int
    """Stories not shown."""


@dataclass
class MeetingsPage:
    meetings: list[MeetingLine]
    dialogue: str
    dialogues: list[str]
    total: int
    page: int
    pages: int


def _reports(conn: Connection, keys: list[str]) -> dict[str, list[Told]]:
    """Each meeting's reports as stories (one story told by three outlets is one entry)."""
    found: dict[str, dict[str, Told]] = {key: {} for key in keys}
    rows = conn.execute(
        select(MEETING_REPORTS)
        .where(MEETING_REPORTS.c.key.in_(keys))
        .order_by(MEETING_REPORTS.c.published_at.desc().nulls_last(), MEETING_REPORTS.c.article_id)
    )
    for row in rows:
        told = found[row.key].setdefault(row.story_id, Told(row, []))
        if row.source_id and row.source_id not in told.outlets:
            told.outlets.append(row.source_id)
    return {key: list(stories.values()) for key, stories in found.items()}


def meetings_view(context: ServiceContext, dialogue: str, page: int) -> MeetingsPage:
    where = [MEETINGS.c.dialogue == dialogue] if dialogue else []
    newest = MEETINGS.c.last_published_at.desc().nulls_last()
    with context.log.reader.connect() as conn:
        total = conn.execute(select(func.count()).select_from(MEETINGS).where(*where)).scalar_one()
        page, pages = pages_of(total, page)
        rows = conn.execute(
            select(MEETINGS)
            .where(*where)
            .order_by(newest, MEETINGS.c.key)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        ).all()
        reports = _reports(conn, [r.key for r in rows])
        dialogues = conn.execute(
            select(MEETINGS.c.dialogue).distinct().order_by(MEETINGS.c.dialogue)
        ).scalars()
        shown = list(dialogues)
    lines = [
        MeetingLine(
            r,
            json.loads(r.documents),
            reports[r.key][:SHOWN_REPORTS],
            max(0, len(reports[r.key]) - SHOWN_REPORTS),
        )
        for r in rows
    ]
    return MeetingsPage(lines, dialogue, shown, total, page, pages)


@dataclass
class AlertsPage:
    alerts: list[Any]
    counts: dict[str, int]
    names: dict[str, str]
    status: str
    subscription: str
    total: int
    page: int
    pages: int


def _subscription_names(conn: Connection) -> dict[str, str]:
    rows = conn.execute(select(SUBSCRIPTIONS.c.subscription_id, SUBSCRIPTIONS.c.name))
    return {r.subscription_id: r.name for r in rows}


def alerts_view(context: ServiceContext, status: str, subscription: str, page: int) -> AlertsPage:
    status = status if status in STATUSES else ""
    where = []
    if status:
        where.append(ALERTS.c.status == status)
    if subscription:
        where.append(ALERTS.c.subscription_id == subscription)
    failing_first = case((ALERTS.c.status.in_(FAILED), 0), else_=1)
    newest = (failing_first, ALERTS.c.raised_at.desc(), ALERTS.c.alert_id.desc())
    with context.log.reader.connect() as conn:
        total = conn.execute(select(func.count()).select_from(ALERTS).where(*where)).scalar_one()
        page, pages = pages_of(total, page)
        rows = conn.execute(
            select(ALERTS)
            .where(*where)
            .order_by(*newest)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        ).all()
        counts: dict[str, int] = dict(
            conn.execute(select(ALERTS.c.status, func.count()).group_by(ALERTS.c.status)).all()
        )
        names = _subscription_names(conn)
    alerts = [
        {**r._mapping, "last_error": redact_text(r.last_error) if r.last_error else None}
        for r in rows
    ]
    return AlertsPage(alerts, counts, names, status, subscription, total, page, pages)


@dataclass
class SourceLine:
    source: SourceOut
    fix: str | None


def sources_view(context: ServiceContext) -> list[SourceLine]:
    return [
        SourceLine(s, fix_for(s.last_error_reason, s.last_status) if s.failing else None)
        for s in load_sources(context)
    ]


@dataclass
class SubscriptionLine:
    subscription: SubscriptionOut
    delivery: Delivery


def subscriptions_view(context: ServiceContext) -> list[SubscriptionLine]:
    subscriptions = list_subscriptions(context)
    with context.log.reader.connect() as conn:
        return [
            SubscriptionLine(s, delivery_state(conn, s.subscription_id, s.status))
            for s in subscriptions
        ]
