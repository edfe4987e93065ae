"""Digests: one readable message per period with the subscription's held alerts.

A digest subscription's alerts are raised ``held``.  At each firing of its cron schedule (in
its time zone) the held alerts raised before that moment go out in one message; the period
starts where the previous digest ended.  An empty period sends nothing unless the
subscription asks for it (``send_empty``).  A failed digest leaves its alerts held, so the next
one carries them: nothing is lost.

A digest leaves by the path single alerts take (:mod:`alerts.courier`: send, then record), and
its id, which is its idempotency key, derives from its subscription and the end of its period
(:func:`alerts.messages.digest_id`): a digest resent after a crash carries the same key, and
one whose record the database refused is recorded later, not sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from alerts.channels.port import Channel
from alerts.courier import Courier, Parcel, delivered_event, failed_event
from alerts.errors import DeliveryError
from alerts.messages import digest_id, to_message
from alerts.model import AlertMessage, Receipt, Target
from alerts.outbox import ALERTS
from alerts.subscriptions import Subscription
from monitor.events import DigestSent, subscription_stream
from store import Event, Metadata
from store.clock import format_time, parse_time
from store.committer import Append
from store.projections import ProjectionRunner

__all__ = ["DigestResult", "latest_firing", "period_start", "send_digest"]


@dataclass(frozen=True)
class DigestResult:
    subscription_id: str
    sent: bool
    alerts: int
    error: str | None = None
    digest_id: str | None = None


def period_start(runner: ProjectionRunner, subscription: Subscription) -> datetime | None:
    """Where the next digest's period starts: the end of the last one sent."""
    stream = runner.log.read_stream(subscription_stream(subscription.subscription_id))
    ends = [e.data_dict()["period_end"] for e in stream if e.type == DigestSent.type_name]
    if ends:
        return parse_time(ends[-1])
    return parse_time(stream[0].occurred_at) if stream else None


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
    courier: Courier,
    subscription: Subscription,
    channel_for: Callable[[Target], Channel],
    now: datetime,
    period_end: datetime | None = None,
    enrich: Callable[[AlertMessage], AlertMessage] | None = None,
) -> DigestResult:
    """Send the held alerts raised before ``period_end`` (default ``now``) in one message,
    through the courier (deliver, then record).  An attempt the database refused to record
    earlier is recorded first, so a digest already sent is not sent again.  ``enrich`` is the
    dispatcher's (each alert with its story's other outlets)."""
    await courier.record_kept()
    end = period_end or now
    await asyncio.to_thread(runner.catch_up_all)
    rows = await asyncio.to_thread(_held, runner, subscription.subscription_id, end)
    if not rows and not subscription.delivery.send_empty:
        return DigestResult(subscription.subscription_id, False, 0)
    start = await asyncio.to_thread(period_start, runner, subscription) or end
    digest = _Digest(subscription, rows, start, end, now, enrich)
    sent = await courier.deliver(digest.parcel(channel_for))
    await asyncio.to_thread(runner.catch_up_all)
    error = None if sent.error is None else str(sent.error)
    return DigestResult(subscription.subscription_id, sent.delivered, len(rows), error, digest.id)


@dataclass(frozen=True)
class _Digest:
    """One digest: its send, and its record (each alert delivered with the digest's id, and
    ``digest.sent``; or each alert's failed attempt, the alerts staying held for the next)."""

    subscription: Subscription
    rows: list[Any]
    start: datetime
    end: datetime
    now: datetime
    enrich: Callable[[AlertMessage], AlertMessage] | None = None

    @property
    def id(self) -> str:
        return digest_id(self.subscription.subscription_id, self.end)

    def parcel(self, channel_for: Callable[[Target], Channel]) -> Parcel:
        target, name = self.subscription.target, self.subscription.name
        messages = [to_message(r, name) for r in self.rows]

        async def send() -> Receipt:
            enrich = self.enrich
            shown = (
                messages
                if enrich is None
                else await asyncio.to_thread(lambda: [enrich(m) for m in messages])
            )
            return await channel_for(target).send_digest(
                shown,
                target,
                period_start=self.start,
                period_end=self.end,
                subscription_name=name,
                subscription_id=self.subscription.subscription_id,
            )

        return Parcel(self.id, target.type, send, self.delivered, self.failed)

    def _each(self, event_of: Callable[[Any], Event]) -> list[Append]:
        meta = Metadata(causation_id=self.id)
        return [Append(r.stream_id, [event_of(r)], metadata=meta) for r in self.rows]

    def delivered(self, receipt: Receipt) -> list[Append]:
        channel, sid = self.subscription.target.type, self.subscription.subscription_id
        parts = self._each(
            lambda r: delivered_event(
                r.alert_id, r.attempts + 1, channel, receipt, self.now, digest_id=self.id
            )
        )
        sent = DigestSent(
            occurred_at=self.now,
            subscription_id=sid,
            digest_id=self.id,
            period_start=self.start,
            period_end=self.end,
            alert_ids=[r.alert_id for r in self.rows],
            channel=channel,
            status=receipt.status,
            message_id=receipt.message_id,
        )
        meta = Metadata(causation_id=self.id)
        return [*parts, Append(subscription_stream(sid), [sent], metadata=meta)]

    def failed(self, error: DeliveryError) -> list[Append]:
        channel = self.subscription.target.type
        return self._each(
            lambda r: failed_event(
                r.alert_id,
                r.attempts + 1,
                channel,
                error,
                self.now,
                None,
                dead=False,
                prefix="digest: ",
            )
        )


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
