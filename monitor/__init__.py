"""asean-monitor: the daemon that watches diplomatic news for ASEAN's dialogue relations.

Sub-modules hold one responsibility each (config, fetcher, feeds, extractor, matching,
pipeline, cli).  Errors raised on purpose derive from :class:`monitor.errors.MonitorError`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("asean-monitor")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
