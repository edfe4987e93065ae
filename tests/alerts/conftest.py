"""Fixtures of the alert tests: loopback servers and receivers, one extraction pool."""

from __future__ import annotations

from tests.ingest.conftest import extractor
from tests.support.httpserver import http_server
from tests.support.receivers import (
    closed_port_fixture,
    json_endpoint_fixture,
    smtp_sink_fixture,
    webhook_receiver_fixture,
)

__all__ = [
    "closed_port_fixture",
    "extractor",
    "http_server",
    "json_endpoint_fixture",
    "smtp_sink_fixture",
    "webhook_receiver_fixture",
]
