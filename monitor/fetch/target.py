"""A URL checked for fetching: http(s) only, a host, a port; and its address-pinned form."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from monitor.errors import FetchError


class UnsupportedURLError(FetchError):
    """The URL is malformed, has no host, or its scheme is not http/https."""

    reason = "invalid_url"


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    host_header: str
    parsed: httpx.URL

    def pinned(self, address: str) -> httpx.URL:
        """The same URL with its host replaced by the vetted IP address."""
        if address == self.host:
            return self.parsed  # an IP literal already
        return self.parsed.copy_with(host=address)


def parse_target(url: str) -> Target:
    """Check ``url`` and split it; UnsupportedURLError says what is wrong with it."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise UnsupportedURLError(f"{url!r}: not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https"):
        raise UnsupportedURLError(f"{url!r}: expected an http or https URL")
    if not parsed.host:
        raise UnsupportedURLError(f"{url!r}: the URL has no host")
    default_port = 443 if parsed.scheme == "https" else 80
    port = parsed.port or default_port
    host = parsed.raw_host.decode("ascii")  # IDNA (punycode) form for DNS, Host and SNI
    shown = f"[{host}]" if ":" in host else host
    host_header = shown if parsed.port in (None, default_port) else f"{shown}:{port}"
    return Target(url, parsed.scheme, host, port, host_header, parsed)
