"""Schemathesis against the app's own OpenAPI schema, with an admin token: no server errors,
responses as documented.  A bounded number of examples per operation keeps it under a minute.
``/api/stream`` (an endless SSE stream) is left out."""

from __future__ import annotations

from typing import Any, cast

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from monitor.service.auth import RateLimiter
from tests.service.conftest import Service

EXAMPLES = 50


def fuzz(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        # a schema-valid cursor can still be one this API never gave out (a 422)
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    check()


def test_no_operation_fails_or_breaks_its_contract(service: Service) -> None:
    service.app.state.rate_limiter = RateLimiter(rate=1e9, burst=1e9)
    headers = {"Authorization": f"Bearer {service.token('admin')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", service.app)
    tried: list[str] = []
    for result in schema.exclude(path="/api/stream").get_all_operations():
        operation: Any = cast(Any, result).ok()
        tried.append(operation.label)
        fuzz(operation, headers)
    assert {"GET /api/articles", "POST /api/subscriptions", "GET /api/events"} <= set(tried)
