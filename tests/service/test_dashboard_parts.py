"""The dashboard's pure parts: filters in the address, times and names for people, what to do
about a failing source, a subscription's delivery state, the API's operations."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from alerts.delivery_state import delivery_of
from monitor.service.dashboard.apidocs import operations
from monitor.service.dashboard.filters import linker, parse_filters
from monitor.service.dashboard.fixes import fix_for
from monitor.service.dashboard.format import ago, dialogue_name, mechanism_name, when


def test_filters_round_trip_through_the_address() -> None:
    f = parse_filters({"dialogue": " asean-us ", "q": "Mekong  water", "page": "3", "days": "90"})
    assert (f.dialogue, f.q, f.page, f.days) == ("asean-us", "Mekong  water", 3, 90)
    assert f.link(page=4) == "?dialogue=asean-us&q=Mekong++water&page=4&days=90"
    assert f.link(dialogue="asean-japan") == "?dialogue=asean-japan&q=Mekong++water&days=90"
    assert parse_filters({}).link() == "?"
    odd = parse_filters({"since": "2026-13-01", "until": "2026-05-31", "page": "x", "days": "8"})
    assert odd.since == ""
    assert odd.problems == ("since: '2026-13-01' is not a day (YYYY-MM-DD); ignored",)
    assert odd.until_time() == "2026-06-01T00:00:00.000000Z", "the whole last day"
    assert (odd.page, odd.days) == (1, 30)
    assert linker(status="dead", subscription="")(page=2) == "?status=dead&page=2"


def test_times_and_names_are_for_people() -> None:
    moment = when("2026-12-06T14:05:09.123456Z")
    assert moment is not None
    assert (moment.iso, moment.text, moment.day) == (
        "2026-12-06T14:05:09Z",
        "6 Dec 2026, 14:05 UTC",
        "6 Dec 2026",
    )
    assert when(None) is None
    now = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)
    assert ago("2026-12-06T14:05:09.000000Z", now) == "1 h ago"
    assert ago("2026-12-04T14:05:09.000000Z", now) == "2 days ago"
    assert ago("2026-12-06T18:00:00.000000Z", now) == "in 2 h"
    assert dialogue_name("asean-us") == "ASEAN-United States"
    assert dialogue_name("asean-mars") == "asean-mars"
    assert mechanism_name("post-ministerial-conference") == "Post ministerial conference"


def test_a_failing_source_says_what_to_do() -> None:
    assert "change url in sources.yaml" in (fix_for("http_status", 404) or "")
    assert "server error" in (fix_for("http_status", 502) or "")
    assert fix_for("http_status", 418) is None
    assert "MONITOR_ALLOW_PRIVATE_NETWORKS" in (fix_for("blocked_address", None) or "")
    assert fix_for("something_new", None) is None


def _rows(*statuses: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(status=s, last_error=f"HTTP 503 {s}") for s in statuses]


def test_a_subscription_is_failing_when_its_last_alerts_failed() -> None:
    failing = delivery_of("active", _rows("dead", "failed", "dead"), 0, None)
    assert (failing.state, failing.text) == ("failing", "failing: 3 of the last 3 alerts failed")
    assert failing.last_error == "HTTP 503 dead"
    mixed = delivery_of("active", _rows("delivered", "failed"), 2, "2026-12-06T14:05:09Z")
    assert (mixed.state, mixed.text) == ("degraded", "degraded: 1 of the last 2 alerts failed")
    fine = delivery_of("active", _rows("delivered"), 0, None)
    assert fine.text == "active: the last alert was delivered"
    assert delivery_of("active", _rows("dead"), 0, None).text == "failing: the last alert failed"
    assert delivery_of("active", [], 0, None).text == "active: no alert sent yet"
    assert delivery_of("paused", _rows("dead"), 0, None).state == "paused"


def test_the_api_page_lists_every_operation() -> None:
    schema = {
        "paths": {
            "/api/b": {"get": {"summary": "B", "tags": ["x"], "responses": {"200": {}}}},
            "/api/a/{id}": {
                "post": {
                    "summary": "A",
                    "tags": ["x"],
                    "parameters": [{"name": "id", "in": "path", "required": True}],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/c/s/Thing"}}}
                    },
                    "responses": {"201": {"description": "made"}},
                },
            },
        }
    }
    found = operations(schema)
    assert [(o.method, o.path) for o in found] == [("POST", "/api/a/{id}"), ("GET", "/api/b")]
    assert found[0].body == "Thing"
    assert found[0].parameters[0].required
    assert found[0].responses == (("201", "made"),)
    assert found[0].anchor == "POST--api-a-id"
