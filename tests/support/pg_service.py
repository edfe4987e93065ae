"""The service over PostgreSQL for the tests: the session's dataset log copied event by event
into a fresh database (:func:`replicate`), its read models caught up (``pg_service``)."""

from __future__ import annotations

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
from tests.support.service import Service, projections
from tests.support.service_dataset import Dataset, copy


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
