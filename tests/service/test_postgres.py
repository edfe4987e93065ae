"""The same API on PostgreSQL: the session's log is copied event by event into a fresh
database (a skip locally without PostgreSQL, a failure under CI=true)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.pg_service import pg_service as pg_service  # the fixture
from tests.support.service import Service, client

pytestmark = pytest.mark.anyio


async def test_filters_search_and_pages_on_postgresql(pg_service: Service) -> None:
    service = pg_service
    async with client(service.app, service.token("read")) as http:

        async def titles(**params: Any) -> list[str]:
            answer = await http.get("/api/articles", params=params)
            assert answer.status_code == 200, answer.text
            return [a["title"] for a in answer.json()["items"]]

        every = await titles()
        us = await titles(dialogue="asean-us")
        found = await titles(q="CYBERCRIME summit")
        forum = await titles(meeting="36th asean-japan FORUM")
        health = await titles(topic="health")
        later = await titles(since="2026-05-04T00:00:00Z")
        odd = await titles(q="100%_ 'quoted'")
        first = (await http.get("/api/articles", params={"limit": 4})).json()
        rest = (await http.get("/api/articles", params={"cursor": first["next_cursor"]})).json()
    assert len(every) == 6
    assert len(us) == 4
    assert found == [
        "12th ASEAN-US Summit: partners commit to deeper Comprehensive Strategic Partnership"
    ]
    assert len(forum) == 2
    assert health
    assert set(health) < set(every)
    assert len(later) == 1
    assert odd == []
    paged = [a["title"] for a in first["items"] + rest["items"]]
    assert paged == every
    assert rest["next_cursor"] is None


async def test_detail_sources_subscriptions_and_events_on_postgresql(
    pg_service: Service,
) -> None:
    service = pg_service
    admin = service.token("admin")
    async with client(service.app, admin) as http:
        listed = (await http.get("/api/articles", params={"q": "cybercrime"})).json()["items"]
        detail = (await http.get(f"/api/articles/{listed[0]['article_id']}")).json()
        sources = (await http.get("/api/sources")).json()
        made = await http.post(
            "/api/subscriptions", json={"name": "pg", "target": {"type": "atom"}}
        )
        service.catch_up()
        subs = (await http.get("/api/subscriptions")).json()
        lines = (await http.get("/api/events", params={"type": "source.poll_failed"})).text
    assert [s["what"] for s in detail["trail"]["steps"]][:4] == [
        "polled",
        "discovered",
        "extracted",
        "matched",
    ]
    assert sources[0]["source_id"] == "down"
    assert sources[0]["failing"]
    assert made.status_code == 201
    assert "pg" in {s["name"] for s in subs}
    assert [json.loads(x)["stream"] for x in lines.splitlines()] == ["source-down"]
