"""``GET /api/events``: the log itself, as JSON lines, streamed page by page (secrets redacted:
:func:`alerts.secrets.redacted_export`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from alerts.secrets import redacted_export
from monitor.choices import event_types
from monitor.service.api.access import AUTH_RESPONSES, Reader, context_of, invalid
from monitor.service.api.catalogue import refusal
from monitor.service.context import ServiceContext
from monitor.vetting import Refused, check_event_types
from store.clock import format_time, parse_time
from store.log import Filter

router = APIRouter(tags=["events"], responses=AUTH_RESPONSES)
PAGE = 500
MAX_POSITION = 2**63 - 1
MAX_TYPES = 20


@router.get(
    "/api/events",
    summary="Events of the log as JSON lines (application/x-ndjson), in position order",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "One event a line"}},
)
async def list_events(
    request: Request,
    _: Reader,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="Only positions greater than this")
    ] = 0,
    to: Annotated[
        int | None,
        Query(ge=0, le=MAX_POSITION, description="Only positions up to this one (inclusive)"),
    ] = None,
    since: Annotated[
        str | None, Query(description="Occurred at or after (ISO 8601 UTC)", max_length=40)
    ] = None,
    until: Annotated[
        str | None, Query(description="Occurred before (ISO 8601 UTC)", max_length=40)
    ] = None,
    type: Annotated[
        list[str] | None, Query(description="Only these types (repeatable)", max_length=MAX_TYPES)
    ] = None,
    stream: Annotated[str | None, Query(description="Only this stream", max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1_000_000, description="At most this many")] = 10_000,
) -> StreamingResponse:
    _known_types(type or [])
    where = Filter(
        stream=stream,
        types=tuple(type or ()),
        since=_time("since", since),
        until=_time("until", until),
    )
    lines = _lines(context_of(request), where, after, to, limit)
    return StreamingResponse(lines, media_type="application/x-ndjson")


def _known_types(types: list[str]) -> None:
    """A type no event has would stream nothing, silently: 422 with the known types."""
    try:
        check_event_types("type", types, event_types())
    except Refused as exc:
        raise refusal("query", exc, types) from exc


def _time(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return format_time(parse_time(value))
    except (ValueError, TypeError) as exc:
        raise invalid(
            "query", name, "expected an ISO 8601 time such as 2026-05-03T08:00:00Z", value
        ) from exc


async def _lines(
    context: ServiceContext, where: Filter, after: int, to: int | None, limit: int
) -> AsyncIterator[bytes]:
    sent = 0
    while sent < limit:
        page = await asyncio.to_thread(context.log.read_page, after, min(PAGE, limit - sent), where)
        for event in page:
            if to is not None and event.position > to:
                return
            line = json.dumps(redacted_export(event), ensure_ascii=False)
            yield line.encode("utf-8") + b"\n"
        sent += len(page)
        if len(page) < PAGE or not page:
            return
        after = page[-1].position
