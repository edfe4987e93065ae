"""The fetcher's connection pool: each HTTP/1.1 connection is handed to one request at a time.

httpcore 1.0's ``AsyncConnectionPool`` re-examines every connection whenever a request starts
or ends (for each idle one a socket poll and, through anyio, a dict of socket attributes;
counting idle connections is itself quadratic), and a connection it assigns to a waiting
request still looks idle until that request runs, so it is assigned again: all but one of the
requests fail with ``ConnectionNotAvailable`` and go round once more (encode/httpcore#822 and
#1110, open in 1.0.9).  With 64 connections on loopback that is about 1.5 ms of CPU per
request, and about 9 ms when answers take 50 ms (most connections are idle between answers).

:class:`ConnectionPool` keeps idle connections in a stack per origin (the most recently used
first), checks a connection's expiry only when it is taken, counts what is open, and wakes one
waiter per freed slot: the work per request does not grow with the pool.  The connections are
httpcore's own (``httpcore.AsyncHTTPConnection``: HTTP/1.1, TLS with SNI, timeouts), and
:class:`PoolTransport` is an httpx transport over it: it turns httpx's request into httpcore's
and httpcore's errors into httpx's, as httpx's own transport does.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import anyio
import httpcore
import httpx

Key = tuple[bytes, bytes, int]
"""An origin as a dict key (``httpcore.Origin`` is not hashable): scheme, host, port."""
UNLIMITED = 2**31
RETRIES = 3
"""How often a request goes to another connection when the one it was given cannot serve it."""


def _key(origin: httpcore.Origin) -> Key:
    return origin.scheme, origin.host, origin.port


class ConnectionPool:
    """The part of httpcore's pool interface that httpx's transport uses."""

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext,
        max_connections: int,
        max_keepalive_connections: int,
        keepalive_expiry: float | None,
    ) -> None:
        self._ssl_context = ssl_context
        self._max = max_connections
        self._max_idle = max_keepalive_connections
        self._expiry = keepalive_expiry
        self._backend = httpcore.AnyIOBackend()
        self._idle: dict[Key, list[httpcore.AsyncHTTPConnection]] = {}
        self._idle_order: dict[httpcore.AsyncHTTPConnection, Key] = {}
        self._open = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._closed = False

    @property
    def open_connections(self) -> int:
        return self._open

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        timeout = request.extensions.get("timeout", {}).get("pool")
        for _ in range(RETRIES):
            connection = await self._acquire(request.url.origin, timeout)
            try:
                response = await connection.handle_async_request(request)
            except httpcore.ConnectionNotAvailable:
                await self._discard(connection)
                continue
            except BaseException:
                await self._discard(connection)
                raise
            assert isinstance(response.stream, AsyncIterable)
            stream = _Releasing(response.stream, connection, request.url.origin, self)
            return httpcore.Response(
                status=response.status,
                headers=response.headers,
                content=stream,
                extensions=response.extensions,
            )
        raise httpcore.ConnectError(f"no connection to {request.url.origin} could serve")

    async def _acquire(
        self, origin: httpcore.Origin, timeout: float | None
    ) -> httpcore.AsyncHTTPConnection:
        while True:
            if self._closed:
                raise httpcore.ConnectError("the connection pool is closed")
            connection = self._take_idle(origin)
            if connection is not None:
                if not (connection.is_closed() or connection.has_expired()):
                    return connection
                await self._discard(connection)
                continue
            if self._open < self._max:
                self._open += 1
                return self._new_connection(origin)
            if self._idle_order:  # full, but some connections to other origins are idle
                await self._discard(self._take_oldest_idle())
                continue
            await self._wait(timeout)

    def _new_connection(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        return httpcore.AsyncHTTPConnection(
            origin=origin,
            ssl_context=self._ssl_context,
            keepalive_expiry=self._expiry,
            http1=True,
            http2=False,
            network_backend=self._backend,
        )

    def _take_idle(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection | None:
        stack = self._idle.get(_key(origin))
        if not stack:
            return None
        connection = stack.pop()
        del self._idle_order[connection]
        return connection

    def _take_oldest_idle(self) -> httpcore.AsyncHTTPConnection:
        connection, key = next(iter(self._idle_order.items()))
        del self._idle_order[connection]
        self._idle[key].remove(connection)
        return connection

    async def _wait(self, timeout: float | None) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise httpcore.PoolTimeout("no connection became free in time") from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _wake_one(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def release(
        self, connection: httpcore.AsyncHTTPConnection, origin: httpcore.Origin
    ) -> None:
        """A response was closed: keep its connection for the next request, or close it."""
        if not self._closed and connection.is_idle() and len(self._idle_order) < self._max_idle:
            key = _key(origin)
            self._idle.setdefault(key, []).append(connection)
            self._idle_order[connection] = key
            self._wake_one()
            return
        await self._discard(connection)

    async def _discard(self, connection: httpcore.AsyncHTTPConnection) -> None:
        self._open -= 1
        self._wake_one()
        with anyio.CancelScope(shield=True):
            await connection.aclose()

    async def aclose(self) -> None:
        self._closed = True
        idle = list(self._idle_order)
        self._idle.clear()
        self._idle_order.clear()
        for connection in idle:
            await self._discard(connection)
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)  # they see the pool closed

    async def __aenter__(self) -> ConnectionPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()


class _Releasing:
    """A response body that gives its connection back to the pool when closed."""

    def __init__(
        self,
        stream: AsyncIterable[bytes],
        connection: httpcore.AsyncHTTPConnection,
        origin: httpcore.Origin,
        pool: ConnectionPool,
    ) -> None:
        self._stream = stream
        self._connection = connection
        self._origin = origin
        self._pool = pool
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except BaseException:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        with anyio.CancelScope(shield=True):
            closer: Any = getattr(self._stream, "aclose", None)
            if closer is not None:
                await closer()
            await self._pool.release(self._connection, self._origin)


# httpcore's errors as httpx's (httpx does the same in its own transport), most specific first.
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for raw, mapped in _ERRORS:
            if isinstance(exc, raw):
                raise mapped(str(exc)) from exc
        raise


class _Body(httpx.AsyncByteStream):
    """A response body as httpx reads it, with httpcore's errors translated."""

    def __init__(self, stream: _Releasing) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        await self._stream.aclose()


class PoolTransport(httpx.AsyncBaseTransport):
    """An httpx transport over :class:`ConnectionPool` (HTTP/1.1 only; no proxies, no
    environment settings: the fetcher sets everything itself)."""

    def __init__(self, limits: httpx.Limits) -> None:
        most = limits.max_connections if limits.max_connections is not None else UNLIMITED
        idle = limits.max_keepalive_connections
        self.pool = ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=most,
            max_keepalive_connections=min(most, idle) if idle is not None else most,
            keepalive_expiry=limits.keepalive_expiry,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        raw = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port,
                             target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,  # an httpx byte stream: httpcore iterates it
            extensions=request.extensions,
        )  # fmt: skip
        with _httpx_errors():
            response = await self.pool.handle_async_request(raw)
        assert isinstance(response.stream, _Releasing)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.pool.aclose()
