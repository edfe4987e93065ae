"""Fixtures of the service tests: one realistic log per session (built by the real pipeline
over loopback), a private copy of it per test, tokens, and the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI

from monitor.extract.extractor import Extractor
from monitor.readmodels.registry import all_projections
from monitor.readmodels.search import ArticleSearchProjection
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.tokens import Scope, created, token_stream
from monitor.settings import load_settings
from store.projections import Projection, ProjectionRunner
from store.sql import SqlEventLog
from tests.service.dataset import Dataset, build, copy
from tests.support.httpserver import HTTPTestServer
from tests.support.receivers import WebhookReceiver


def projections() -> list[Projection]:
    """The daemon's read models, with the search model once (whether registered or not)."""
    found = all_projections()
    if not any(p.name == ArticleSearchProjection.name for p in found):
        found.append(ArticleSearchProjection())
    return found


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dataset]:
    directory = tmp_path_factory.mktemp("dataset")
    server, receiver = HTTPTestServer(), WebhookReceiver()
    server.start()
    receiver.start()
    extractor = Extractor(workers=1, timeout=60)
    try:
        yield anyio.run(build, directory / "seeds.db", server, extractor, receiver)
    finally:
        extractor.close()
        receiver.stop()
        server.stop()


@dataclass
class Service:
    app: FastAPI
    log: SqlEventLog
    runner: ProjectionRunner
    dataset: Dataset
    url: str

    def token(self, scope: Scope, name: str = "tester") -> str:
        token_id, secret, event = created(name, scope, datetime.now(UTC))
        self.log.append(token_stream(token_id), [event])
        self.runner.catch_up_all()
        return secret

    def catch_up(self) -> None:
        self.runner.catch_up_all()


def make_service(dataset: Dataset, directory: Path, **env: str) -> Service:
    url = copy(dataset, directory)
    log = SqlEventLog(url)
    runner = ProjectionRunner(log, projections())
    runner.prepare()
    runner.catch_up_all()
    defaults = {
        "MONITOR_DATABASE_URL": url,
        "MONITOR_SECRETS_KEY": dataset.secrets_key,
        "MONITOR_SIGNING_KEY": str(directory / "keys" / "checkpoint.key"),
        "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",  # the receivers of these tests are on loopback
    }
    settings = load_settings({**defaults, **env})
    app = create_app(ServiceContext(settings, log, runner))
    return Service(app, log, runner, dataset, url)


@pytest.fixture
def service(dataset: Dataset, tmp_path: Path) -> Iterator[Service]:
    made = make_service(dataset, tmp_path)
    yield made
    made.log.close()
