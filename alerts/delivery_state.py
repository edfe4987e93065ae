"""How a subscription's deliveries are going: ``failing`` when each of its latest settled
alerts failed, ``degraded`` when some did, else its status ("a subscription whose every alert
fails shows as active" no longer).  Read from the outbox; shown by ``subscriptions list``, the
subscriptions API and the dashboard alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from alerts.outbox import ALERTS
from alerts.redaction import redact_text

RECENT = 5
"""How many of a subscription's latest settled alerts its state is read from."""
FAILED = ("failed", "dead")


@dataclass
class Delivery:
    """How a subscription's deliveries are going, from its latest settled alerts."""

    state: str
    """``active``, ``failing`` (every one of them failed), ``degraded`` (some failed), or the
    subscription's status when it is not active (``paused``, ``deleted``)."""
    text: str
    failed: int
    settled: int
    waiting: int
    last_delivered_at: str | None
    last_error: str | None


def delivery_of(status: str, recent: list[Any], waiting: int, delivered_at: str | None) -> Delivery:
    """The delivery state from a subscription's ``status`` and its latest settled alerts
    (``recent``, newest first: rows with ``status`` and ``last_error``)."""
    failed = [r for r in recent if r.status in FAILED]
    error = redact_text(failed[0].last_error) if failed and failed[0].last_error else None
    n, k = len(recent), len(failed)
    last = "the last alert" if n == 1 else f"the last {n} alerts"
    if status != "active":
        state, text = status, status
    elif n == 0:
        state, text = "active", "active: no alert sent yet"
    elif k == n:
        state, text = (
            "failing",
            f"failing: {k} of {last} failed" if n > 1 else "failing: the last alert failed",
        )
    elif k:
        state, text = "degraded", f"degraded: {k} of {last} failed"
    else:
        state, text = "active", f"active: {last} {'was' if n == 1 else 'were'} delivered"
    return Delivery(state, text, k, n, waiting, delivered_at, error)


def delivery_state(conn: Connection, subscription_id: str, status: str) -> Delivery:
    """The subscription's delivery state from the outbox (its latest settled alerts)."""
    mine = ALERTS.c.subscription_id == subscription_id
    recent = conn.execute(
        select(ALERTS.c.status, ALERTS.c.last_error)
        .where(mine, ALERTS.c.status.in_(("delivered", *FAILED)))
        .order_by(ALERTS.c.raised_at.desc(), ALERTS.c.alert_id.desc())
        .limit(RECENT)
    ).all()
    waiting = conn.execute(
        select(func.count()).where(mine, ALERTS.c.status.in_(("pending", "held")))
    ).scalar_one()
    delivered_at = conn.execute(select(func.max(ALERTS.c.delivered_at)).where(mine)).scalar()
    return delivery_of(status, list(recent), waiting, delivered_at)
