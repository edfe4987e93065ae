"""Fixtures of the ingest tests: the loopback HTTP server and one extraction pool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.extractor import Extractor
from tests.support.httpserver import http_server

__all__ = ["extractor", "http_server"]


@pytest.fixture(scope="session")
def extractor() -> Iterator[Extractor]:
    """One real extraction process pool for the session (spawning one costs a second)."""
    pool = Extractor(workers=1, timeout=60)
    yield pool
    pool.close()
