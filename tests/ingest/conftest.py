"""Fixtures of the ingest tests: the loopback HTTP server and one extraction pool (both from
tests/support)."""

from __future__ import annotations

from tests.support.extraction import extractor
from tests.support.httpserver import http_server

__all__ = ["extractor", "http_server"]
