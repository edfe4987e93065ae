"""``GET /api/audit/{id}``: the audit trail of an article or an alert."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from monitor.audit.trail import TrailNotFoundError, load_trail
from monitor.service.api.access import AUTH_RESPONSES, Reader, context_of
from monitor.service.api.convert import trail_out
from monitor.service.api.schemas import TrailOut

router = APIRouter(tags=["audit"], responses=AUTH_RESPONSES)


@router.get(
    "/api/audit/{subject}",
    summary="Where an article or alert came from, how it was judged, who was alerted, "
    "every delivery attempt",
    responses={404: {"description": "No such article or alert"}},
)
async def get_trail(
    subject: Annotated[str, Path(description="An article id (article-…) or an alert id")],
    request: Request,
    _: Reader,
) -> TrailOut:
    try:
        trail = await asyncio.to_thread(load_trail, context_of(request).log, subject)
    except TrailNotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    return trail_out(trail)
