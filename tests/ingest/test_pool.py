"""The fetcher's connection pool against a keep-alive HTTP/1.1 server on 127.0.0.1: reuse,
limits, expiry, connections the server closes or drops, waiting, cancellation."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest

from monitor.fetch.pool import PoolTransport

pytestmark = pytest.mark.anyio


@dataclass
class KeepAliveServer:
    """Answers ``/ok``, ``/slow?s=SECONDS``, ``/close`` (then closes), ``/hangup`` (keep-alive
    announced, closed right after) and ``/drop`` (closes without answering); counts
    connections and the most requests in progress at once."""

    connections: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    port: int = 0
    _server: asyncio.Server | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while await self._answer(await reader.readuntil(b"\r\n\r\n"), writer):
                pass
        writer.close()

    async def _answer(self, head: bytes, writer: asyncio.StreamWriter) -> bool:
        target = head.split(b" ", 2)[1].decode()
        if target == "/drop":
            return False
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if target.startswith("/slow?s="):
            await asyncio.sleep(float(target.partition("=")[2]))
        self.in_flight -= 1
        closing = target == "/close"
        connection = b"close" if closing else b"keep-alive"
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: %s\r\n\r\nok" % connection
        )
        await writer.drain()
        return not closing and target != "/hangup"


@pytest.fixture
async def server() -> AsyncIterator[KeepAliveServer]:
    running = KeepAliveServer()
    await running.start()
    yield running
    await running.stop()


def client(
    max_connections: int = 4, max_keepalive: int | None = None, expiry: float = 5.0
) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_keepalive,
        keepalive_expiry=expiry,
    )
    transport = PoolTransport(limits)
    http = httpx.AsyncClient(transport=transport, timeout=5.0)
    TRANSPORTS[id(http)] = transport
    return http


TRANSPORTS: dict[int, PoolTransport] = {}
"""Each test client's transport, by the client's id (httpx keeps its transport private)."""


def open_connections(http: httpx.AsyncClient) -> int:
    return TRANSPORTS[id(http)].pool.open_connections


async def test_sequential_requests_share_one_connection(server: KeepAliveServer) -> None:
    async with client() as http:
        for _ in range(20):
            assert (await http.get(server.url("/ok"))).text == "ok"
        assert open_connections(http) == 1
    assert server.connections == 1


async def test_concurrent_requests_never_pass_the_connection_limit(
    server: KeepAliveServer,
) -> None:
    async with client(max_connections=4) as http:
        answers = await asyncio.gather(*(http.get(server.url("/slow?s=0.05")) for _ in range(30)))
        assert open_connections(http) == 4
    assert [a.status_code for a in answers] == [200] * 30
    assert (server.connections, server.most_in_flight) == (4, 4)


async def test_a_connection_the_server_closes_is_not_reused(server: KeepAliveServer) -> None:
    async with client() as http:
        assert (await http.get(server.url("/close"))).text == "ok"
        assert open_connections(http) == 0
        assert (await http.get(server.url("/ok"))).text == "ok"
        assert (await http.get(server.url("/ok"))).text == "ok"
        assert open_connections(http) == 1
    assert server.connections == 2


async def test_an_idle_connection_the_server_hung_up_is_not_used(
    server: KeepAliveServer,
) -> None:
    async with client() as http:
        assert (await http.get(server.url("/hangup"))).text == "ok"
        await asyncio.sleep(0.1)  # the server has closed it; the pool still holds it idle
        assert (await http.get(server.url("/ok"))).text == "ok"
        assert open_connections(http) == 1
    assert server.connections == 2


async def test_a_dropped_connection_fails_its_request_and_frees_the_slot(
    server: KeepAliveServer,
) -> None:
    async with client(max_connections=1) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get(server.url("/drop"))
        assert open_connections(http) == 0
        assert (await http.get(server.url("/ok"))).text == "ok"


async def test_waiting_for_a_free_connection_ends_in_a_pool_timeout(
    server: KeepAliveServer,
) -> None:
    async with client(max_connections=1) as http:
        slow = asyncio.ensure_future(http.get(server.url("/slow?s=0.5")))
        await asyncio.sleep(0.1)
        with pytest.raises(httpx.PoolTimeout):
            await http.get(server.url("/ok"), timeout=httpx.Timeout(5.0, pool=0.1))
        assert (await slow).text == "ok"
        assert (await http.get(server.url("/ok"))).text == "ok"  # waits for the slow one
    assert server.connections == 1


async def test_a_waiting_request_gets_the_connection_freed_first(server: KeepAliveServer) -> None:
    async with client(max_connections=1) as http:
        answers = await asyncio.gather(*(http.get(server.url("/slow?s=0.02")) for _ in range(5)))
    assert [a.text for a in answers] == ["ok"] * 5
    assert (server.connections, server.most_in_flight) == (1, 1)


async def test_idle_connections_beyond_the_keepalive_cap_are_closed(
    server: KeepAliveServer,
) -> None:
    async with client(max_connections=4, max_keepalive=1) as http:
        await asyncio.gather(*(http.get(server.url("/slow?s=0.05")) for _ in range(4)))
        assert open_connections(http) == 1


async def test_an_expired_connection_is_replaced(server: KeepAliveServer) -> None:
    async with client(expiry=0.05) as http:
        await http.get(server.url("/ok"))
        await asyncio.sleep(0.15)
        await http.get(server.url("/ok"))
        assert open_connections(http) == 1
    assert server.connections == 2


async def test_a_full_pool_closes_an_idle_connection_to_another_origin(
    server: KeepAliveServer,
) -> None:
    other = KeepAliveServer()
    await other.start()
    try:
        async with client(max_connections=1) as http:
            assert (await http.get(server.url("/ok"))).text == "ok"
            assert (await http.get(other.url("/ok"))).text == "ok"
            assert (await http.get(server.url("/ok"))).text == "ok"
            assert open_connections(http) == 1
    finally:
        await other.stop()
    assert (server.connections, other.connections) == (2, 1)


async def test_a_cancelled_request_frees_its_connection(server: KeepAliveServer) -> None:
    async with client(max_connections=1) as http:
        slow = asyncio.ensure_future(http.get(server.url("/slow?s=5")))
        await asyncio.sleep(0.1)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        assert open_connections(http) == 0
        answer = await http.get(server.url("/ok"), timeout=httpx.Timeout(5.0, pool=0.5))
        assert answer.text == "ok"
