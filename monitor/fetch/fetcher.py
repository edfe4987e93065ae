"""The HTTP adapter: polite, bounded, SSRF-guarded GETs with httpx.

Each hop of a redirect chain is resolved and vetted by the AddressGuard, then sent to the
vetted IP address itself (Host header and TLS SNI keep the name), so what was checked is what
is connected to.  httpx errors are translated to ``monitor.errors`` here and nowhere else.

Politeness that cannot starve a host: each hop takes a slot of its host (at most
``max_connections_per_host`` at once) and one of the fetcher.  The wait for slots is bounded on
its own (``slot_timeout``: :class:`HostBusyError`, never reported as a timeout), and the fetch's
own deadline (``total_timeout``) counts only the time it works holding a slot, so a slow answer
loses its slot when its own time is up and the next fetch of the host still has all of its time.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import httpx

from monitor.errors import (
    FetchTimeoutError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
    TransportError,
)
from monitor.fetch.address import AddressGuard, Resolver
from monitor.fetch.body import ACCEPT_ENCODING, decoder_for, read_capped
from monitor.fetch.headers import charset_of, max_age_seconds, retry_after_seconds
from monitor.fetch.model import FetcherConfig, FetchKind, FetchResult, HostBusyError
from monitor.fetch.pool import PoolTransport
from monitor.fetch.robots import RobotsCache
from monitor.fetch.target import Target, UnsupportedURLError, parse_target

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class _Hop:
    """One answered request: a redirect (``location`` set) or a final response."""

    status: int
    headers: httpx.Headers
    body: bytes
    location: str | None


def _redirect_target(current: str, location: str) -> str:
    try:
        return str(httpx.URL(current).join(location))
    except httpx.InvalidURL as exc:
        raise UnsupportedURLError(f"{current}: redirect to an invalid URL {location!r}") from exc


class _Budget:
    """What is left of one fetch's working time (``total_timeout``), spent only while the
    fetch holds a slot."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.total = seconds
        self.left = seconds

    @asynccontextmanager
    async def spending(self) -> AsyncIterator[None]:
        """Run the body within what is left; :class:`FetchTimeoutError` when it runs out."""
        if self.left <= 0:
            raise self._spent()
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.left):
                yield
        except TimeoutError as exc:
            raise self._spent() from exc
        finally:
            self.left -= time.monotonic() - started

    def _spent(self) -> FetchTimeoutError:
        return FetchTimeoutError(f"{self.url}: no complete answer within {self.total}s")


class Fetcher:
    """Fetches feeds and pages.  Use as ``async with Fetcher(config) as fetcher:``."""

    def __init__(
        self,
        config: FetcherConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self._config = config
        self._guard = AddressGuard(
            allow_private=config.allow_private_networks,
            allowed_networks=config.allowed_networks,
            resolver=resolver,
        )
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.total_timeout,
        )
        limits = httpx.Limits(
            max_connections=config.max_connections,
            max_keepalive_connections=config.max_connections,
        )
        self._client = httpx.AsyncClient(
            transport=transport or PoolTransport(limits),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            limits=limits,
        )
        self._overall = asyncio.Semaphore(config.max_connections)
        self._slot_timeout = (
            config.slot_timeout if config.slot_timeout is not None else config.total_timeout
        )
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._robots = RobotsCache(
            self._load_robots, user_agent=config.user_agent, ttl=config.robots_ttl
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
        kind: FetchKind = "feed",
    ) -> FetchResult:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given).

        ``headers`` replace the fetcher's own of the same name (in any letter case); a
        ``User-Agent`` among them is sent instead of ``FetcherConfig.user_agent`` and is the
        agent robots.txt is read for (``kind="page"``).  Raises a ``FetchError`` subclass on
        every failure; a 304 is a result, not an error.
        """
        started = time.monotonic()
        extra = dict(headers or {})
        if etag:
            extra["If-None-Match"] = etag
        if last_modified:
            extra["If-Modified-Since"] = last_modified
        budget = _Budget(url, self._config.total_timeout)
        return await self._follow(url, extra, kind, started, budget)

    async def _follow(
        self, url: str, extra: dict[str, str], kind: FetchKind, started: float, budget: _Budget
    ) -> FetchResult:
        current, seen = url, {url}
        redirects: list[str] = []
        agent = _header(extra, "user-agent") or self._config.user_agent
        for _ in range(self._config.max_redirects + 1):
            target = parse_target(current)
            if kind == "page" and self._config.respect_robots:
                await self._check_robots(target, agent)
            hop = await self._exchange(target, extra, kind, budget)
            if hop.location is None:
                return self._result(current, hop, redirects, started)
            redirects.append(current)
            current = _redirect_target(current, hop.location)
            if current in seen:
                raise TooManyRedirectsError(f"{url}: redirect loop back to {current}")
            seen.add(current)
        raise TooManyRedirectsError(
            f"{url}: more than {self._config.max_redirects} redirects (last {current})"
        )

    async def _check_robots(self, target: Target, agent: str) -> None:
        if not await self._robots.allows(target.url, agent):
            raise RobotsDisallowedError(f"{target.url}: disallowed by robots.txt for {agent!r}")

    async def _load_robots(self, robots_url: str) -> bytes:
        result = await self.fetch(robots_url, kind="robots")
        return result.body

    @asynccontextmanager
    async def _slot(self, target: Target) -> AsyncIterator[None]:
        """A slot of ``target``'s host, then one of the fetcher (host first: a busy host holds
        no global slot), waited for at most ``slot_timeout``."""
        per_host = self._per_host.setdefault(
            target.host, asyncio.Semaphore(self._config.max_connections_per_host)
        )
        try:
            async with asyncio.timeout(self._slot_timeout):
                await per_host.acquire()
                try:
                    await self._overall.acquire()
                except BaseException:
                    per_host.release()
                    raise
        except TimeoutError:
            limit = self._config.max_connections_per_host
            raise HostBusyError(
                f"{target.url}: no free slot for {target.host} within {self._slot_timeout}s "
                f"(at most {limit} fetches per host at once); not tried"
            ) from None
        try:
            yield
        finally:
            self._overall.release()
            per_host.release()

    async def _exchange(
        self, target: Target, extra: dict[str, str], kind: FetchKind, budget: _Budget
    ) -> _Hop:
        async with self._slot(target), budget.spending():
            address = await self._guard.vet(target.host, target.port)
            request = self._client.build_request(
                "GET",
                target.pinned(address),
                headers=self._headers(target, extra, kind),
                extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
            )
            try:
                return await self._send(request, target, kind)
            except httpx.TimeoutException as exc:
                raise FetchTimeoutError(f"{target.url}: {type(exc).__name__}") from exc
            except httpx.HTTPError as exc:
                raise TransportError(f"{target.url}: {type(exc).__name__}: {exc}") from exc

    def _headers(self, target: Target, extra: dict[str, str], kind: FetchKind) -> dict[str, str]:
        accept = self._config.accept_page if kind == "page" else self._config.accept_feed
        base = {
            "Host": target.host_header,
            "User-Agent": self._config.user_agent,
            "Accept": "text/plain, */*;q=0.5" if kind == "robots" else accept,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        caller = {} if kind == "robots" else {k: v for k, v in extra.items() if k.lower() != "host"}
        replaced = {name.lower() for name in caller}
        return {**{k: v for k, v in base.items() if k.lower() not in replaced}, **caller}

    async def _send(self, request: httpx.Request, target: Target, kind: FetchKind) -> _Hop:
        response = await self._client.send(request, stream=True)
        try:
            status = response.status_code
            location = response.headers.get("location")
            if status in REDIRECT_STATUSES and location:
                await _drain(response)
                return _Hop(status, response.headers, b"", location)
            if status == 304:
                await _drain(response)
                return _Hop(status, response.headers, b"", None)
            if not 200 <= status < 300:
                raise self._status_error(target, response)
            body = await self._read(response, kind)
            return _Hop(status, response.headers, body, None)
        finally:
            await response.aclose()

    async def _read(self, response: httpx.Response, kind: FetchKind) -> bytes:
        cap = self._config.max_robots_bytes if kind == "robots" else self._config.max_body_bytes
        decoded_cap = cap if kind == "robots" else self._config.max_decoded_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise TooLargeError(f"Content-Length {declared} passes the cap of {cap} bytes")
        decoder = decoder_for(response.headers.get("content-encoding"))
        return await read_capped(
            response.aiter_raw(), decoder, max_raw=cap, max_decoded=decoded_cap
        )

    def _status_error(self, target: Target, response: httpx.Response) -> HTTPStatusError:
        status = response.status_code
        retry_after = None
        if status in RETRY_STATUSES:
            value = response.headers.get("retry-after")
            retry_after = retry_after_seconds(value, now=datetime.now(UTC))
        return HTTPStatusError(f"{target.url}: HTTP {status}", status, retry_after)

    def _result(self, url: str, hop: _Hop, redirects: list[str], started: float) -> FetchResult:
        content_type = hop.headers.get("content-type")
        return FetchResult(
            url=url,
            status=hop.status,
            not_modified=hop.status == 304,
            body=hop.body,
            content_type=content_type,
            charset=charset_of(content_type),
            etag=hop.headers.get("etag"),
            last_modified=hop.headers.get("last-modified"),
            cache_control_max_age=max_age_seconds(hop.headers.get("cache-control")),
            retry_after=retry_after_seconds(hop.headers.get("retry-after"), now=datetime.now(UTC)),
            body_sha256=hashlib.sha256(hop.body).hexdigest(),
            elapsed=time.monotonic() - started,
            redirects=redirects,
        )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name`` (lower case) in ``headers``, in any letter case."""
    return next((v for k, v in headers.items() if k.lower() == name and v.strip()), None)


async def _drain(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a small body to its end so the connection goes back to the pool (a 304 or a
    redirect); a larger one is abandoned and its connection closed."""
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read > limit:
            return
