"""The read and admin HTTP API: one module per noun, each with a FastAPI ``router``.

``ROUTERS`` lists them in the order ``create_app`` mounts them.
"""

from __future__ import annotations

from fastapi import APIRouter

from monitor.service.api import (
    alerts,
    articles,
    audit,
    catalogue,
    events,
    meetings,
    sources,
    subscription_tests,
    subscriptions,
)

ROUTERS: tuple[APIRouter, ...] = (
    articles.router,
    meetings.router,
    sources.router,
    subscriptions.router,
    subscription_tests.router,
    alerts.router,
    events.router,
    audit.router,
    catalogue.router,
)

__all__ = ["ROUTERS"]
