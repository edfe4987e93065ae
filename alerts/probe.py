"""A test alert: what ``asean-monitor alerts test SUBSCRIPTION`` and ``POST
/api/subscriptions/{id}/test`` send, so a person can see a subscription's channel work before
a real alert depends on it.

The message says plainly that it is a test (kind ``test``: "Test alert: this subscription's
channel works"), names the subscription, and carries a made-up article of the shape a real
alert has (dialogue, evidence, meeting, dates).  It goes through the subscription's channel
exactly as an alert does (sealed targets opened, every outbound host vetted) with an
idempotency key of its own (``test-…``), so a receiver that drops repeats keeps each test.
The outcome is recorded as ``subscription.tested`` after the send; a process killed in
between loses only that record (a test alert is not owed to anyone).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from alerts.channels.base import ChannelRegistry
from alerts.errors import DeliveryError
from alerts.model import AlertMessage, DialogueHit, Evidence
from alerts.redaction import redact_text
from alerts.subscriptions import Subscription
from monitor.events import SubscriptionTested

PROBES = uuid.UUID("0c5e7a52-3f0b-4d3e-9a4b-7e8d1c2b3a40")
TITLE = "this subscription's channel works"
EVIDENCE = (Evidence("the 13th ASEAN-US Summit", 0, 24),)
SAMPLE_MEETING = {
    "name": "13th ASEAN-US Summit",
    "key": "asean-us/summit/13",
    "ordinal": 13,
    "mechanism": "summit",
    "dialogue": "asean-us",
}


@dataclass(frozen=True)
class ProbeOutcome:
    delivered: bool
    channel: str
    status: int | None
    detail: str
    """The receipt's message id, or the (redacted) error."""


def probe_message(subscription: Subscription, now: datetime) -> AlertMessage:
    """The test alert for ``subscription`` at ``now`` (pure)."""
    probe_id = str(uuid.uuid5(PROBES, f"{subscription.subscription_id}|{now.isoformat()}"))
    return AlertMessage(
        alert_id=probe_id,
        idempotency_key=f"test-{probe_id}",
        subscription_id=subscription.subscription_id,
        subscription_name=subscription.name,
        kind="test",
        title=TITLE,
        url=None,
        raised_at=now,
        reason=f"a test of subscription “{subscription.name}”: no article is alerted",
        published_at=now,
        discovered_at=now,
        summary="If you can read this, the channel works.",
        dialogues=(DialogueHit("asean-us", "ASEAN-United States", 1.0, EVIDENCE),),
        meetings=(SAMPLE_MEETING,),
    )


async def send_probe(
    registry: ChannelRegistry, subscription: Subscription, now: datetime
) -> ProbeOutcome:
    """Send the test alert through the subscription's channel; never raises for a failure."""
    channel = subscription.target.type
    try:
        sender = registry.channel_for(subscription.target)
        receipt = await sender.send(probe_message(subscription, now), subscription.target)
    except DeliveryError as exc:
        return ProbeOutcome(False, channel, exc.status, redact_text(str(exc))[:500])
    return ProbeOutcome(True, channel, receipt.status, receipt.message_id or "")


def tested_event(
    subscription: Subscription, outcome: ProbeOutcome, now: datetime, by: str
) -> SubscriptionTested:
    return SubscriptionTested(
        occurred_at=now,
        subscription_id=subscription.subscription_id,
        channel=outcome.channel,
        delivered=outcome.delivered,
        status=outcome.status,
        detail=outcome.detail,
        requested_by=by,
    )
