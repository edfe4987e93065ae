"""The dispatcher: sends due alerts and records every attempt as an event.

At-least-once: an alert is sent, then ``alert.delivered`` (only for a 2xx or an accepted
message) or ``alert.delivery_failed`` (with the next try, or dead) is appended.  If the process
dies between the two, the alert is still due after a restart and is sent again with the same
idempotency key, which receivers use to drop the repeat.

Several dispatchers (replicas) share the due alerts: each claims an alert's lease before
sending (:mod:`store.leases`), reads the alert's stream from the log (the outbox read model
may lag: an alert another replica just delivered is skipped), and records the attempt with
the lease as its fence, so one attempt is recorded once.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import select

from alerts.channels.base import Channel
from alerts.errors import DeliveryError
from alerts.messages import to_message
from alerts.model import Target
from alerts.outbox import ALERTS
from alerts.retry import RetryPolicy, next_attempt
from alerts.subscriptions import Subscription, load_subscriptions
from monitor.events import AlertDelivered, AlertDeliveryFailed
from store import Event, Metadata
from store.clock import format_time, parse_time
from store.committer import Append, GroupCommitter
from store.errors import FencedError
from store.leases import Lease, Leases
from store.projections import ProjectionRunner

log = structlog.get_logger("alerts.dispatcher")


@dataclass(frozen=True)
class Attempt:
    alert_id: str
    delivered: bool
    status: int | None
    error: str | None = None
    dead: bool = False


@dataclass
class Dispatcher:
    runner: ProjectionRunner
    channel_for: Callable[[Target], Channel]
    clock: Callable[[], datetime]
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    rng: random.Random = field(default_factory=random.Random)
    concurrency: int = 8
    batch: int = 200
    claims: Leases | None = None
    """Alert leases shared with other dispatchers (None: this process dispatches alone)."""
    follows: Callable[[], bool] = lambda: True
    """Whether this process keeps the read models up itself before each round (where several
    daemons share the log, only the one holding the projection role does; the others read
    what it projected, and the log decides whether an alert is still due)."""
    _unrecorded: dict[str, tuple[str, Event, Lease | None]] = field(
        default_factory=dict, init=False, repr=False
    )
    _committer: GroupCommitter | None = field(default=None, init=False, repr=False)

    async def dispatch_due(self) -> list[Attempt]:
        """Send every alert that is due now; return what happened to each."""
        await self._record_unrecorded()
        if self.follows():
            await asyncio.to_thread(self.runner.catch_up_all)
        due = [(r, s) for r, s in await asyncio.to_thread(self._due)
               if r.alert_id not in self._unrecorded]  # fmt: skip
        leases = await asyncio.to_thread(self._claim, [row.alert_id for row, _ in due])
        gate = asyncio.Semaphore(self.concurrency)

        async def one(row: Any, subscription: Subscription) -> Attempt | None:
            async with gate:
                lease = leases.get(row.alert_id)
                try:
                    due = await asyncio.to_thread(self._still_due, row.stream_id, row.alert_id)
                    if not due or not self._may_send(lease):
                        return None
                    return await self._deliver(row, subscription, lease)
                finally:
                    if row.alert_id not in self._unrecorded:  # else kept until recorded
                        await self._release(lease)

        claimed = [(r, s) for r, s in due if r.alert_id in leases]
        attempts = [a for a in await asyncio.gather(*(one(r, s) for r, s in claimed)) if a]
        if attempts and self.follows():
            await asyncio.to_thread(self.runner.catch_up_all)
        return attempts

    def _may_send(self, lease: Lease | None) -> bool:
        """A send cannot be fenced: make it only while the claim surely holds."""
        if lease is None or self.claims is None:
            return True
        if self.claims.valid(lease, self.clock()):
            return True
        log.warning("alert.claim_lapsing", resource=lease.resource, token=lease.token)
        return False

    async def _record_unrecorded(self) -> None:
        """Record attempts whose recording the database refused (gone, restarting): the send
        happened, so sending again would repeat it; the same event id makes a retry safe."""
        for alert_id, (stream_id, event, fence) in list(self._unrecorded.items()):
            await self._record(stream_id, event, alert_id, fence)
            await self._release(fence)

    async def _release(self, lease: Lease | None) -> None:
        if lease is not None and self.claims is not None:
            await asyncio.to_thread(self.claims.release, lease, forget=True)

    def _claim(self, alert_ids: list[str]) -> dict[str, Lease | None]:
        if self.claims is None:
            return dict.fromkeys(alert_ids)
        resources = [f"alert:{a}" for a in alert_ids]
        found = self.claims.claim(resources, self.clock(), limit=len(resources), due_only=False)
        return {lease.resource.removeprefix("alert:"): lease for lease in found}

    def _still_due(self, stream_id: str, alert_id: str) -> bool:
        """Whether the log says the alert is still to be sent (the outbox may lag behind
        another dispatcher's attempt).  An alert stream may hold a chain of alerts (a source
        failing, then recovered): only this alert's events count."""
        mine = [e for e in self.runner.log.read_stream(stream_id)
                if e.data_dict().get("alert_id") == alert_id]  # fmt: skip
        if not mine:
            return False
        last, data = mine[-1], mine[-1].data_dict()
        if last.type == AlertDelivered.type_name:
            return False
        if last.type == AlertDeliveryFailed.type_name:
            later = data.get("next_attempt_at")
            return not data.get("dead") and not (later and parse_time(later) > self.clock())
        return True

    def _due(self) -> list[tuple[Any, Subscription]]:
        now = format_time(self.clock())
        query = (
            select(ALERTS)
            .where(ALERTS.c.status.in_(("pending", "failed")), ALERTS.c.next_attempt_at <= now)
            .order_by(ALERTS.c.next_attempt_at)
            .limit(self.batch)
        )
        with self.runner.log.reader.connect() as conn:
            rows = conn.execute(query).all()
            wanted = {r.subscription_id for r in rows}
            subscriptions = {s.subscription_id: s for s in load_subscriptions(conn, ids=wanted)}
        return [
            (r, subscriptions[r.subscription_id])
            for r in rows
            if r.subscription_id in subscriptions and subscriptions[r.subscription_id].active
        ]

    async def _deliver(self, row: Any, subscription: Subscription, fence: Lease | None) -> Attempt:
        attempt = row.attempts + 1
        channel_name = subscription.target.type
        message = to_message(row, subscription.name)
        try:
            receipt = await self.channel_for(subscription.target).send(message, subscription.target)
        except Exception as raised:  # any failure of a channel is a failed attempt
            exc = (
                raised
                if isinstance(raised, DeliveryError)
                else DeliveryError(f"internal error in the {channel_name} channel: {raised!r}")
            )
            later = next_attempt(
                self.policy,
                attempt,
                self.clock(),
                self.rng,
                retry_after=exc.retry_after,
                permanent=exc.permanent,
            )
            event: Event = AlertDeliveryFailed(
                occurred_at=self.clock(),
                alert_id=row.alert_id,
                attempt=attempt,
                channel=channel_name,
                error=str(exc)[:2000],
                status=exc.status,
                permanent=exc.permanent,
                retry_after_s=exc.retry_after,
                next_attempt_at=later,
                dead=later is None,
            )
            await self._record(row.stream_id, event, row.alert_id, fence)
            return Attempt(row.alert_id, False, exc.status, str(exc), later is None)
        event = AlertDelivered(
            occurred_at=self.clock(),
            alert_id=row.alert_id,
            attempt=attempt,
            channel=channel_name,
            status=receipt.status,
            message_id=receipt.message_id,
            detail=receipt.detail,
        )
        await self._record(row.stream_id, event, row.alert_id, fence)
        return Attempt(row.alert_id, True, receipt.status)

    async def _record(
        self, stream_id: str, event: Event, alert_id: str, fence: Lease | None
    ) -> None:
        """Append the attempt; attempts finishing together share one transaction.  Refused
        (and only logged) when the alert's lease was taken over meanwhile: the attempt
        recorded is the other dispatcher's.  The alert's lease is released only after its
        attempt is recorded, and the next holder reads the stream first, so one attempt is
        never recorded twice."""
        if self._committer is None:
            self._committer = GroupCommitter(self.runner.log)
        part = Append(stream_id, [event], metadata=Metadata(causation_id=alert_id), fence=fence)
        self._unrecorded[alert_id] = (stream_id, event, fence)
        (outcome,) = await self._committer.append(part)
        self._unrecorded.pop(alert_id, None)
        if isinstance(outcome, FencedError):
            log.warning("alert.attempt_superseded", alert_id=alert_id, reason=str(outcome))
        elif isinstance(outcome, Exception):
            raise outcome
