"""Short ids and "retry now" in the alerts API: a unique prefix stands for an alert id; an
admin sends a failing alert again now; a delivered one, a read token or an ambiguous prefix is
refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.events import AlertDeliveryFailed
from tests.support.service import Service, client

pytestmark = pytest.mark.anyio


async def test_an_alert_by_its_prefix_and_a_failing_one_sent_again_now(service: Service) -> None:
    read, admin = service.token("read"), service.token("admin")
    async with client(service.app, read) as http:
        items = (await http.get("/api/alerts")).json()["items"]
        one = items[0]
        by_prefix = await http.get(f"/api/alerts/{one['alert_id'][:8]}")
        too_short = await http.get(f"/api/alerts/{one['alert_id'][:2]}")
        as_reader = await http.post(f"/api/alerts/{one['alert_id']}/retry")
    async with client(service.app, admin) as http:
        delivered = await http.post(f"/api/alerts/{one['alert_id'][:8]}/retry")
        _fail(service, one["alert_id"])
        sent_again = await http.post(f"/api/alerts/{one['alert_id'][:8]}/retry")
        service.catch_up()
        after = (await http.get(f"/api/alerts/{one['alert_id']}")).json()
    assert by_prefix.status_code == 200
    assert by_prefix.json()["alert_id"] == one["alert_id"]
    assert too_short.status_code == 404
    assert "at least 4" in too_short.json()["detail"]
    assert as_reader.status_code == 403
    assert delivered.status_code == 409
    assert "is delivered" in delivered.json()["detail"]
    assert sent_again.status_code == 200, sent_again.text
    assert sent_again.json() == {"alert_id": one["alert_id"], "was": "failed", "status": "pending"}
    assert after["status"] == "pending"
    requeued = [e for e in after["events"] if e["type"] == "alert.requeued"]
    assert requeued[0]["data"]["requested_by"].startswith("api:")


def _fail(service: Service, alert_id: str) -> None:
    """The receiver fails the alert once more (as the daemon would record it)."""
    stream = next(
        e.stream_id
        for e in service.log.iter_all()
        if e.type == "alert.raised" and e.data_dict()["alert_id"] == alert_id
    )
    now = datetime.now(UTC)
    failed = AlertDeliveryFailed(
        occurred_at=now,
        alert_id=alert_id,
        attempt=3,
        channel="webhook",
        error="503 Service Unavailable",
        status=503,
        next_attempt_at=now + timedelta(hours=1),
    )
    service.log.append(stream, [failed])
    service.catch_up()


async def test_a_prefix_stands_for_a_subscription_or_an_article_in_the_api(
    service: Service,
) -> None:
    read, admin = service.token("read"), service.token("admin")
    async with client(service.app, read) as http:
        subs = (await http.get("/api/subscriptions")).json()
        articles = (await http.get("/api/articles")).json()["items"]
        sub_id, article_id = subs[0]["subscription_id"], articles[0]["article_id"]
        one = await http.get(f"/api/subscriptions/{sub_id[:6]}")
        article = await http.get(f"/api/articles/{article_id[:16]}")
        several = await http.get("/api/articles/article-")
    async with client(service.app, admin) as http:
        paused = await http.post(f"/api/subscriptions/{sub_id[:6]}/pause")
    assert (one.status_code, one.json()["subscription_id"]) == (200, sub_id)
    assert (article.status_code, article.json()["article_id"]) == (200, article_id)
    assert several.status_code == 409
    assert "names several articles" in several.json()["detail"]
    assert (paused.status_code, paused.json()["status"]) == (200, "paused")
    stream = service.log.read_stream(f"subscription-{sub_id}")
    assert stream[-1].type == "subscription.paused", "the event went to the full id's stream"
