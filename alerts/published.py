"""Targets read by the subscriber rather than pushed to: the Atom feed and the SSE stream.

"Delivery" to them is publication: the alert is in the subscription's feed (and was announced
on the event stream) as soon as it is raised, so sending only records that fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from alerts.channels.port import ChannelKind
from alerts.model import AlertMessage, AtomTarget, Receipt, SseTarget


class PublishedChannel:
    def __init__(self, where: str) -> None:
        self.where = where

    async def send(self, message: AlertMessage, target: Any) -> Receipt:
        return Receipt(None, message.alert_id, f"published in {self.where}")

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: Any,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt:
        return Receipt(None, None, f"{len(messages)} alerts published in {self.where}")


CHANNELS = (
    ChannelKind(
        "atom",
        AtomTarget,
        lambda context: PublishedChannel("the subscription's Atom feed"),
        "an Atom feed of the subscription (GET /api/subscriptions/{id}/atom)",
    ),
    ChannelKind(
        "sse",
        SseTarget,
        lambda context: PublishedChannel("the server-sent event stream"),
        "the server-sent event stream (GET /api/stream?subscription={id})",
    ),
)
