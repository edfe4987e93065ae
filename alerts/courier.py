"""Deliver, then record: the one path by which an alert or a digest leaves.

A :class:`Parcel` says what to send (a call to a channel) and which events record each
outcome.  :meth:`Courier.deliver` sends; turns the outcome (a receipt, or a
:class:`~alerts.errors.DeliveryError`: anything else a channel raises becomes one) into the
parcel's events; and appends them in one transaction.

- If the database refuses the append (gone, restarting), the attempt is **kept**:
  :meth:`Courier.record_kept` records it before anything more is sent, because the send
  happened and sending again would repeat it.  The kept events keep their ids, so a retry of an
  append that did commit after all is an idempotent replay.
- If the process dies between the send and the append, nothing is kept: the alert (or digest)
  is still due after a restart and is sent again with the same, derived, idempotency key.
- An append refused for its fence (:class:`~store.errors.FencedError`: another dispatcher took
  the alert's claim over) is dropped: the attempt recorded is the other one's.

The outcome events are built here (:func:`delivered_event`, :func:`failed_event`) for single
alerts and digests alike.  A failed attempt is also logged (:func:`log_failure`), redacted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from alerts.errors import DeliveryError
from alerts.model import Receipt
from alerts.redaction import redact_text
from monitor.events import AlertDelivered, AlertDeliveryFailed
from store import Event
from store.committer import Append, GroupCommitter
from store.errors import FencedError
from store.log import EventLog

log = structlog.get_logger("alerts.courier")

Settle = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Parcel:
    """One send and the events that record it.

    ``key``: what an unrecorded attempt is kept under (the alert's id, the digest's id);
    ``channel``: the target's type (named in the error of a channel's own bug);
    ``delivered`` / ``failed``: the appends recording each outcome (one transaction);
    ``settle``: called once the attempt is recorded (or its record refused), however late:
    the dispatcher releases the alert's claim there."""

    key: str
    channel: str
    send: Callable[[], Awaitable[Receipt]]
    delivered: Callable[[Receipt], Sequence[Append]]
    failed: Callable[[DeliveryError], Sequence[Append]]
    settle: Settle | None = None


@dataclass(frozen=True)
class Sent:
    """What one delivery came to: a receipt, or the error (``error`` is None when delivered),
    and the events that recorded it."""

    key: str
    receipt: Receipt | None
    error: DeliveryError | None
    recorded: tuple[Append, ...] = ()

    @property
    def delivered(self) -> bool:
        return self.error is None

    def events(self) -> list[Event]:
        return [event for part in self.recorded for event in part.events]


@dataclass(frozen=True)
class _Record:
    key: str
    parts: tuple[Append, ...]
    settle: Settle | None


class Courier:
    """Sends parcels and records them in ``log``; attempts finishing together share one
    transaction (:class:`~store.committer.GroupCommitter`)."""

    def __init__(self, log: EventLog) -> None:
        self.log = log
        self._kept: dict[str, _Record] = {}
        self._committer: GroupCommitter | None = None

    @property
    def unrecorded(self) -> int:
        """Attempts sent and kept until the database takes their record."""
        return len(self._kept)

    def holds(self, key: str) -> bool:
        """Whether an attempt of ``key`` was sent and is kept until it can be recorded."""
        return key in self._kept

    async def deliver(self, parcel: Parcel) -> Sent:
        """Send, then record; raises what the database raised (the attempt is kept)."""
        try:
            receipt = await parcel.send()
        except Exception as raised:  # any failure of a channel is a failed attempt
            error = as_delivery_error(raised, parcel.channel)
            parts = tuple(parcel.failed(error))
            log_failure(parcel, error, parts)
            await self._record(_Record(parcel.key, parts, parcel.settle))
            return Sent(parcel.key, None, error, parts)
        parts = tuple(parcel.delivered(receipt))
        await self._record(_Record(parcel.key, parts, parcel.settle))
        return Sent(parcel.key, receipt, None, parts)

    async def record_kept(self) -> int:
        """Record every kept attempt (oldest first); how many were.  Raises, keeping the
        rest, while the database still refuses."""
        done = 0
        for record in list(self._kept.values()):
            await self._record(record)
            done += 1
        return done

    async def _record(self, record: _Record) -> None:
        if record.parts:
            if self._committer is None:
                self._committer = GroupCommitter(self.log)
            try:
                outcomes = await self._committer.append(*record.parts)
            except BaseException:  # refused or cut short: the send happened, keep its record
                self._kept[record.key] = record
                raise
        else:
            outcomes = []
        self._kept.pop(record.key, None)
        try:
            _check(record.key, outcomes)
        finally:
            if record.settle is not None:
                await record.settle()


def _check(key: str, outcomes: Sequence[object]) -> None:
    for outcome in outcomes:
        if isinstance(outcome, FencedError):
            log.warning("alert.attempt_superseded", key=key, reason=str(outcome))
        elif isinstance(outcome, Exception):
            raise outcome


def log_failure(parcel: Parcel, error: DeliveryError, parts: Sequence[Append]) -> None:
    """One line for a failed attempt: a WARNING with the next try, an ERROR when the alert
    went to the dead letters.  The reason is redacted (a target's URL and its credentials
    never reach the log); a digest's line names the digest and how many alerts it held."""
    failed = [e for part in parts for e in part.events if isinstance(e, AlertDeliveryFailed)]
    if not failed:
        return
    first = failed[0]
    fields: dict[str, object] = (
        {"alert_id": first.alert_id}
        if len(failed) == 1 and first.alert_id == parcel.key
        else {"digest_id": parcel.key, "alerts": len(failed)}
    )
    fields.update(channel=parcel.channel, attempt=first.attempt, status=error.status,
                  reason=redact_text(str(error))[:500])  # fmt: skip
    if any(e.dead for e in failed):
        log.error("alert.dead", **fields, permanent=error.permanent)
        return
    later = first.next_attempt_at
    log.warning(AlertDeliveryFailed.type_name, **fields,
                next_attempt_at=later.isoformat() if later else None)  # fmt: skip


def as_delivery_error(raised: Exception, channel: str) -> DeliveryError:
    """A channel's failure as a ``DeliveryError`` (its own bug: a temporary one, named)."""
    if isinstance(raised, DeliveryError):
        return raised
    return DeliveryError(f"internal error in the {channel} channel: {raised!r}")


def delivered_event(
    alert_id: str,
    attempt: int,
    channel: str,
    receipt: Receipt,
    now: datetime,
    *,
    digest_id: str | None = None,
) -> AlertDelivered:
    return AlertDelivered(
        occurred_at=now,
        alert_id=alert_id,
        attempt=attempt,
        channel=channel,
        status=receipt.status,
        message_id=receipt.message_id,
        detail=receipt.detail,
        digest_id=digest_id,
    )


def failed_event(
    alert_id: str,
    attempt: int,
    channel: str,
    error: DeliveryError,
    now: datetime,
    next_attempt_at: datetime | None,
    *,
    dead: bool,
    prefix: str = "",
) -> AlertDeliveryFailed:
    """A failed attempt: the next one at ``next_attempt_at``; ``dead`` when there is none for
    good (a digest's alerts are never dead: they wait, held, for the next digest)."""
    return AlertDeliveryFailed(
        occurred_at=now,
        alert_id=alert_id,
        attempt=attempt,
        channel=channel,
        error=f"{prefix}{error}"[:2000],
        status=error.status,
        permanent=error.permanent,
        retry_after_s=error.retry_after,
        next_attempt_at=next_attempt_at,
        dead=dead,
    )
