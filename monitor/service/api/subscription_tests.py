"""``POST /api/subscriptions/{id}/test`` (admin): send a test alert through the subscription's
channel now (:mod:`alerts.probe`) and record the outcome as ``subscription.tested``.  The id may
be a unique prefix."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from pydantic import BaseModel

from alerts.probe import send_probe, tested_event
from alerts.subscriptions import SUBSCRIPTIONS, Subscription, load_subscriptions
from monitor.delivery.assembly import channels, webhook_client
from monitor.events import subscription_stream
from monitor.readmodels.prefixes import AmbiguousIdError, IdError, resolve_prefix
from monitor.service.api.access import ADMIN_RESPONSES, Admin, context_of
from monitor.service.context import ServiceContext

router = APIRouter(tags=["subscriptions"], responses=ADMIN_RESPONSES)


class ProbeOut(BaseModel):
    subscription_id: str
    channel: str
    delivered: bool
    status: int | None = None
    detail: str = ""
    """The receipt's message id, or the error (redacted)."""


@router.post(
    "/api/subscriptions/{subscription_id}/test",
    summary="Send a test alert through the subscription's channel now",
    responses={404: {"description": "No such subscription"}, 409: {"description": "Ambiguous"}},
)
async def test_subscription(
    subscription_id: Annotated[str, Path(description="An id or a unique prefix", max_length=64)],
    request: Request,
    who: Admin,
) -> ProbeOut:
    context = context_of(request)
    subscription = await asyncio.to_thread(_subscription, context, subscription_id)
    now = datetime.now(UTC)
    async with webhook_client(context.settings) as client:
        outcome = await send_probe(channels(context.settings, client), subscription, now)
    event = tested_event(subscription, outcome, now, f"api:{who.name}")
    stream = subscription_stream(subscription.subscription_id)
    await asyncio.to_thread(context.log.append, stream, [event])
    return ProbeOut(subscription_id=subscription.subscription_id, **asdict(outcome))


def _subscription(context: ServiceContext, given: str) -> Subscription:
    with context.log.reader.connect() as conn:
        try:
            full = resolve_prefix(conn, SUBSCRIPTIONS.c.subscription_id, given, "subscription")
        except AmbiguousIdError as exc:
            raise HTTPException(409, str(exc)) from exc
        except IdError as exc:
            raise HTTPException(404, str(exc)) from exc
        found = [s for s in load_subscriptions(conn) if s.subscription_id == full]
    if not found or found[0].status == "deleted":
        raise HTTPException(404, f"no subscription {given!r}")
    return found[0]
