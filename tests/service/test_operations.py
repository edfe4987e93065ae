"""Operations endpoints: /healthz, /readyz (database, scheduler, projection lag) and /metrics
(counters folded from the event log)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from monitor.events import SourcePollFailed
from tests.support.service import Service, client

pytestmark = pytest.mark.anyio


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_health_and_readiness(service: Service) -> None:
    async with client(service.app) as http:
        alive = await http.get("/healthz")
        ready = await http.get("/readyz")
        service.app.state.context.scheduler_running = lambda: False
        stopped = await http.get("/readyz")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "projection_lag": 0, "scheduler": "running"}
    assert stopped.status_code == 503
    assert stopped.json()["checks"]["scheduler"] == "stopped"


async def test_readiness_reports_a_lagging_read_model(service: Service) -> None:
    now = datetime.now(UTC)
    for n in range(3):
        service.log.append(
            "source-x",
            [
                SourcePollFailed(
                    occurred_at=now,
                    source_id="x",
                    url="http://x.example/",
                    reason="timeout",
                    detail="",
                    attempt=n + 1,
                    duration_ms=1,
                    next_check_at=now,
                    next_check_reason="backoff",
                )
            ],
        )
    async with client(service.app) as http:
        lagging = (await http.get("/readyz")).json()["checks"]["projection_lag"]
        service.catch_up()
        caught_up = (await http.get("/readyz")).json()["checks"]["projection_lag"]
    assert lagging == 3
    assert caught_up == 0


async def test_metrics_count_what_the_log_says(service: Service) -> None:
    now = datetime.now(UTC)
    async with client(service.app) as http:
        before = samples((await http.get("/metrics")).text)
        service.log.append(
            "source-x",
            [
                SourcePollFailed(
                    occurred_at=now,
                    source_id="x",
                    url="http://x.example/",
                    reason="timeout",
                    detail="",
                    attempt=1,
                    duration_ms=1,
                    next_check_at=now,
                    next_check_reason="backoff",
                )
            ],
        )
        answer = await http.get("/metrics")
    after = samples(answer.text)
    assert answer.headers["content-type"].startswith("text/plain")
    key = ("asean_monitor_poll_failures_total", (("reason", "timeout"),))
    assert after[key] - before.get(key, 0.0) == 1
    assert after[("asean_monitor_log_position", ())] == service.log.head().position
    assert after[("asean_monitor_projection_lag", ())] == 1
