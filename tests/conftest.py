"""Shared fixtures.  Async tests use anyio's pytest plugin: ``@pytest.mark.anyio``.

Helpers shared between test modules live in tests/support/; no test module imports another
test module or a conftest.py (tests/test_layout.py checks it)."""

from __future__ import annotations

import gc
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.ci import IN_CI
from tests.support.databases import sqlite_url_for
from tests.support.postgres import PostgresUnavailable, fresh_database, throwaway_cluster


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


DEFAULT_LISTEN = ("127.0.0.1", 8080)


@pytest.fixture(scope="session", autouse=True)
def default_port_taken() -> Iterator[None]:
    """The daemon's default address (127.0.0.1:8080) held for the whole run, as a daemon the
    user runs beside the test suite would hold it: a test that starts ``asean-monitor run``
    without a ``MONITOR_LISTEN`` of its own fails here at once, not only on a machine where
    the port happens to be busy (a CI run failed so while the README's daemon ran)."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.bind(DEFAULT_LISTEN)
        holder.listen()
    except OSError:  # taken already: by the user's daemon, which does the same
        holder.close()
        yield
        return
    try:
        yield
    finally:
        holder.close()


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
