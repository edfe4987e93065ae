"""``GET /api/alerts`` (by status, subscription), ``GET /api/alerts/{id}`` (every attempt) and
``POST /api/alerts/{id}/retry`` (send a dead or failing alert now).  An id may be given as a
unique prefix of at least 4 characters (:mod:`monitor.readmodels.prefixes`)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from sqlalchemy import Connection, and_, or_, select

from alerts.outbox import ALERTS
from alerts.secrets import redacted_export
from monitor.delivery.requeue import RequeueRefusedError, requeue_alert
from monitor.readmodels.prefixes import AmbiguousIdError, IdError, resolve_prefix
from monitor.service.api.access import ADMIN_RESPONSES, AUTH_RESPONSES, Admin, Reader, context_of
from monitor.service.api.articles import decode_cursor, encode_cursor
from monitor.service.api.convert import alert_summary, attempts
from monitor.service.api.schemas import AlertDetail, AlertPage, EventOut, RetryOut
from monitor.service.context import ServiceContext

router = APIRouter(tags=["alerts"], responses=AUTH_RESPONSES)
Status = Literal["pending", "held", "failed", "dead", "delivered"]


@router.get("/api/alerts", summary="Alerts and their delivery state, newest first")
async def list_alerts(
    request: Request,
    _: Reader,
    status: Annotated[Status | None, Query(description="Only alerts in this state")] = None,
    subscription: Annotated[
        str | None, Query(description="Only this subscription's alerts", max_length=100)
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size")] = 50,
    cursor: Annotated[
        str | None, Query(description="next_cursor of the previous page", max_length=500)
    ] = None,
) -> AlertPage:
    after = None if cursor is None else decode_cursor(cursor)
    return await asyncio.to_thread(_page, context_of(request), status, subscription, limit, after)


def _page(
    context: ServiceContext,
    status: str | None,
    subscription: str | None,
    limit: int,
    after: tuple[str, str] | None,
) -> AlertPage:
    query = select(ALERTS).order_by(ALERTS.c.raised_at.desc(), ALERTS.c.alert_id.desc())
    if status:
        query = query.where(ALERTS.c.status == status)
    if subscription:
        query = query.where(ALERTS.c.subscription_id == subscription)
    if after is not None:
        at, alert_id = after
        query = query.where(
            or_(
                ALERTS.c.raised_at < at,
                and_(ALERTS.c.raised_at == at, ALERTS.c.alert_id < alert_id),
            )
        )
    with context.log.reader.connect() as conn:
        rows = conn.execute(query.limit(limit + 1)).all()
    items = [alert_summary(r) for r in rows[:limit]]
    more = len(rows) > limit
    cursor = encode_cursor(items[-1].raised_at, items[-1].alert_id) if more else None
    return AlertPage(items=items, next_cursor=cursor)


AlertId = Annotated[
    str, Path(description="An alert id (a UUID) or a unique prefix of it", max_length=100)
]
ID_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such alert"},
    409: {"description": "The prefix names several alerts"},
}


@router.get(
    "/api/alerts/{alert_id}",
    summary="One alert: why it fired, every delivery attempt and receipt, its events",
    responses=ID_RESPONSES,
)
async def get_alert(alert_id: AlertId, request: Request, _: Reader) -> AlertDetail:
    detail = await asyncio.to_thread(load_alert, context_of(request), alert_id)
    if detail is None:
        raise HTTPException(404, f"no alert {alert_id!r}")
    return detail


@router.post(
    "/api/alerts/{alert_id}/retry",
    summary="Send a dead or failing alert again, now",
    responses={
        **ADMIN_RESPONSES,
        **ID_RESPONSES,
        409: {"description": "Not failing, or ambiguous"},
    },
)
async def retry_alert(alert_id: AlertId, request: Request, who: Admin) -> RetryOut:
    context = context_of(request)
    return await asyncio.to_thread(_retry, context, alert_id, f"api:{who.name}")


def _retry(context: ServiceContext, given: str, by: str) -> RetryOut:
    with context.log.reader.connect() as conn:
        full = _resolved(conn, given)
        stream_id = conn.execute(
            select(ALERTS.c.stream_id).where(ALERTS.c.alert_id == full)
        ).scalar_one()
    try:
        done = requeue_alert(context.log, stream_id, full, datetime.now(UTC), by)
    except RequeueRefusedError as exc:
        raise HTTPException(409, str(exc)) from exc
    return RetryOut(alert_id=done.alert_id, was=done.was, status="pending")


def _resolved(conn: Connection, given: str) -> str:
    try:
        return resolve_prefix(conn, ALERTS.c.alert_id, given, "alert")
    except AmbiguousIdError as exc:
        raise HTTPException(409, str(exc)) from exc
    except IdError as exc:
        raise HTTPException(404, str(exc)) from exc


def load_alert(context: ServiceContext, alert_id: str) -> AlertDetail | None:
    with context.log.reader.connect() as conn:
        full = _resolved(conn, alert_id)
        row = conn.execute(select(ALERTS).where(ALERTS.c.alert_id == full)).first()
    if row is None:
        return None
    alert_id = full
    stream = context.log.read_stream(row.stream_id)
    mine = [e for e in stream if e.data_dict().get("alert_id") == alert_id]
    payload = json.loads(row.payload)
    return AlertDetail(
        **alert_summary(row).model_dump(),
        reason=payload.get("reason", ""),
        payload=payload,
        delivery_attempts=attempts(mine),
        events=[EventOut(**redacted_export(e)) for e in mine],
    )
