"""``GET /api/sources``: every source with its health, failing ones first."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import case, select

from monitor.readmodels.sources import SOURCE_HEALTH
from monitor.service.api.access import AUTH_RESPONSES, Reader, context_of
from monitor.service.api.schemas import SourceOut
from monitor.service.context import ServiceContext

router = APIRouter(tags=["sources"], responses=AUTH_RESPONSES)


@router.get("/api/sources", summary="Sources and their health; failing sources first")
async def list_sources(request: Request, _: Reader) -> list[SourceOut]:
    return await asyncio.to_thread(load_sources, context_of(request))


def load_sources(context: ServiceContext) -> list[SourceOut]:
    failing = case((SOURCE_HEALTH.c.consecutive_failures > 0, 0), else_=1)
    query = select(SOURCE_HEALTH).order_by(
        failing, SOURCE_HEALTH.c.failing_since, SOURCE_HEALTH.c.source_id
    )
    with context.log.reader.connect() as conn:
        return [source_out(r._mapping) for r in conn.execute(query)]


def source_out(row: Any) -> SourceOut:
    values = {name: row[name] for name in SourceOut.model_fields if name != "failing"}
    return SourceOut(**values, failing=row["consecutive_failures"] > 0)
