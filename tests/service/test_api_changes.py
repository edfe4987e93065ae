"""Auth on the API, the subscription lifecycle, alerts with their attempts, events as JSON
lines, the audit trail."""

from __future__ import annotations

import json
from typing import Any

import pytest

from monitor.service.auth import RateLimiter
from tests.support.service import Service, client, make_service

pytestmark = pytest.mark.anyio
HOOK = {"type": "webhook", "url": "http://127.0.0.1:9/hook", "secret": "s3cret-value-42"}


async def test_reads_need_a_token_and_changes_need_admin(service: Service) -> None:
    read = service.token("read")
    body = {"name": "x", "target": {"type": "log"}}
    async with client(service.app) as anonymous:
        missing = await anonymous.get("/api/articles")
        unknown = await anonymous.get("/api/sources", headers={"Authorization": "Bearer am_nope"})
        by_query = await anonymous.get("/api/sources", params={"token": read})
    async with client(service.app, read) as reader:
        refused = await reader.post("/api/subscriptions", json=body)
        deleting = await reader.delete(f"/api/subscriptions/{service.dataset.log_subscription}")
    assert missing.status_code == 401
    assert "token" in missing.json()["detail"]
    assert missing.headers["www-authenticate"] == "Bearer"
    assert unknown.status_code == 401
    assert by_query.status_code == 200
    assert refused.status_code == 403
    assert "admin" in refused.json()["detail"]
    assert deleting.status_code == 403


async def test_a_burst_past_the_rate_limit_gets_429(service: Service) -> None:
    # a slow bucket (10 at once, then one every 10 s) so the test does not race the refill
    service.app.state.rate_limiter = RateLimiter(rate=0.1, burst=10)
    first, second = service.token("read", "first"), service.token("read", "second")
    async with client(service.app, first) as http:
        answers = [await http.get("/api/sources") for _ in range(12)]
    async with client(service.app, second) as other:
        fresh = await other.get("/api/sources")
    assert [a.status_code for a in answers] == [200] * 10 + [429, 429]
    assert answers[-1].headers["retry-after"] == "1"
    assert "rate limit" in answers[-1].json()["detail"]
    assert fresh.status_code == 200, "each token has its own bucket"


async def test_public_reads_open_reads_but_not_changes(dataset: Any, tmp_path: Any) -> None:
    service = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="1")
    async with client(service.app) as anonymous:
        read = await anonymous.get("/api/articles")
        change = await anonymous.post("/api/subscriptions", json={})
    service.log.close()
    assert read.status_code == 200
    assert len(read.json()["items"]) == 6
    assert change.status_code == 401


async def test_subscription_lifecycle_through_events(service: Service) -> None:
    admin = service.token("admin")
    async with client(service.app, admin) as http:
        bad = await http.post("/api/subscriptions", json={"name": "x", "target": {"type": "fax"}})
        made = await http.post(
            "/api/subscriptions",
            json={"name": "Japan desk", "filter": {"dialogues": ["asean-japan"]}, "target": HOOK},
        )
        assert made.status_code == 201, made.text
        sid = made.json()["subscription_id"]
        service.catch_up()
        listed = (await http.get("/api/subscriptions")).json()
        changed = await http.patch(
            f"/api/subscriptions/{sid}", json={"filter": {"topics": ["health"]}}
        )
        empty = await http.patch(f"/api/subscriptions/{sid}", json={})
        paused = await http.post(f"/api/subscriptions/{sid}/pause")
        service.catch_up()
        after_pause = (await http.get(f"/api/subscriptions/{sid}")).json()
        resumed = await http.post(f"/api/subscriptions/{sid}/resume")
        service.catch_up()
        after_resume = (await http.get(f"/api/subscriptions/{sid}")).json()
        deleted = await http.delete(f"/api/subscriptions/{sid}")
        service.catch_up()
        gone = await http.get(f"/api/subscriptions/{sid}")
        unknown = await http.post("/api/subscriptions/000000000000/pause")
        final = (await http.get("/api/subscriptions")).json()
    assert bad.status_code == 422
    assert "target" in bad.text
    assert "s3cret" not in made.text
    assert made.json()["has_secret"] is True
    mine = next(s for s in listed if s["subscription_id"] == sid)
    assert mine["filter"]["dialogues"] == ["asean-japan"]
    assert "secret" not in mine["target"]
    assert all("s3cret" not in json.dumps(s) and "test-secret" not in json.dumps(s) for s in listed)
    assert changed.status_code == 200
    assert changed.json()["filter"]["topics"] == ["health"]
    assert paused.json()["status"] == "paused"
    assert after_pause["status"] == "paused"
    assert after_pause["filter"]["topics"] == ["health"]
    assert resumed.status_code == 200
    assert after_resume["status"] == "active"
    assert unknown.status_code == 404
    assert empty.status_code == 422
    assert "nothing to change" in empty.text
    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert sid not in {s["subscription_id"] for s in final}
    types = [e.type for e in service.log.read_stream(f"subscription-{sid}")]
    assert types == [
        "subscription.created",
        "subscription.changed",
        "subscription.paused",
        "subscription.resumed",
        "subscription.deleted",
    ]
    metadata = service.log.read_stream(f"subscription-{sid}")[0].metadata_dict()
    assert metadata["causation_id"].startswith("api:")


async def test_alerts_filtered_and_one_with_every_attempt(service: Service) -> None:
    hook = service.dataset.webhook_subscription
    async with client(service.app, service.token("read")) as http:
        delivered = (await http.get("/api/alerts", params={"status": "delivered"})).json()
        mine = (await http.get("/api/alerts", params={"subscription": hook})).json()
        nothing = (await http.get("/api/alerts", params={"status": "dead"})).json()
        wrong = await http.get("/api/alerts", params={"status": "lost"})
        retried = next(a for a in mine["items"] if a["attempts"] == 2)
        detail = (await http.get(f"/api/alerts/{retried['alert_id']}")).json()
        missing = await http.get("/api/alerts/nope")
    # five stories (the injected title is the Japan story again) for the log subscription,
    # the four ASEAN-US ones for the webhook: all delivered in the end
    assert len(delivered["items"]) == 9
    assert all(a["status"] == "delivered" for a in delivered["items"])
    assert len(mine["items"]) == 4
    assert {a["subscription_id"] for a in mine["items"]} == {hook}
    assert nothing["items"] == []
    assert wrong.status_code == 422
    assert missing.status_code == 404
    attempts = detail["delivery_attempts"]
    assert [(a["attempt"], a["delivered"], a["status"]) for a in attempts] == [
        (1, False, 503),
        (2, True, 200),
    ]
    assert attempts[1]["message_id"]
    assert "503" in attempts[0]["error"]
    assert [e["type"] for e in detail["events"]] == [
        "alert.raised",
        "alert.delivery_failed",
        "alert.delivered",
    ]


async def test_events_stream_as_json_lines(service: Service) -> None:
    read = service.token("read")
    head = service.log.head().position
    async with client(service.app, read) as http:
        every = await http.get("/api/events")
        window = await http.get("/api/events", params={"after": 3, "to": 7})
        typed = await http.get(
            "/api/events", params=[("type", "source.polled"), ("type", "source.poll_failed")]
        )
        later = await http.get("/api/events", params={"since": "2026-05-04T09:00:00Z"})
        bad = await http.get("/api/events", params={"until": "soon"})
    assert every.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in every.text.splitlines()]
    assert [e["position"] for e in lines] == list(range(1, head + 1))
    assert lines[0] == service.log.read_page(0, 1)[0].to_export()
    assert [json.loads(x)["position"] for x in window.text.splitlines()] == [4, 5, 6, 7]
    sources = [json.loads(x) for x in typed.text.splitlines()]
    assert [e["stream"] for e in sources] == ["source-seeds", "source-evil", "source-down"]
    assert all(json.loads(x)["occurred_at"] >= "2026-05-04T09" for x in later.text.splitlines())
    assert later.text
    assert bad.status_code == 422


def trail_of(body: dict[str, Any]) -> list[str]:
    return [step["what"] for step in body["steps"]]


async def test_the_audit_trail_of_an_article_and_of_an_alert(service: Service) -> None:
    hook = service.dataset.webhook_subscription
    async with client(service.app, service.token("read")) as http:
        retried = next(
            a
            for a in (await http.get("/api/alerts", params={"subscription": hook})).json()["items"]
            if a["attempts"] == 2
        )
        article = (await http.get(f"/api/audit/{retried['article_id']}")).json()
        alert = (await http.get(f"/api/audit/{retried['alert_id']}")).json()
        missing = await http.get("/api/audit/article-none")
    assert missing.status_code == 404
    assert trail_of(article)[:4] == ["polled", "discovered", "extracted", "matched"]
    assert trail_of(article).count("alert raised") == 2
    poll = article["steps"][0]["facts"]
    assert poll["feed_url"].endswith("/feed.xml")
    assert poll["correlation_id"] == "corr-test"
    matched = article["steps"][3]["facts"]
    assert len(matched["ruleset"]) == 64
    assert matched["evidence"]["asean-us"]
    assert trail_of(alert) == [
        "polled",
        "discovered",
        "extracted",
        "matched",
        "alert raised",
        "delivery failed",
        "delivered",
    ]
    assert alert["steps"][-1]["facts"]["status"] == 200
    raised = alert["steps"][4]
    assert raised["facts"]["subscription"] == "US watchers"
    assert "(US watchers)" in raised["detail"]


async def test_a_target_the_daemon_would_refuse_is_refused_at_the_api(
    dataset: Any, tmp_path: Any
) -> None:
    service = make_service(dataset, tmp_path, MONITOR_ALLOW_PRIVATE_NETWORKS="0")
    admin = service.token("admin")
    sid = service.dataset.log_subscription
    async with client(service.app, admin) as http:
        hook = await http.post("/api/subscriptions", json={"name": "x", "target": HOOK})
        apprise = {"type": "apprise", "url": "json://127.0.0.1:9/hook"}
        made = await http.post("/api/subscriptions", json={"name": "y", "target": apprise})
        changed = await http.patch(f"/api/subscriptions/{sid}", json={"target": HOOK})
    service.log.close()
    for answer in (hook, made, changed):
        assert answer.status_code == 422, answer.text
        assert "127.0.0.1" in answer.text or "loopback" in answer.text
