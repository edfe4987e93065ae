"""Digests: one readable message per period with the subscription's held alerts.

A digest subscription's alerts are raised ``held``.  At each firing of its cron schedule (in
its time zone) the held alerts raised before that moment go out in one message; the period
starts where the previous digest ended.  An empty period sends nothing unless the
subscription asks for it (``send_empty``).  A failed digest leaves its alerts held, so the next
one carries them: nothing is lost.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from alerts.channels.base import Channel
from alerts.errors import DeliveryError
from alerts.messages import to_message
from alerts.model import Target
from alerts.outbox import ALERTS
from alerts.subscriptions import Subscription
from monitor.events import AlertDelivered, AlertDeliveryFailed, DigestSent, subscription_stream
from store import Event, Metadata
from store.clock import format_time, parse_time
from store.projections import ProjectionRunner


@dataclass(frozen=True)
class DigestResult:
    subscription_id: str
    sent: bool
    alerts: int
    error: str | None = None


def period_start(runner: ProjectionRunner, subscription: Subscription) -> datetime | None:
    """Where the next digest's period starts: the end of the last one sent."""
    stream = runner.log.read_stream(subscription_stream(subscription.subscription_id))
    ends = [e.data_dict()["period_end"] for e in stream if e.type == DigestSent.type_name]
    if ends:
        return parse_time(ends[-1])
    return parse_time(stream[0].occurred_at) if stream else None


DIGESTS = uuid.UUID("5b0f7f1e-58c4-4c53-9d55-3d3c2f6a9e10")


def digest_id(subscription_id: str, period_end: datetime) -> str:
    """The same digest (subscription, end of period) has the same id, resent or not."""
    return str(uuid.uuid5(DIGESTS, f"{subscription_id}|{format_time(period_end)}"))


def latest_firing(
    fire_times: Callable[[datetime], datetime | None], after: datetime, now: datetime
) -> datetime | None:
    """The last firing of a schedule in ``(after, now]``, or None (pure; ``fire_times(t)`` is
    the first firing at or after ``t``)."""
    found = None
    moment = fire_times(after + timedelta(microseconds=1))
    while moment is not None and moment <= now:
        found = moment
        moment = fire_times(moment + timedelta(microseconds=1))
    return found


async def send_digest(
    runner: ProjectionRunner,
    subscription: Subscription,
    channel_for: Callable[[Target], Channel],
    now: datetime,
    period_end: datetime | None = None,
) -> DigestResult:
    """Send the held alerts raised before ``period_end`` (default ``now``) in one message."""
    end = period_end or now
    await asyncio.to_thread(runner.catch_up_all)
    rows = await asyncio.to_thread(_held, runner, subscription.subscription_id, end)
    if not rows and not subscription.delivery.send_empty:
        return DigestResult(subscription.subscription_id, False, 0)
    start = await asyncio.to_thread(period_start, runner, subscription) or end
    messages = [to_message(r, subscription.name) for r in rows]
    digest_id_ = digest_id(subscription.subscription_id, end)
    channel = subscription.target.type
    try:
        receipt = await channel_for(subscription.target).send_digest(
            messages,
            subscription.target,
            period_start=start,
            period_end=end,
            subscription_name=subscription.name,
        )
    except DeliveryError as exc:
        failed: list[tuple[str, Event]] = [
            (
                r.stream_id,
                AlertDeliveryFailed(
                    occurred_at=now,
                    alert_id=r.alert_id,
                    attempt=r.attempts + 1,
                    channel=channel,
                    error=f"digest: {exc}"[:2000],
                    status=exc.status,
                    permanent=False,
                    retry_after_s=exc.retry_after,
                ),
            )
            for r in rows
        ]
        await asyncio.to_thread(_append_all, runner, failed, digest_id_)
        return DigestResult(subscription.subscription_id, False, len(rows), str(exc))
    events: list[tuple[str, Event]] = [
        (
            r.stream_id,
            AlertDelivered(
                occurred_at=now,
                alert_id=r.alert_id,
                attempt=r.attempts + 1,
                channel=channel,
                status=receipt.status,
                message_id=receipt.message_id,
                digest_id=digest_id_,
            ),
        )
        for r in rows
    ]
    events.append(
        (
            subscription_stream(subscription.subscription_id),
            DigestSent(
                occurred_at=now,
                subscription_id=subscription.subscription_id,
                digest_id=digest_id_,
                period_start=start,
                period_end=end,
                alert_ids=[r.alert_id for r in rows],
                channel=channel,
                status=receipt.status,
                message_id=receipt.message_id,
            ),
        )
    )
    await asyncio.to_thread(_append_all, runner, events, digest_id_)
    await asyncio.to_thread(runner.catch_up_all)
    return DigestResult(subscription.subscription_id, True, len(rows))


def _held(runner: ProjectionRunner, subscription_id: str, now: datetime) -> list[Any]:
    query = (
        select(ALERTS)
        .where(
            ALERTS.c.subscription_id == subscription_id,
            ALERTS.c.status == "held",
            ALERTS.c.raised_at < format_time(now),
        )
        .order_by(ALERTS.c.raised_at)
    )
    with runner.log.reader.connect() as conn:
        return list(conn.execute(query).all())


def _append_all(runner: ProjectionRunner, events: list[tuple[str, Event]], digest_id: str) -> None:
    meta = Metadata(causation_id=digest_id)
    with runner.log.transaction() as tx:
        for stream_id, event in events:
            tx.append(stream_id, [event], metadata=meta)
