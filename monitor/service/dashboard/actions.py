"""What an admin may do from the dashboard: send a dead or failing alert again now (the same
``alert.requeued`` as ``asean-monitor alerts retry`` and ``POST /api/alerts/{id}/retry``,
through :func:`monitor.delivery.requeue.requeue_alert`); send a test alert through a
subscription's channel (as ``alerts test`` and ``POST /api/subscriptions/{id}/test``)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select

from alerts.outbox import ALERTS
from alerts.probe import send_probe, tested_event
from alerts.subscriptions import Subscription, load_subscriptions
from monitor.delivery.assembly import channels, webhook_client
from monitor.delivery.requeue import RequeueRefusedError, requeue_alert
from monitor.events import subscription_stream
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal


def retry_now(context: ServiceContext, alert_id: str, who: Principal) -> tuple[bool, str]:
    """``(done, what happened)``: only a dead or failing alert is sent again."""
    with context.log.reader.connect() as conn:
        stream_id = conn.execute(
            select(ALERTS.c.stream_id).where(ALERTS.c.alert_id == alert_id)
        ).scalar()
    if stream_id is None:
        return False, f"no alert {alert_id}"
    by = f"dashboard:{who.name}"
    try:
        done = requeue_alert(context.log, stream_id, alert_id, datetime.now(UTC), by)
    except RequeueRefusedError as exc:
        return False, str(exc)
    return True, f"alert {alert_id} ({done.was}) requeued: the dispatcher sends it again shortly"


def _subscription(context: ServiceContext, subscription_id: str) -> Subscription | None:
    with context.log.reader.connect() as conn:
        found = load_subscriptions(conn, ids=[subscription_id])
    return found[0] if found else None


async def send_test(context: ServiceContext, subscription_id: str, who: Principal) -> str:
    """Send a test alert through the subscription's channel (as ``POST
    /api/subscriptions/{id}/test`` does) and record ``subscription.tested``; what happened."""
    subscription = await asyncio.to_thread(_subscription, context, subscription_id)
    if subscription is None:
        return f"no subscription {subscription_id}"
    now = datetime.now(UTC)
    async with webhook_client(context.settings) as client:
        outcome = await send_probe(channels(context.settings, client), subscription, now)
    event = tested_event(subscription, outcome, now, f"dashboard:{who.name}")
    stream = subscription_stream(subscription.subscription_id)
    await asyncio.to_thread(context.log.append, stream, [event])
    if outcome.delivered:
        return f"test alert to {subscription.name!r} delivered through {outcome.channel}"
    return f"test alert to {subscription.name!r} failed: {outcome.detail}"
