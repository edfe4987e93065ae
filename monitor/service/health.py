"""``/healthz`` (the process answers) and ``/readyz`` (it can do its work)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response

from monitor.service.context import MAX_PROJECTION_LAG, ServiceContext
from store.errors import StoreError

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Database reachable, scheduler running, read models current")
async def readyz(request: Request, response: Response) -> dict[str, Any]:
    context: ServiceContext = request.app.state.context
    checks: dict[str, Any] = {}
    try:
        lag = await asyncio.to_thread(context.projection_lag)
        checks["database"] = "ok"
        checks["projection_lag"] = lag
        lag_ok = lag <= MAX_PROJECTION_LAG
    except StoreError as exc:
        checks["database"] = f"unreachable: {exc}"
        lag_ok = False
    checks["scheduler"] = "running" if context.scheduler_running() else "stopped"
    ready = checks["database"] == "ok" and lag_ok and checks["scheduler"] == "running"
    response.status_code = 200 if ready else 503
    return {"status": "ready" if ready else "not ready", "checks": checks}
