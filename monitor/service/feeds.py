"""A subscription's alerts as an Atom feed and as server-sent events."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from starlette.types import Receive, Scope, Send

from alerts.atom import render_atom
from alerts.messages import to_message
from alerts.outbox import ALERTS
from alerts.subscriptions import SUBSCRIPTIONS
from monitor.events import AlertRaised
from monitor.service.api.access import AUTH_RESPONSES
from monitor.service.auth import require
from monitor.service.context import ServiceContext
from monitor.service.streams import StreamHub, StreamsFull, StreamSlot
from monitor.service.tokens import Principal

router = APIRouter(tags=["alerts"])
Reader = Annotated[Principal, Depends(require("read"))]
HEARTBEAT = 15.0
"""Seconds of silence after which a stream sends a comment (keeps proxies from closing it)."""
WAIT = 1.0
"""Longest a stream waits before it looks at its token's state and shutdown again."""
PAGE = 200
MAX_POSITION_DIGITS = 18
"""A ``Last-Event-ID`` longer than this is no position (positions fit in 63 bits)."""


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


STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {}}},
    **AUTH_RESPONSES,
    429: {
        "description": "Too many open streams for this token or in all, or the rate limit "
        "(see Retry-After)"
    },
}


@router.get("/api/stream", response_class=StreamingResponse, responses=STREAM_RESPONSES)
async def stream(
    request: Request,
    who: Reader,
    subscription: Annotated[
        str | None, Query(description="Only this subscription's alerts")
    ] = None,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            description="Resume after this log position (a number the stream gave as `id`; "
            "anything else, or a position past the log's end, starts from now)",
        ),
    ] = None,
) -> StreamingResponse:
    """New alerts as server-sent events (``event: alert``; ``id`` is the log position, so a
    reconnecting client resumes with ``Last-Event-ID``).  A stream holds no thread while it
    waits; it ends when its token is revoked (checked every few seconds) or the daemon stops.
    Open streams are capped per token and in all (429 beyond)."""
    context: ServiceContext = request.app.state.context
    hub: StreamHub = request.app.state.streams
    head = (await asyncio.to_thread(context.log.head)).position
    resume = resume_after(last_event_id)
    start = head if resume is None else min(resume, head)
    client = who.token_id or f"address:{request.client.host if request.client else '?'}"
    try:
        slot = hub.open(client, who.token_id)
    except StreamsFull as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "5"}) from exc
    return EventStream(_events(hub, slot, context, start, subscription), hub, slot)


def resume_after(last_event_id: str | None) -> int | None:
    """The position in a ``Last-Event-ID``, or ``None`` when it is not one this stream could
    have given (not plain ASCII digits, or too long for a position)."""
    if last_event_id is None:
        return None
    value = last_event_id.strip()
    if not value or len(value) > MAX_POSITION_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


class EventStream(StreamingResponse):
    """A server-sent events response that gives its slot back however it ends."""

    def __init__(self, events: AsyncGenerator[str, None], hub: StreamHub, slot: StreamSlot) -> None:
        super().__init__(
            events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        self._events = events
        self._hub = hub
        self._slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._hub.close(self._slot)
            await self._events.aclose()


async def _events(
    hub: StreamHub, slot: StreamSlot, context: ServiceContext, after: int, subscription: str | None
) -> AsyncGenerator[str, None]:
    yield ": asean-monitor alert stream\n\n"
    quiet_since = time.monotonic()
    read = True
    while not slot.revoked and not context.stopping():
        seen = hub.head
        while read:
            page = await asyncio.to_thread(context.log.read_page, after, PAGE)
            for event in page:
                after = event.position
                if event.type == AlertRaised.type_name:
                    data: dict[str, Any] = event.data_dict()
                    if subscription is None or data["subscription_id"] == subscription:
                        body = json.dumps(data, ensure_ascii=False)
                        quiet_since = time.monotonic()
                        yield f"id: {event.position}\nevent: alert\ndata: {body}\n\n"
            read = len(page) == PAGE
        await hub.wait(max(seen, after), WAIT)
        read = hub.head > after
        if time.monotonic() - quiet_since >= HEARTBEAT:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"
    if slot.revoked:
        yield ": the token of this stream was revoked\n\n"
