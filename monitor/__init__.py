"""asean-monitor: the daemon that watches diplomatic news for ASEAN's dialogue relations.

Sub-modules hold one responsibility each (config, fetcher, feeds, extractor, matching,
pipeline, cli).  Errors raised on purpose derive from :class:`monitor.errors.MonitorError`.

``__version__`` is read from the installed package's metadata when first asked for (reading
it costs a start that does not need it, such as ``asean-monitor --help``, about 40 ms).
"""

from __future__ import annotations

from functools import cache

__all__ = ["__version__"]


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("asean-monitor")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'monitor' has no attribute {name!r}")
