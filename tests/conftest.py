"""Shared fixtures.  Async tests use anyio's pytest plugin: ``@pytest.mark.anyio``.

Helpers shared between test modules live in tests/support/; no test module imports another
test module or a conftest.py (tests/test_layout.py checks it)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.ci import IN_CI
from tests.support.databases import sqlite_url_for
from tests.support.postgres import PostgresUnavailable, fresh_database, throwaway_cluster


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server URL; a skip locally when none can be had, a failure in CI."""
    given = os.environ.get("MONITOR_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        with throwaway_cluster() as url:
            yield url
            gc.collect()  # close connections tests left open while the server is still up
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"CI=true and PostgreSQL is unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """An empty database of its own for one test."""
    return fresh_database(postgres_server)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of an event log in ``tmp_path / "events.db"`` (not created yet)."""
    return sqlite_url_for(tmp_path / "events.db")
