"""Fixtures of the service tests: one realistic log per session (built by the real pipeline
over loopback), a private copy of it per test, tokens, and the app over it
(tests/support/service.py, tests/support/service_dataset.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from monitor.extract.extractor import Extractor
from tests.support.httpserver import HTTPTestServer
from tests.support.receivers import WebhookReceiver
from tests.support.service import Service, make_service
from tests.support.service_dataset import Dataset, build


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


@pytest.fixture
def service(dataset: Dataset, tmp_path: Path) -> Iterator[Service]:
    made = make_service(dataset, tmp_path)
    yield made
    made.log.close()
