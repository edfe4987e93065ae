"""The FastAPI application: built-in routers are mounted like any extension would be."""

from __future__ import annotations

from fastapi import FastAPI

from monitor import __version__
from monitor.service import dashboard, feeds, health, metrics
from monitor.service.api import ROUTERS
from monitor.service.auth import RateLimiter
from monitor.service.context import ServiceContext


def create_app(context: ServiceContext) -> FastAPI:
    app = FastAPI(
        title="asean-monitor",
        version=__version__,
        description="Diplomatic news on ASEAN's dialogue relations: articles, matches with "
        "evidence, sources' health, subscriptions, alerts and the audit trail.",
    )
    app.state.context = context
    app.state.rate_limiter = RateLimiter()
    app.state.metrics = metrics.LogMetrics(start=context.log.head().position)
    for router in (
        health.router,
        metrics.router,
        feeds.router,
        *ROUTERS,
        dashboard.router,
    ):
        app.include_router(router)
    return app
