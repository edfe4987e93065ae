"""The FastAPI application: built-in routers are mounted like any extension would be."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from monitor import __version__
from monitor.service import dashboard, feeds, health, metrics
from monitor.service.api import ROUTERS
from monitor.service.auth import RateLimiter
from monitor.service.context import ServiceContext
from monitor.service.limits import RequestLimits
from monitor.service.streams import StreamHub

TOO_LARGE: dict[str, Any] = {
    "description": "The request body is larger than MONITOR_MAX_REQUEST_BYTES (not read)"
}


def create_app(context: ServiceContext) -> FastAPI:
    app = FastAPI(
        title="asean-monitor",
        version=__version__,
        description="Diplomatic news on ASEAN's dialogue relations: articles, matches with "
        "evidence, sources' health, subscriptions, alerts and the audit trail.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: /docs is the dashboard's page
        redoc_url=None,
    )
    app.state.context = context
    app.state.rate_limiter = RateLimiter()
    app.state.metrics = metrics.LogMetrics(start=context.log.head().position)
    app.state.streams = StreamHub(context)
    app.add_middleware(RequestLimits)
    for router in (
        health.router,
        metrics.router,
        feeds.router,
        *ROUTERS,
        dashboard.router,
    ):
        app.include_router(router)
    app.openapi = lambda: _with_limits(FastAPI.openapi(app))  # type: ignore[method-assign]
    return app


def _with_limits(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation that takes a body documents the 413 of :mod:`monitor.service.limits`."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault("413", TOO_LARGE)
    return schema
