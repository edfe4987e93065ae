"""Per-host politeness that cannot starve a host (issue 15): two slow URLs of a host hold its
two slots, and another source on the same host still completes; the wait for a slot is bounded
on its own and never reported as the fetch's timeout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from monitor.errors import FetchTimeoutError
from monitor.fetch import Fetcher, FetcherConfig, HostBusyError
from tests.support.httpserver import HTTPTestServer, RecordedRequest, Reply, http_server

__all__ = ["http_server"]

UA = "asean-monitor-test/1.0 (+https://example.invalid/bot)"
RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
HANG = 10.0
"""How long the slow URLs take to answer: far past every deadline below."""

pytestmark = pytest.mark.anyio


class Host:
    """The routes of one host: two URLs that hang, one healthy feed that answers in
    ``healthy_delay`` seconds."""

    def __init__(self, server: HTTPTestServer, healthy_delay: float) -> None:
        self.server = server
        for path in ("/slow-1", "/slow-2"):
            server.route(path, self._counted(HANG))
        server.route("/feed.xml", self._counted(healthy_delay))

    @staticmethod
    def _counted(delay: float) -> Callable[[RecordedRequest], Reply]:
        def handle(_request: RecordedRequest) -> Reply:
            time.sleep(delay)
            return Reply(200, RSS, {"Content-Type": "application/rss+xml"})

        return handle

    def arrived(self, path: str) -> list[float]:
        return [r.at for r in self.server.requests_for(path)]


@pytest.fixture
def host(http_server: HTTPTestServer) -> Host:
    return Host(http_server, healthy_delay=0.4)


async def _until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the slow URLs never reached the server")
        await asyncio.sleep(0.01)


async def test_another_source_on_the_host_completes_while_two_slow_urls_hang(
    host: Host,
) -> None:
    """The healthy feed waits for a slot (about 1.5 s), then has its own 1.5 s to answer in
    0.4 s.  Before: its deadline ran while it waited, so it failed as "timeout"."""
    config = FetcherConfig(
        user_agent=UA,
        allowed_networks=("127.0.0.1/32",),
        read_timeout=HANG * 2,  # only the fetch's own deadline cuts the slow answers
        total_timeout=1.5,
        max_connections_per_host=2,
        slot_timeout=5.0,
    )
    server = host.server
    async with Fetcher(config) as fetcher:
        started = time.monotonic()
        cut: list[float] = []

        async def slow_fetch(path: str) -> BaseException | None:
            try:
                await fetcher.fetch(server.url(path))
            except FetchTimeoutError as exc:
                return exc
            finally:
                cut.append(time.monotonic())
            return None

        slow = [asyncio.create_task(slow_fetch(path)) for path in ("/slow-1", "/slow-2")]
        await _until(lambda: host.arrived("/slow-1") and host.arrived("/slow-2"))
        healthy = await fetcher.fetch(server.url("/feed.xml"))
        outcomes = await asyncio.gather(*slow)
    assert healthy.body == RSS
    assert all(isinstance(o, FetchTimeoutError) for o in outcomes), outcomes
    # A slow answer held its slot no longer than its own deadline …
    assert all(1.3 < t - started < 2.2 for t in cut), [t - started for t in cut]
    # … and the healthy feed was sent only once a slot was free: never three at once.
    [sent] = host.arrived("/feed.xml")
    assert sent >= min(cut), (sent - started, [t - started for t in cut])


async def test_a_fetch_that_cannot_get_a_slot_fails_as_host_busy_within_the_slot_timeout(
    host: Host,
) -> None:
    """Slots held for 3 s, a slot wait bounded at 0.5 s: the third fetch gives up after about
    0.5 s, is never sent, and says the host was busy (before: "timeout" after 3 s)."""
    config = FetcherConfig(
        user_agent=UA,
        allowed_networks=("127.0.0.1/32",),
        read_timeout=HANG * 2,
        total_timeout=3.0,
        max_connections_per_host=2,
        slot_timeout=0.5,
    )
    server = host.server
    async with Fetcher(config) as fetcher:
        slow = [
            asyncio.create_task(fetcher.fetch(server.url(path))) for path in ("/slow-1", "/slow-2")
        ]
        await _until(lambda: host.arrived("/slow-1") and host.arrived("/slow-2"))
        waited = time.monotonic()
        with pytest.raises(HostBusyError) as busy:
            await fetcher.fetch(server.url("/feed.xml"))
        waited = time.monotonic() - waited
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)
    assert busy.value.reason == "host_busy"
    assert "127.0.0.1" in str(busy.value)
    assert 0.4 < waited < 1.5, waited
    assert host.arrived("/feed.xml") == []


async def test_the_slot_timeout_defaults_to_the_fetch_timeout_and_must_be_positive() -> None:
    async with Fetcher(FetcherConfig(user_agent=UA, total_timeout=7.0)) as fetcher:
        assert fetcher._slot_timeout == 7.0
    with pytest.raises(ValueError, match="slot_timeout"):
        FetcherConfig(user_agent=UA, slot_timeout=0)


async def test_a_slot_given_up_on_is_not_lost(host: Host) -> None:
    """Fetches that gave up waiting (host busy) or were cut (deadline) leave every slot free:
    afterwards the host's limit of two is whole."""
    config = FetcherConfig(
        user_agent=UA,
        allowed_networks=("127.0.0.1/32",),
        read_timeout=HANG * 2,
        total_timeout=0.8,
        max_connections_per_host=2,
        slot_timeout=0.2,
    )
    server = host.server
    async with Fetcher(config) as fetcher:
        slow = [
            asyncio.create_task(fetcher.fetch(server.url(path))) for path in ("/slow-1", "/slow-2")
        ]
        await _until(lambda: host.arrived("/slow-1") and host.arrived("/slow-2"))
        waiting = await asyncio.gather(
            *(fetcher.fetch(server.url("/feed.xml")) for _ in range(3)), return_exceptions=True
        )
        assert all(isinstance(w, HostBusyError) for w in waiting), waiting
        await asyncio.gather(*slow, return_exceptions=True)
        both = await asyncio.gather(*(fetcher.fetch(server.url("/feed.xml")) for _ in range(2)))
    assert [b.body for b in both] == [RSS, RSS]
