"""Fetching adapter: ``Fetcher`` (httpx, async), its limits and its result.

Public API::

    Fetcher(config, *, transport=None, resolver=None)
    await fetcher.fetch(url, *, etag=None, last_modified=None, headers=None, kind="feed")
"""

from monitor.fetch.address import AddressGuard, block_reason, system_resolver
from monitor.fetch.fetcher import Fetcher
from monitor.fetch.model import (
    DEFAULT_USER_AGENT,
    FetcherConfig,
    FetchKind,
    FetchResult,
    HostBusyError,
)
from monitor.fetch.target import UnsupportedURLError

__all__ = [
    "DEFAULT_USER_AGENT",
    "AddressGuard",
    "FetchKind",
    "FetchResult",
    "Fetcher",
    "FetcherConfig",
    "HostBusyError",
    "UnsupportedURLError",
    "block_reason",
    "system_resolver",
]
