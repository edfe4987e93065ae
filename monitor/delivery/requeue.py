"""Sending an alert again, by a person: a dead letter, or a failing alert "now" instead of at
its next attempt (``asean-monitor alerts retry``, ``POST /api/alerts/{id}/retry``).

The decision reads the alert's own events in its stream (not the read model, which may lag):
only an alert whose last delivery event is a failure is requeued.  The ``alert.requeued``
event is appended with the stream's version as it was read, so if the daemon records a
delivery in between, the append is refused and nothing is sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from monitor.errors import MonitorError
from monitor.events import AlertDelivered, AlertDeliveryFailed, AlertRaised, AlertRequeued
from store import ConcurrencyError, Metadata
from store.records import RecordedEvent
from store.sql import SqlEventLog


class RequeueRefusedError(MonitorError):
    """The alert is not failing (delivered, waiting for its first try or its digest), or it
    changed while it was being requeued."""


@dataclass(frozen=True)
class Requeued:
    alert_id: str
    was: str
    """``dead`` or ``failed`` (then it was retrying at a later time)."""


def alert_state(events: list[RecordedEvent], alert_id: str) -> str:
    """``dead``, ``failed``, ``delivered``, ``pending`` or ``held``, from the alert's events."""
    state = "unknown"
    for event in events:
        data = event.data_dict()
        if data.get("alert_id") != alert_id:
            continue
        if event.type == AlertRaised.type_name:
            state = "held" if data.get("digest") else "pending"
        elif event.type == AlertDelivered.type_name:
            state = "delivered"
        elif event.type == AlertDeliveryFailed.type_name:
            state = "dead" if data.get("dead") else "failed"
        elif event.type == AlertRequeued.type_name:
            state = "pending"
    return state


def requeue_alert(
    log: SqlEventLog, stream_id: str, alert_id: str, now: datetime, by: str
) -> Requeued:
    """Put a dead or failing alert back in the outbox, due now."""
    events = log.read_stream(stream_id)
    state = alert_state(events, alert_id)
    if state not in ("dead", "failed"):
        raise RequeueRefusedError(
            f"alert {alert_id} is {state}: only a failing or dead alert is sent again"
        )
    event = AlertRequeued(occurred_at=now, alert_id=alert_id, requested_by=by)
    try:
        log.append(
            stream_id, [event], expected_version=len(events), metadata=Metadata(causation_id=by)
        )
    except ConcurrencyError as exc:
        raise RequeueRefusedError(
            f"alert {alert_id} changed while it was being requeued; look again"
        ) from exc
    return Requeued(alert_id, state)
