"""Moved to :mod:`tests.support.ingest_harness` (tests import no test module); kept only for
the modules of tests/alerts that still import it from here, until they import it from there."""

from __future__ import annotations

from tests.support.ingest_harness import (
    PAGES,
    START,
    Clock,
    Harness,
    fetcher_config,
    harness,
    loopback,
    only,
    page,
    rss,
    types_by_stream,
)

__all__ = [
    "PAGES",
    "START",
    "Clock",
    "Harness",
    "fetcher_config",
    "harness",
    "loopback",
    "only",
    "page",
    "rss",
    "types_by_stream",
]
