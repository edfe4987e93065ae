"""Webhook deliveries pass the fetcher's address guard: loopback only when allowed."""

from __future__ import annotations

import pytest

from alerts.channels import WebhookChannel
from alerts.errors import DeliveryError
from alerts.model import WebhookTarget
from monitor.delivery.assembly import webhook_client
from monitor.settings import load_settings
from tests.support.receivers import WEBHOOK_SECRET, WebhookReceiver, alert_message

pytestmark = pytest.mark.anyio


async def test_a_webhook_to_loopback_is_refused_for_good_unless_allowed(
    webhook_receiver: WebhookReceiver,
) -> None:
    target = WebhookTarget(url=webhook_receiver.url(), secret=WEBHOOK_SECRET)
    async with webhook_client(load_settings({})) as client:
        with pytest.raises(DeliveryError) as refused:
            await WebhookChannel(client).send(alert_message(), target)
    assert refused.value.permanent
    assert "loopback" in str(refused.value)
    assert webhook_receiver.received == []
    allowed = load_settings({"MONITOR_ALLOW_PRIVATE_NETWORKS": "1"})
    async with webhook_client(allowed) as client:
        receipt = await WebhookChannel(client).send(alert_message(), target)
    assert receipt.status == 200
    assert webhook_receiver.received[0].headers["host"] == webhook_receiver.url().split("/")[2]
