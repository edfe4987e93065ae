"""Schemathesis against the app's own OpenAPI schema, over HTTP on 127.0.0.1, with a read token
and with an admin token: no server errors, responses as documented, on every operation.
A bounded number of examples per operation and token keeps it to about a minute.

``/api/stream`` is an endless SSE stream; it is fuzzed while the service says it is stopping,
so each stream parses its parameters and headers (``Last-Event-ID``), opens, and ends."""

from __future__ import annotations

from typing import Any, cast

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from monitor.service.auth import RateLimiter
from monitor.service.context import ServiceContext
from tests.support.service import Service
from tests.support.service_live import serving

pytestmark = pytest.mark.slow  # schemathesis over every operation: about a minute

EXAMPLES = {"admin": 50, "read": 25}


def fuzz(operation: Any, headers: dict[str, str], examples: int) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        # a schema-valid cursor can still be one this API never gave out (a 422)
        case.call_and_validate(
            headers=headers, excluded_checks=[positive_data_acceptance], timeout=30
        )

    check()


def test_no_operation_fails_or_breaks_its_contract(service: Service) -> None:
    service.app.state.rate_limiter = RateLimiter(rate=1e9, burst=1e9)
    context: ServiceContext = service.app.state.context
    tokens = {scope: service.token(scope) for scope in ("admin", "read")}
    tried: list[str] = []
    with serving(service.app) as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        for result in schema.get_all_operations():
            operation: Any = cast(Any, result).ok()
            tried.append(operation.label)
            stream = operation.path == "/api/stream"
            context.stopping = (lambda: True) if stream else (lambda: False)
            for scope, token in tokens.items():
                fuzz(operation, {"Authorization": f"Bearer {token}"}, EXAMPLES[scope])
    assert {
        "GET /api/articles",
        "POST /api/subscriptions",
        "GET /api/events",
        "GET /api/stream",
        "DELETE /api/subscriptions/{subscription_id}",
    } <= set(tried)
