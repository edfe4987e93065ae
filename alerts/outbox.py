"""``outbox``: every alert with its delivery state, a projection of the ``alert.*`` events.

``status``: ``pending`` (due at ``next_attempt_at``), ``held`` (waiting for its digest; a
failed digest leaves its alerts held, for the next one), ``failed`` (retrying at
``next_attempt_at``), ``dead`` (gave up; ``alerts retry`` requeues it), ``delivered``.
"""

from __future__ import annotations

import json
from typing import Any, cast

from sqlalchemy import Connection, Index, Table, case, update
from sqlmodel import Field, SQLModel

from monitor.events import AlertDelivered, AlertDeliveryFailed, AlertRaised, AlertRequeued
from store.clock import format_time, parse_time
from store.projections import Projection, upsert
from store.records import RecordedEvent


class AlertRow(SQLModel, table=True):
    __tablename__ = "alerts"

    alert_id: str = Field(primary_key=True)
    stream_id: str
    subscription_id: str
    kind: str
    story_id: str
    article_id: str | None = None
    follows: str | None = None
    title: str
    url: str | None = None
    raised_at: str
    digest: bool = False
    status: str
    attempts: int = 0
    next_attempt_at: str | None = None
    last_error: str | None = None
    last_status: int | None = None
    delivered_at: str | None = None
    message_id: str | None = None
    payload: str


ALERTS = cast(Table, AlertRow.__table__)  # type: ignore[attr-defined]
Index("alerts_due", ALERTS.c.status, ALERTS.c.next_attempt_at)
Index("alerts_by_subscription", ALERTS.c.subscription_id, ALERTS.c.raised_at)


class OutboxProjection(Projection):
    name = "outbox"
    version = 2
    """2: a failed digest leaves its alerts held (version 1 made them ``failed`` with no next
    attempt: no digest took them again)."""
    tables = (ALERTS,)
    types = tuple(
        c.type_name for c in (AlertRaised, AlertDelivered, AlertDeliveryFailed, AlertRequeued)
    )

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        if event.type == AlertRaised.type_name:
            upsert(conn, ALERTS, _raised(event, data), ["alert_id"])
            return
        changes = _changes(event, data)
        conn.execute(update(ALERTS).where(ALERTS.c.alert_id == data["alert_id"]).values(**changes))


def _raised(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "alert_id": data["alert_id"],
        "stream_id": event.stream_id,
        "subscription_id": data["subscription_id"],
        "kind": data["kind"],
        "story_id": data["story_id"],
        "article_id": data.get("article_id"),
        "follows": data.get("follows"),
        "title": data["title"],
        "url": data.get("url"),
        "raised_at": event.occurred_at,
        "digest": data.get("digest", False),
        "status": "held" if data.get("digest") else "pending",
        "attempts": 0,
        "next_attempt_at": None if data.get("digest") else event.occurred_at,
        "payload": json.dumps(data, ensure_ascii=False),
    }


def _changes(event: RecordedEvent, data: dict[str, Any]) -> dict[str, Any]:
    if event.type == AlertDelivered.type_name:
        return {
            "status": "delivered",
            "attempts": data["attempt"],
            "delivered_at": event.occurred_at,
            "last_status": data.get("status"),
            "message_id": data.get("message_id"),
            "next_attempt_at": None,
            "last_error": None,
        }
    if event.type == AlertDeliveryFailed.type_name:
        nxt = data.get("next_attempt_at")
        held_if_digest = case((ALERTS.c.digest, "held"), else_="failed")
        return {
            "status": "dead" if data["dead"] else held_if_digest,
            "attempts": data["attempt"],
            "next_attempt_at": format_time(parse_time(nxt)) if nxt else None,
            "last_error": data["error"],
            "last_status": data.get("status"),
        }
    return {
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": event.occurred_at,
        "last_error": None,
    }
