"""A subscription's alerts as an Atom feed and as server-sent events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from alerts.atom import render_atom
from alerts.messages import to_message
from alerts.outbox import ALERTS
from alerts.subscriptions import SUBSCRIPTIONS
from monitor.service.api.access import AUTH_RESPONSES
from monitor.service.auth import require
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal

router = APIRouter(tags=["alerts"])
Reader = Annotated[Principal, Depends(require("read"))]
HEARTBEAT = 15.0


@router.get(
    "/api/subscriptions/{subscription_id}/atom",
    response_class=Response,
    responses={
        200: {"content": {"application/atom+xml": {}}},
        404: {"description": "No such subscription"},
        **AUTH_RESPONSES,
    },
)
async def atom(subscription_id: str, request: Request, _: Reader) -> Response:
    """The subscription's latest alerts as an Atom 1.0 feed (any feed reader can follow it)."""
    context: ServiceContext = request.app.state.context
    body = await asyncio.to_thread(
        _atom, context, subscription_id, str(request.url.remove_query_params("token"))
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _atom(context: ServiceContext, subscription_id: str, feed_url: str) -> bytes:
    with context.log.reader.connect() as conn:
        sub = conn.execute(
            select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.subscription_id == subscription_id)
        ).first()
        if sub is None:
            raise HTTPException(404, f"no subscription {subscription_id}")
        rows = conn.execute(
            select(ALERTS)
            .where(ALERTS.c.subscription_id == subscription_id)
            .order_by(ALERTS.c.raised_at.desc())
            .limit(50)
        ).all()
    messages = [to_message(r, sub.name) for r in rows]
    updated = messages[0].raised_at if messages else datetime.now(UTC)
    return render_atom(subscription_id, sub.name, messages, feed_url=feed_url, updated=updated)


@router.get(
    "/api/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **AUTH_RESPONSES},
)
async def stream(
    request: Request,
    _: Reader,
    subscription: Annotated[
        str | None, Query(description="Only this subscription's alerts")
    ] = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> StreamingResponse:
    """New alerts as server-sent events (``event: alert``; ``id`` is the log position, so a
    reconnecting client resumes with ``Last-Event-ID``)."""
    context: ServiceContext = request.app.state.context
    start = int(last_event_id) if last_event_id and last_event_id.isdigit() else None
    if start is None:
        start = (await asyncio.to_thread(context.log.head)).position
    return StreamingResponse(
        _events(request, context, start, subscription),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _events(
    request: Request, context: ServiceContext, after: int, subscription: str | None
) -> AsyncIterator[str]:
    yield ": asean-monitor alert stream\n\n"
    idle = 0.0
    while not await request.is_disconnected() and not context.stopping():
        page = await asyncio.to_thread(context.log.read_page, after, 200)
        for event in page:
            after = event.position
            if event.type == "alert.raised":
                data: dict[str, Any] = event.data_dict()
                if subscription is None or data["subscription_id"] == subscription:
                    body = json.dumps(data, ensure_ascii=False)
                    yield f"id: {event.position}\nevent: alert\ndata: {body}\n\n"
        if page:
            idle = 0.0
            continue
        woke = await asyncio.to_thread(context.log.wait_for, after, 0.5)
        idle = 0.0 if woke else idle + 0.5
        if idle >= HEARTBEAT:
            idle = 0.0
            yield ": keep-alive\n\n"
