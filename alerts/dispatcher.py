"""The dispatcher: sends due alerts and records every attempt as an event.

At-least-once: an alert is sent, then ``alert.delivered`` (only for a 2xx or an accepted
message) or ``alert.delivery_failed`` (with the next try, or dead) is appended, by the one
deliver-then-record path digests take too (:mod:`alerts.courier`).  If the process dies
between the two, the alert is still due after a restart and is sent again with the same
idempotency key, which receivers use to drop the repeat; if only the database refused the
record, the attempt is recorded before the next round, and the alert is not sent again.

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

from alerts.channels.port import Channel
from alerts.courier import Courier, Parcel, Sent, delivered_event, failed_event
from alerts.errors import DeliveryError
from alerts.messages import to_message
from alerts.model import AlertMessage, Receipt, Target
from alerts.outbox import ALERTS
from alerts.retry import RetryPolicy, next_attempt
from alerts.subscriptions import Subscription, load_subscriptions
from monitor.events import AlertDelivered, AlertDeliveryFailed
from store import Event, Metadata
from store.clock import format_time, parse_time
from store.committer import Append
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
    enrich: Callable[[AlertMessage], AlertMessage] | None = None
    """Adds what the alert's events do not hold to a message before it is sent (the daemon's
    adds the story's other outlets: :mod:`monitor.delivery.outlets`)."""
    follows: Callable[[], bool] = lambda: True
    """Whether this process keeps the read models up itself before each round (where several
    daemons share the log, only the one holding the projection role does; the others read
    what it projected, and the log decides whether an alert is still due)."""
    courier: Courier = field(init=False, repr=False)
    """Sends and records; digests share it (an attempt kept unrecorded is recorded first)."""

    def __post_init__(self) -> None:
        self.courier = Courier(self.runner.log)

    async def dispatch_due(self) -> list[Attempt]:
        """Send every alert that is due now; return what happened to each."""
        await self.courier.record_kept()
        if self.follows():
            await asyncio.to_thread(self.runner.catch_up_all)
        due = [(r, s) for r, s in await asyncio.to_thread(self._due)
               if not self.courier.holds(r.alert_id)]  # fmt: skip
        leases = await asyncio.to_thread(self._claim, [row.alert_id for row, _ in due])
        gate = asyncio.Semaphore(self.concurrency)

        async def one(row: Any, subscription: Subscription) -> Attempt | None:
            async with gate:
                lease, handed = leases.get(row.alert_id), False
                try:
                    due = await asyncio.to_thread(self._still_due, row.stream_id, row.alert_id)
                    if not due or not self._may_send(lease):
                        return None
                    parcel = self._parcel(row, subscription, lease)
                    handed = True  # the courier releases the claim once the attempt is recorded
                    return _attempt(row.alert_id, await self.courier.deliver(parcel))
                finally:
                    if not handed:
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

    def _parcel(self, row: Any, subscription: Subscription, fence: Lease | None) -> Parcel:
        """The alert's send and its record, fenced by its claim: refused (and only logged)
        when the claim was taken over meanwhile (the attempt recorded is the other
        dispatcher's).  The claim is released only after the attempt is recorded, and the
        next holder reads the stream first, so one attempt is never recorded twice."""
        attempt, target = row.attempts + 1, subscription.target
        channel = target.type
        message = to_message(row, subscription.name)

        def recorded(event: Event) -> list[Append]:
            meta = Metadata(causation_id=row.alert_id)
            return [Append(row.stream_id, [event], metadata=meta, fence=fence)]

        def delivered(receipt: Receipt) -> list[Append]:
            now = self.clock()
            return recorded(delivered_event(row.alert_id, attempt, channel, receipt, now))

        def failed(error: DeliveryError) -> list[Append]:
            now = self.clock()
            retry_after, permanent = error.retry_after, error.permanent
            later = next_attempt(
                self.policy, attempt, now, self.rng, retry_after=retry_after, permanent=permanent
            )
            event = failed_event(row.alert_id, attempt, channel, error, now, later, dead=not later)
            return recorded(event)

        async def send() -> Receipt:
            shown = (
                message if self.enrich is None else await asyncio.to_thread(self.enrich, message)
            )
            return await self.channel_for(target).send(shown, target)

        return Parcel(
            row.alert_id,
            channel,
            send,
            delivered,
            failed,
            settle=lambda: self._release(fence),
        )


def _attempt(alert_id: str, sent: Sent) -> Attempt:
    if sent.error is None:
        return Attempt(alert_id, True, sent.receipt.status if sent.receipt else None)
    dead = any(isinstance(e, AlertDeliveryFailed) and e.dead for e in sent.events())
    return Attempt(alert_id, False, sent.error.status, str(sent.error), dead)
