"""Build the adapters from settings (the only place that reads them for the store)."""

from __future__ import annotations

from monitor import __version__
from monitor.settings import Settings
from store.sql import SqlEventLog


def open_store(settings: Settings) -> SqlEventLog:
    """The event log at ``MONITOR_DATABASE_URL`` (migrated to the current schema)."""
    return SqlEventLog(settings.database_url, software_version=__version__)
