"""The same API on PostgreSQL: the session's log is copied event by event into a fresh
database (a skip locally without PostgreSQL, a failure under CI=true)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.settings import load_settings
from store import Event, Metadata
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.service import Service, client, projections
from tests.support.service_dataset import Dataset, copy

pytestmark = pytest.mark.anyio


def replicate(source: SqlEventLog, target: SqlEventLog) -> int:
    """Append every event of ``source`` to ``target`` with its id, time and metadata."""
    count = 0
    for recorded in source.iter_all(0):
        event = recorded.decode()
        assert isinstance(event, Event), f"{recorded.type} does not decode"
        meta = recorded.metadata_dict()
        meta.pop("software_version", None)
        metadata = Metadata(meta.pop("correlation_id", None), meta.pop("causation_id", None), meta)
        target.append(recorded.stream_id, [event], metadata=metadata)
        count += 1
    return count


@pytest.fixture
def pg_service(dataset: Dataset, postgres_url: str, tmp_path: Any) -> Iterator[Service]:
    sqlite = SqlEventLog(copy(dataset, tmp_path))
    log = SqlEventLog(postgres_url)
    copied = replicate(sqlite, log)
    sqlite.close()
    assert copied == log.head().position
    runner = ProjectionRunner(log, projections())
    runner.prepare()
    runner.catch_up_all()
    settings = load_settings({"MONITOR_DATABASE_URL": postgres_url})
    app: FastAPI = create_app(ServiceContext(settings, log, runner))
    yield Service(app, log, runner, dataset, postgres_url)
    log.close()


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
