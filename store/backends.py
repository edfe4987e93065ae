"""Open an event log by URL: ``memory://``, ``sqlite:///path.db``, ``postgresql://…``."""

from __future__ import annotations

from store.clock import Clock, utc_now
from store.log import EventLog
from store.memory import MemoryEventLog
from store.sql import SqlEventLog


def open_log(url: str, *, clock: Clock = utc_now, software_version: str = "0") -> EventLog:
    if url.startswith("memory:"):
        return MemoryEventLog(clock=clock, software_version=software_version)
    return SqlEventLog(url, clock=clock, software_version=software_version)
