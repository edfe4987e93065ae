"""``/metrics``: Prometheus counters fed by the event log, gauges read at scrape time.

Counters count what this process has seen in the log since it started (Prometheus handles
restarts); on each scrape the new events are folded in, so the figures come from the same
facts an audit reads.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from monitor.events import (
    AlertDelivered,
    AlertDeliveryFailed,
    AlertRaised,
    ArticleExtracted,
    ArticleExtractionFailed,
    ArticleMatched,
    ItemDiscovered,
    SourcePolled,
    SourcePollFailed,
)
from monitor.service.context import ServiceContext

router = APIRouter(tags=["operations"])
PREFIX = "asean_monitor"


class LogMetrics:
    def __init__(self, start: int) -> None:
        self.registry = CollectorRegistry()
        self.position = start
        self._lock = threading.Lock()
        r = self.registry
        self.polls = Counter(f"{PREFIX}_polls", "Polls by outcome", ["outcome"], registry=r)
        self.failures = Counter(
            f"{PREFIX}_poll_failures", "Failed polls by reason", ["reason"], registry=r
        )
        self.items = Counter(f"{PREFIX}_items_discovered", "New stories discovered", registry=r)
        self.extraction = Histogram(
            f"{PREFIX}_extraction_seconds",
            "Page fetch and extraction",
            registry=r,
            buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
        )
        self.extraction_failures = Counter(
            f"{PREFIX}_extraction_failures", "Pages with no text", ["reason"], registry=r
        )
        self.matches = Counter(
            f"{PREFIX}_matches", "Relevant matches by dialogue", ["dialogue"], registry=r
        )
        self.delivered = Counter(
            f"{PREFIX}_alerts_delivered", "Delivered alerts", ["channel"], registry=r
        )
        self.failed = Counter(
            f"{PREFIX}_alerts_failed", "Failed delivery attempts", ["channel"], registry=r
        )
        self.raised = Counter(f"{PREFIX}_alerts_raised", "Alerts raised", ["kind"], registry=r)
        self.lag = Gauge(
            f"{PREFIX}_projection_lag", "Events the slowest read model is behind", registry=r
        )
        self.head = Gauge(f"{PREFIX}_log_position", "Position of the last event", registry=r)

    def observe(self, type_name: str, data: dict[str, Any]) -> None:
        if type_name == SourcePolled.type_name:
            self.polls.labels("not_modified" if data["not_modified"] else "ok").inc()
        elif type_name == SourcePollFailed.type_name:
            self.polls.labels("failed").inc()
            self.failures.labels(data["reason"]).inc()
        elif type_name == ItemDiscovered.type_name:
            self.items.inc()
        elif type_name == ArticleExtracted.type_name:
            self.extraction.observe(data["duration_ms"] / 1000)
        elif type_name == ArticleExtractionFailed.type_name:
            self.extraction_failures.labels(data["reason"]).inc()
        elif type_name == ArticleMatched.type_name:
            for dialogue in data["dialogues"]:
                if dialogue.get("relevant"):
                    self.matches.labels(dialogue["id"]).inc()
        elif type_name == AlertRaised.type_name:
            self.raised.labels(data["kind"]).inc()
        elif type_name == AlertDelivered.type_name:
            self.delivered.labels(data["channel"]).inc()
        elif type_name == AlertDeliveryFailed.type_name:
            self.failed.labels(data["channel"]).inc()

    def refresh(self, context: ServiceContext) -> bytes:
        with self._lock:
            for event in context.log.iter_all(self.position, page_size=2000):
                self.observe(event.type, event.data_dict())
                self.position = event.position
            self.head.set(context.log.head().position)
            self.lag.set(context.projection_lag())
            return generate_latest(self.registry)


@router.get("/metrics", response_class=Response, summary="Prometheus metrics")
async def metrics(request: Request) -> Response:
    gathered: LogMetrics = request.app.state.metrics
    body = await asyncio.to_thread(gathered.refresh, request.app.state.context)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
