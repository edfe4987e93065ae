"""The contract suite runs every test against each backend: memory, SQLite, PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import count

import pytest

from store import Event, event_type
from store.backends import open_log
from store.log import EventLog

_clock_ticks = count()


@event_type("test.noted")
class Noted(Event):
    """A small test event."""

    n: int
    text: str = ""


def noted(n: int, text: str = "") -> Noted:
    return Noted(occurred_at=datetime(2026, 5, 3, 8, 0, n % 60, tzinfo=UTC), n=n, text=text)


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
