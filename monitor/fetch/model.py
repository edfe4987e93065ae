"""The fetcher's limits (``FetcherConfig``) and what one fetch returns (``FetchResult``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from monitor.errors import FetchError

FetchKind = Literal["feed", "page", "robots"]

DEFAULT_USER_AGENT = "asean-monitor/0.1 (+https://github.com/asean-monitor/asean-monitor)"


class HostBusyError(FetchError):
    """No slot of the host (its per-host limit) or of the fetcher came free within
    ``FetcherConfig.slot_timeout``: the fetch was not tried; the host was busy with others."""

    reason = "host_busy"


@dataclass(frozen=True)
class FetcherConfig:
    """Limits and manners of the fetcher.  Plain values: the caller maps settings onto it.

    ``allowed_networks`` are CIDR blocks exempt from the address guard even when
    ``allow_private_networks`` is False (e.g. one intranet mirror, or ``127.0.0.1/32`` in tests).
    """

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    """Seconds one fetch may work (redirects included), counted while it holds a slot: the
    wait for a slot does not count, and a slow answer is cut when its own time is up."""
    slot_timeout: float | None = None
    """Seconds a fetch may wait for a free slot of its host (and of the whole fetcher) before
    it fails as ``host_busy`` (:class:`HostBusyError`); None: ``total_timeout``."""
    max_body_bytes: int = 10 * 1024 * 1024
    max_decoded_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    max_connections: int = 20
    max_connections_per_host: int = 2
    allow_private_networks: bool = False
    allowed_networks: tuple[str, ...] = ()
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    max_robots_bytes: int = 512 * 1024
    accept_feed: str = (
        "application/rss+xml, application/atom+xml, application/feed+json, "
        "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
    )
    accept_page: str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "max_body_bytes": self.max_body_bytes,
            "max_decoded_bytes": self.max_decoded_bytes,
            "max_connections": self.max_connections,
            "max_connections_per_host": self.max_connections_per_host,
        }
        if self.slot_timeout is not None:
            positive["slot_timeout"] = self.slot_timeout
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"FetcherConfig.{name}: expected a positive number, got {value}")
        if self.max_redirects < 0:
            raise ValueError(
                f"FetcherConfig.max_redirects: expected >= 0, got {self.max_redirects}"
            )
        if not self.user_agent.strip():
            raise ValueError("FetcherConfig.user_agent: expected a product name, got nothing")


@dataclass(frozen=True)
class FetchResult:
    """One completed fetch.  ``url`` is the final URL after redirects; ``redirects`` lists the
    URLs that answered with a redirect, in order.  On a 304 ``not_modified`` is True and
    ``body`` is empty."""

    url: str
    status: int
    not_modified: bool
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    cache_control_max_age: int | None
    retry_after: float | None
    body_sha256: str
    elapsed: float
    redirects: list[str] = field(default_factory=list)
