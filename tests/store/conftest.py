"""The contract suite runs every test against each backend: memory, SQLite, PostgreSQL.  The
suite's event types are tests/support/store_events.py's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from store.backends import open_log
from store.log import EventLog


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def log_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgres"])
def sql_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def log(log_url: str) -> Iterator[EventLog]:
    opened = open_log(log_url)
    yield opened
    opened.close()
