"""The service under test: the app over a private copy of the built log (:class:`Service`), its
read models, and an httpx client on the ASGI app (no socket), with a token if given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from fastapi import FastAPI

from monitor.readmodels.registry import all_projections
from monitor.readmodels.search import ArticleSearchProjection
from monitor.service.app import create_app
from monitor.service.context import ServiceContext
from monitor.service.tokens import Scope, created, token_stream
from monitor.settings import load_settings
from store.projections import Projection, ProjectionRunner
from store.sql import SqlEventLog
from tests.support.service_dataset import Dataset, copy


def client(app: FastAPI, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://service.test", headers=headers
    )


def projections() -> list[Projection]:
    """The daemon's read models, with the search model once (whether registered or not)."""
    found = all_projections()
    if not any(p.name == ArticleSearchProjection.name for p in found):
        found.append(ArticleSearchProjection())
    return found


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
