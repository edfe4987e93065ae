"""Fixtures of the alert tests: loopback servers and receivers, one extraction pool, and the
databases the alert flow runs on (``database_url``: SQLite and PostgreSQL; PostgreSQL missing
is a skip locally and a failure under CI=true, see tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.extraction import extractor
from tests.support.httpserver import http_server
from tests.support.receivers import (
    closed_port_fixture,
    json_endpoint_fixture,
    smtp_sink_fixture,
    webhook_receiver_fixture,
)

__all__ = [
    "closed_port_fixture",
    "database_url",
    "extractor",
    "http_server",
    "json_endpoint_fixture",
    "smtp_sink_fixture",
    "webhook_receiver_fixture",
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty event log's URL, once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))
